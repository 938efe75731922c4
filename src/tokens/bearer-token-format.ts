import { randomBytes } from 'node:crypto';

/**
 * SCIM bearer tokens read `strada_scim_<tokenId>_<secret>`: a fixed prefix
 * that secret scanners can match, a 24-hex-digit token id (the row key) and
 * 32 random bytes of secret in base64url (43 characters).
 */
export const TOKEN_PREFIX = 'strada_scim_';
const TOKEN_PATTERN = /^strada_scim_([0-9a-f]{24})_([A-Za-z0-9_-]{43})$/;
const SECRET_BYTES = 32;

export interface ParsedBearerToken {
  tokenId: string;
  secret: string;
}

export function generateBearerToken(): ParsedBearerToken & { token: string } {
  const tokenId = randomBytes(12).toString('hex');
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  return { tokenId, secret, token: `${TOKEN_PREFIX}${tokenId}_${secret}` };
}

/** Splits a bearer token into id and secret, or returns null when it is not in the token format. */
export function parseBearerToken(token: string): ParsedBearerToken | null {
  const match = TOKEN_PATTERN.exec(token);
  return match === null ? null : { tokenId: match[1], secret: match[2] };
}

export function lastFourOf(token: string): string {
  return token.slice(-4);
}
