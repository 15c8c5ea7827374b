/**
 * Removes the request's credentials from any text QuantConnect sends back before that text is
 * quoted in an error (which reaches the agent and may reach a log). QuantConnect has echoed the
 * signature it rejected; a proxy or error page may echo the whole Authorization header. The
 * value is removed in every form it can take: the Basic value (base64 of `userId:hash`, padded
 * or not, base64url too) and the hash as hex in any case or as base64 of its bytes.
 */
const REDACTED = '[redacted]';

/** Credential-shaped text, whoever's: a `Hash: …` field, a 64-digit hex digest, a Basic value. */
const GENERIC_PATTERNS: readonly [RegExp, string][] = [
  [/(hash\s*[:=]\s*)[^\s;,"']+/gi, `$1${REDACTED}`],
  [/(basic\s+)[A-Za-z0-9+/_-]{8,}={0,2}/gi, `$1${REDACTED}`],
  [/\b[0-9a-f]{64}\b/gi, REDACTED],
];

/** A function that cleans text of the credentials carried by this Authorization header value. */
export function credentialRedactor(authorization: string): (text: string) => string {
  const basic = authorization.replace(/^basic\s+/i, '').trim();
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  const hash = decoded.slice(decoded.indexOf(':') + 1);
  const digest = /^[0-9a-f]{64}$/i.test(hash) ? Buffer.from(hash, 'hex') : undefined;
  const forms = [
    basic,
    Buffer.from(basic, 'base64').toString('base64url'),
    hash,
    ...(digest ? [digest.toString('base64'), digest.toString('base64url')] : []),
  ]
    .map((form) => form.replace(/=+$/, ''))
    // Shorter strings could be ordinary words; every real form here is far longer.
    .filter((form) => form.length >= 16);
  const exact = forms.length > 0 ? new RegExp(forms.map(escapeRegExp).join('|'), 'gi') : undefined;
  return (text) => redactGeneric(exact ? text.replace(exact, REDACTED) : text);
}

/** Cleans credential-shaped text whose exact value is not known. */
function redactGeneric(text: string): string {
  return GENERIC_PATTERNS.reduce((cleaned, [pattern, replacement]) => cleaned.replace(pattern, replacement), text);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
