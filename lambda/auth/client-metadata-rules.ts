/**
 * What client-metadata-document.ts and document-download.ts share, kept apart so that importing
 * it loads no network module: the refusal and the size limit.
 */

/** Why a client id URL or its metadata document is refused. */
export class InvalidClientMetadataDocument extends Error {}

/** What the draft advises an authorization server to accept at most. */
export const MAX_DOCUMENT_BYTES = 5 * 1024;
