import { base64ToBytes, fromBase64Url } from './base64.js';

/**
 * The claims of a JWT, read without verifying it: for routing decisions only (which project a
 * stored token belongs to, which role a pasted key has), never for trusting what it says.
 */
export function jwtClaims(jwt: unknown): Record<string, unknown> | null {
  if (typeof jwt !== 'string') return null;
  const parts = jwt.split('.');
  const payload = parts[1];
  if (parts.length !== 3 || !payload) return null;
  const bytes = base64ToBytes(fromBase64Url(payload));
  if (!bytes) return null;
  try {
    // UTF-8, as JWTs are: an email or name with accents reads as written.
    const claims: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return claims !== null && typeof claims === 'object' && !Array.isArray(claims) ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** One string claim, or null. */
export function stringClaim(jwt: unknown, name: string): string | null {
  const value = jwtClaims(jwt)?.[name];
  return typeof value === 'string' ? value : null;
}
