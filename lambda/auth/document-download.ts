/**
 * Fetches a Client ID Metadata Document under the network rules of client-metadata-document.ts:
 * https, at most 5 KB, a time limit, no redirect, and never from a private, link-local or (unless
 * a test allows it) loopback address, checked on the addresses actually connected to, so DNS
 * cannot swap them after the check. Loaded on first use only (see client-metadata-document.ts).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request, type Agent } from 'node:https';
import { BlockList, isIP } from 'node:net';
import { InvalidClientMetadataDocument, MAX_DOCUMENT_BYTES } from './client-metadata-rules';

export interface DownloadOptions {
  readonly allowLoopback?: boolean;
  readonly timeoutMs?: number;
  readonly agent?: Agent;
}

const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  // IPv4-mapped addresses: a way around every IPv4 range above, and of no use to a real client.
  ['::ffff:0:0', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv6');
}
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** Whether the function may connect to `address` for a document. */
function reachable(address: string, allowLoopback: boolean): boolean {
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  if (LOOPBACK.check(address, family)) return allowLoopback;
  return !PRIVATE.check(address, family);
}

/** The address check happens on the addresses actually connected to, so DNS cannot swap them after it. */
function guardedLookup(allowLoopback: boolean) {
  return (
    hostname: string,
    options: object,
    callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      if (addresses.length === 0 || addresses.some(({ address }) => !reachable(address, allowLoopback))) {
        return callback(new InvalidClientMetadataDocument('the client_id host resolves to a private address'), []);
      }
      if ((options as { all?: boolean }).all) return callback(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

export function download(url: URL, options: DownloadOptions): Promise<string> {
  const allowLoopback = options.allowLoopback ?? false;
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) !== 0 && !reachable(literal, allowLoopback)) {
    return Promise.reject(new InvalidClientMetadataDocument('the client_id host is a private address'));
  }
  const timeoutMs = options.timeoutMs ?? 3000;
  return new Promise<string>((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: 'GET',
        headers: { accept: 'application/json' },
        lookup: guardedLookup(allowLoopback),
        agent: options.agent,
        timeout: timeoutMs,
      },
      (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          // A redirect is refused too: the document must be where its client_id says.
          return reject(new InvalidClientMetadataDocument(`the client_id URL answered ${response.statusCode}`));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_DOCUMENT_BYTES) {
            response.destroy();
            return reject(new InvalidClientMetadataDocument(`the document is over ${MAX_DOCUMENT_BYTES} bytes`));
          }
          chunks.push(chunk);
        });
        response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        response.on('error', reject);
      },
    );
    const timedOut = () => outgoing.destroy(new InvalidClientMetadataDocument('the client_id URL timed out'));
    // The socket's timeout is per silence; this one bounds the whole download (a server sending a byte now and then).
    const deadline = setTimeout(timedOut, timeoutMs);
    outgoing.on('close', () => clearTimeout(deadline));
    outgoing.on('timeout', timedOut);
    outgoing.on('error', (error) =>
      reject(
        error instanceof InvalidClientMetadataDocument
          ? error
          : new InvalidClientMetadataDocument('the client_id URL could not be fetched'),
      ),
    );
    outgoing.end();
  });
}
