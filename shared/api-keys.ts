/**
 * How a project API key travels. Legacy keys (anon / service_role) are JWTs and may also ride in
 * `Authorization: Bearer`; new-style keys (`sb_publishable_…`, `sb_secret_…`) are not JWTs:
 * Supabase asks for them in `apikey` only, and its gateway puts the matching role's JWT in front
 * of the auth server. So Bearer carries only JWTs here: a legacy key or a user's access token.
 *
 * A gateway that knows only JWT keys (an older self-hosted one) answers a new-style key with 401
 * and no error code; the page and the admin actions report that as a setup problem that names
 * the cause, instead of "Something went wrong". (Any other key refused that way stays what it
 * was: a wrong key.)
 */
import { jwtClaims } from './jwt-claims.js';
import { MfaError, messageFor } from './errors.js';

/** A key that is a JWT (a legacy anon / service_role key), the only kind sent as a Bearer token. */
export function isJwtKey(key: string): boolean {
  return jwtClaims(key) !== null;
}

/** A new-style key: `sb_publishable_…` or `sb_secret_…`. */
export function isNewStyleKey(key: string): boolean {
  return /^sb_(publishable|secret)_/.test(key);
}

/** The headers that carry a project key on a request made without a user's token. */
export function apiKeyHeaders(key: string): { apikey: string; Authorization?: string } {
  return isJwtKey(key) ? { apikey: key, Authorization: `Bearer ${key}` } : { apikey: key };
}

/** The error code the plugin gives a gateway's refusal of a key that is not a JWT (then reported as a setup problem). */
export const KEY_TYPE_REFUSED = 'api_key_type_not_accepted';
/** The same for a legacy JWT key: the gateway knows the type, so the key is not this project's. */
export const KEY_REFUSED = 'api_key_not_accepted';

/**
 * A 401 that comes from the gateway, not from the auth server: no error code (the auth server
 * names one, `error_code` or `code`) and no `msg` (the shape of an older auth server's errors).
 */
export function isGatewayRefusal(status: number, body: unknown): boolean {
  if (status !== 401) return false;
  if (body === null || typeof body !== 'object') return true;
  const b = body as Record<string, unknown>;
  return typeof b.code !== 'string' && typeof b.error_code !== 'string' && b.msg === undefined;
}

// A gateway answers a wrong key the same way, so the detail names both causes.
const KEY_TYPE_DETAIL =
  'The Supabase API gateway refused the key (HTTP 401, no error code): either the gateway does not accept this key type (sb_publishable_… / sb_secret_… keys need hosted Supabase, a current Supabase CLI or a self-hosted gateway set up for them; else use the legacy anon / service_role JWTs, starting eyJ), or the key is not this project’s: copy it again from Project Settings → API Keys.';

const KEY_DETAIL =
  'The Supabase API gateway refused the anon key (HTTP 401 "Invalid API key"): it is not the key of the project the Supabase URL names, or it was not copied whole. Copy the anon (publishable) key again from Project Settings → API Keys of that project.';

/** What the builder is told for each of our gateway-refusal codes. */
const REFUSAL_DETAILS: Record<string, string> = { [KEY_TYPE_REFUSED]: KEY_TYPE_DETAIL, [KEY_REFUSED]: KEY_DETAIL };

/**
 * The setup problem for an error carrying one of our gateway-refusal codes (the general sentence
 * for users, the cause for the builder), or null for any other code.
 */
export function gatewayRefusal(code: string | undefined, status?: number): MfaError | null {
  const detail = code === undefined ? undefined : REFUSAL_DETAILS[code];
  return detail ? new MfaError('setup_problem', messageFor('setup_problem'), status, detail) : null;
}

/** A gateway's refusal of a new-style key (then a setup problem: gatewayRefusal). */
export function refusesNewStyleKey(key: string, status: number, body: unknown): boolean {
  return isNewStyleKey(key) && isGatewayRefusal(status, body);
}

/**
 * The fetch for a page's auth client: a gateway's refusal of the project key (see
 * isGatewayRefusal) is handed to auth-js as an error with a code of ours, which toMfaError turns
 * into a setup problem that names the cause: KEY_TYPE_REFUSED for a new-style key (the gateway
 * may not know the type), KEY_REFUSED for a JWT key (it is not this project's). Without this,
 * the gateway's code-less answer would reach the user as "Something went wrong". Every other
 * answer passes as it is.
 */
export function keyRefusalAwareFetch(key: string, base?: typeof fetch): typeof fetch {
  const code = isNewStyleKey(key) ? KEY_TYPE_REFUSED : KEY_REFUSED;
  return async (input, init) => {
    // Without a given fetch, the page's at call time (as auth-js itself would).
    const res = await (base ?? globalThis.fetch)(input, init);
    if (res.status !== 401) return res;
    const body: unknown = await res
      .clone()
      .json()
      .catch(() => null);
    if (!isGatewayRefusal(res.status, body)) return res;
    return new Response(JSON.stringify({ error_code: code, msg: 'The API gateway refused the key.' }), {
      status: 401,
      headers: { 'content-type': 'application/json' },
    });
  };
}
