/**
 * Where a client that registers itself, or publishes a Client ID Metadata Document, gets the
 * upstream client its sign-ins run under: a Cognito app client in the stack
 * (cognito-app-client-creator.ts), a client registered at the local issuer with `npm start`
 * (issuer-client-registrar.ts). Names are derived from what the client is, so asking twice for
 * the same client gives the same upstream client.
 */
import { createHash } from 'node:crypto';

/** Names of the app clients the function makes: the clean-up lists them by these prefixes. */
export const REGISTERED_CLIENT_PREFIX = 'qc-mcp-dcr-';
export const DOCUMENT_CLIENT_PREFIX = 'qc-mcp-cimd-';
export const MANAGED_CLIENT_PREFIXES: readonly string[] = [REGISTERED_CLIENT_PREFIX, DOCUMENT_CLIENT_PREFIX];

/** The default cap on app clients the function may make, well under Cognito's 1,000 per pool. */
export const DEFAULT_MAX_CLIENTS = 200;

export interface AppClientRequest {
  /** A name derived from the client (`nameFor`): the same client, the same name. */
  readonly clientName: string;
  /** The exact redirect URIs the upstream client accepts. */
  readonly redirectUris: readonly string[];
}

export interface AppClientDirectory {
  /** The upstream client of that name, created with these redirect URIs if there is none yet. */
  ensure(request: AppClientRequest): Promise<{ readonly clientId: string; readonly created: boolean }>;
}

export class ClientCapReached extends Error {
  constructor(readonly maxClients: number) {
    super(`the deployment already has its ${maxClients} registered clients`);
  }
}

/** `prefix` and a digest of `identity`: stable, within Cognito's name characters, nothing of the input shown. */
export function nameFor(prefix: string, identity: string): string {
  return `${prefix}${createHash('sha256').update(identity).digest('hex').slice(0, 32)}`;
}
