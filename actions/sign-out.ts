/**
 * Sign out: ends the session here (local), everywhere (global) or on the other devices (others).
 * The element removes this page's session itself, first and without the network; this module
 * asks the server to revoke, with the access token the page held.
 */
import { call } from '../shared/call.js';
import type { SupabaseAuth } from '../shared/client.js';
import { MfaError, setupField } from '../shared/errors.js';
import { fail, ok, type Result } from '../shared/result.js';
import { oneOf } from '../shared/validate.js';

export type SignOutScope = 'local' | 'global' | 'others';

export function signOutScope(value: unknown): Result<SignOutScope> {
  return setupField(oneOf(value, ['local', 'global', 'others'] as const, 'Scope', 'local'));
}

/** The server no longer knows this session or user: nothing is left to revoke (auth-js reports session_not_found as no_session). */
const ALREADY_GONE = new Set(['session_not_found', 'no_session', 'user_not_found']);
/** Also enough for a local sign-out: the token was refused, and this page no longer holds the session. */
const REFUSED_TOKEN = new Set(['bad_jwt', 'session_expired', 'no_authorization']);

/**
 * Revokes on the server: POST /logout?scope=… with the access token the page held, through
 * GoTrueClient's admin.signOut (the one admin method a page's client has, which needs only the
 * user's token; it uses the client's fetch, so the element's request gate). A session the server no longer knows counts as revoked for local and global; a refused token
 * only for local (this page's copy is gone; a global sign-out with it revoked nothing). For others,
 * any failure is reported (the other sessions may be alive). The message says this page is signed
 * out but the server could not confirm it.
 */
export async function revokeSession(auth: SupabaseAuth, accessToken: string, scope: SignOutScope): Promise<Result<{ scope: SignOutScope }>> {
  const res = await call(() => auth.admin.signOut(accessToken, scope));
  if (!res.error) return ok({ scope });
  const gone = ALREADY_GONE.has(res.error.code) || res.error.status === 404;
  // Global must revoke every session: a refused (e.g. expired) token revoked nothing, so say so.
  const refused = REFUSED_TOKEN.has(res.error.code) || res.error.status === 401;
  if (scope === 'local' && (gone || refused)) return ok({ scope });
  if (scope === 'global' && gone) return ok({ scope });
  const what = scope === 'others' ? 'your other devices could not be signed out' : 'the session could not be ended on the server';
  const reason = res.error.code === 'network_error' ? 'Supabase could not be reached' : 'Supabase refused';
  return fail(
    new MfaError(res.error.code, `You are signed out on this device, but ${what} (${reason}). Try signing out again when you are online.`, res.error.status),
  );
}
