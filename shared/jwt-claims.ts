/**
 * The claims of a JWT, read without verifying it: for routing decisions only (which project a
 * stored token belongs to, which role a pasted key has), never for trusting what it says.
 */
export function jwtClaims(jwt: unknown): Record<string, unknown> | null {
  if (typeof jwt !== 'string') return null;
  const parts = jwt.split('.');
  const payload = parts[1];
  if (parts.length !== 3 || !payload) return null;
  try {
    const json = atob(
      payload
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(payload.length / 4) * 4, '='),
    );
    const claims: unknown = JSON.parse(json);
    return claims !== null && typeof claims === 'object' ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** One string claim, or null. */
export function stringClaim(jwt: unknown, name: string): string | null {
  const value = jwtClaims(jwt)?.[name];
  return typeof value === 'string' ? value : null;
}
