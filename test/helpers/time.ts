/**
 * Waiting for time to pass on purpose, not for something to happen: a token must have expired, a
 * server's resend limit must have lapsed. Each wait ends at a moment computed from what the
 * server issued or answered (a token's `exp`, when a challenge was answered), read off the clock,
 * never after a constant.
 */
import { decodeJwtPayload } from '../../dev/testbed/index.js';

/** Resolves once the wall clock is past `epochMs` (milliseconds since 1970). */
export async function untilClockPasses(epochMs: number): Promise<void> {
  // A timer may fire a millisecond early by the wall clock: the clock itself decides.
  while (Date.now() <= epochMs) await new Promise((r) => setTimeout(r, epochMs - Date.now() + 1));
}

/**
 * Resolves once `jwt` has expired by the clock the auth server also reads (same machine): its
 * `exp` (whole seconds) is in the past. The server refuses a token from its `exp` on (no leeway).
 */
export async function untilTokenExpired(jwt: string): Promise<void> {
  const exp = decodeJwtPayload(jwt).exp;
  if (typeof exp !== 'number') throw new TypeError('test error: the token has no exp claim');
  await untilClockPasses(exp * 1000);
}
