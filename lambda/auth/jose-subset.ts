/**
 * The part of jose the in-process verifier uses. A module of its own so that token-verifier.ts
 * can load it on the first token (a dynamic import), and the bundle keeps only these exports.
 */
export { createRemoteJWKSet, errors, jwtVerify } from 'jose';
