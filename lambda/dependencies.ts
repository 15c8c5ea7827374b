/**
 * The production wiring, shared by the three entry points (Lambda, local HTTP, stdio): the real
 * tool catalogue, and one QuantConnect client and credentials provider per process.
 */
import type { RuntimeConfig } from './config';
import { credentialsFrom } from './credentials';
import { createQuantConnectClient } from './quantconnect/client';
import type { ServerDependencies } from './server';
import { TOOLS } from './tools';

function credentialsHint(config: RuntimeConfig): string {
  const source = config.credentials;
  return source.kind === 'environment'
    ? 'in the environment variables QC_USER_ID and QC_API_TOKEN'
    : `in the secrets ${source.userIdSecret} and ${source.apiTokenSecret}`;
}

export function productionDependencies(config: RuntimeConfig): ServerDependencies {
  const credentials = credentialsFrom(config.credentials);
  const client = createQuantConnectClient({
    baseUrl: config.quantConnectBaseUrl,
    credentials,
    credentialsHint: credentialsHint(config),
  });
  return { tools: TOOLS, client, credentials, access: config.access };
}
