/**
 * Sign out: ends the session here (local), everywhere (global) or on the other devices (others).
 * The element removes this page's session itself, first and without the network; this module
 * asks the server to revoke, with the access token the page held.
 */
import { authApiUrl, CLIENT_INFO } from '../shared/auth-api.js';
import { MfaError, messageFor, setupField } from '../shared/errors.js';
import { fail, ok, type Result } from '../shared/result.js';
import { oneOf } from '../shared/validate.js';

export type SignOutScope = 'local' | 'global' | 'others';

export function signOutScope(value: unknown): Result<SignOutScope> {
  return setupField(oneOf(value, ['local', 'global', 'others'] as const, 'Scope', 'local'));
}

/** The server no longer knows this session or user: nothing is left to revoke. */
const ALREADY_GONE = new Set(['session_not_found', 'user_not_found']);
/** Also enough for a local sign-out: the token was refused, and this page no longer holds the session. */
const REFUSED_TOKEN = new Set(['bad_jwt', 'session_expired', 'no_authorization']);

/** Where and how to reach the project's logout endpoint (the page's own fetch, the anon key). */
export interface LogoutEndpoint {
  url: string;
  anonKey: string;
  fetch: typeof fetch;
}

/** POST /auth/v1/logout?scope=… with the session's access token, as a Result. */
async function logout(endpoint: LogoutEndpoint, accessToken: string, scope: SignOutScope): Promise<Result<null>> {
  let res: Response;
  try {
    res = await endpoint.fetch(`${authApiUrl(endpoint.url)}/logout?scope=${scope}`, {
      method: 'POST',
      headers: { apikey: endpoint.anonKey, Authorization: `Bearer ${accessToken}`, 'X-Client-Info': CLIENT_INFO },
    });
  } catch {
    return fail(new MfaError('network_error', messageFor('network_error')));
  }
  if (res.ok) return ok(null);
  if (res.status >= 500) return fail(new MfaError('network_error', messageFor('network_error'), res.status));
  let code = 'unexpected_error';
  try {
    const body = (await res.json()) as { error_code?: unknown; code?: unknown };
    if (typeof body.error_code === 'string') code = body.error_code;
  } catch {
    // no JSON body: keep the status only
  }
  return fail(new MfaError(code, messageFor(code), res.status));
}

/**
 * Revokes on the server. (The page has no admin API: the request goes to the endpoint itself.)
 * A session the server no longer knows counts as revoked for local and global; a refused token
 * only for local (this page's copy is gone; a global sign-out with it revoked nothing). For others,
 * any failure is reported (the other sessions may be alive). The message says this page is signed
 * out but the server could not confirm it.
 */
export async function revokeSession(endpoint: LogoutEndpoint, accessToken: string, scope: SignOutScope): Promise<Result<{ scope: SignOutScope }>> {
  const res = await logout(endpoint, accessToken, scope);
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
