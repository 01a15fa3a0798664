import { base64ToBytes, fromBase64Url } from './base64.js';

/** One JSON object part of a compact JWT (0: header, 1: claims), or null. */
function jwtPart(jwt: unknown, index: 0 | 1): Record<string, unknown> | null {
  if (typeof jwt !== 'string') return null;
  const parts = jwt.split('.');
  const part = parts[index];
  if (parts.length !== 3 || !part) return null;
  const bytes = base64ToBytes(fromBase64Url(part));
  if (!bytes) return null;
  try {
    // UTF-8, as JWTs are: an email or name with accents reads as written.
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The claims of a JWT, read without verifying it: for routing decisions only (which project a
 * stored token belongs to, which role a pasted key has), or after the auth server accepted the
 * token; never for trusting what it says on its own.
 */
export function jwtClaims(jwt: unknown): Record<string, unknown> | null {
  return jwtPart(jwt, 1);
}

/** The JOSE header of a JWT (alg, kid, typ), read without verifying it, or null. */
export function jwtHeader(jwt: unknown): Record<string, unknown> | null {
  return jwtPart(jwt, 0);
}

/** One string claim, or null. */
export function stringClaim(jwt: unknown, name: string): string | null {
  const value = jwtClaims(jwt)?.[name];
  return typeof value === 'string' ? value : null;
}
