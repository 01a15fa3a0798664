/**
 * Where a project's Supabase Auth API is and how the plugin names itself there: one place for the
 * browser client, the sign-out request and the server-side admin client; and which issuer the
 * server names in its tokens.
 */
import type { User } from '@supabase/supabase-js';

/** The project's auth API: Supabase serves Auth under /auth/v1. */
export function authApiUrl(url: string): string {
  return `${url}/auth/v1`;
}

/** Who is calling, in the X-Client-Info header of every request the plugin sends. */
export const CLIENT_INFO = 'supabase-mfa-bubble/0.1';

/**
 * The issuer the project's auth server names in its tokens, from its OpenID discovery document
 * (GET /auth/v1/.well-known/openid-configuration, with the public key only). Behind a custom
 * domain it is not the address the app uses: Supabase keeps the project's own address. An empty
 * string when the server names none: a self-hosted server started without GOTRUE_JWT_ISSUER (as
 * Supabase's docker compose does) answers `"issuer": ""` and issues tokens with no `iss`. Null
 * when the server cannot be asked or answers anything else.
 */
export async function advertisedIssuer(url: string, anonKey: string, fetchImpl: typeof fetch): Promise<string | null> {
  try {
    const res = await fetchImpl(`${authApiUrl(url)}/.well-known/openid-configuration`, { headers: { apikey: anonKey, 'X-Client-Info': CLIENT_INFO } });
    if (!res.ok) return null;
    const issuer = ((await res.json()) as { issuer?: unknown }).issuer;
    if (issuer === '') return '';
    return typeof issuer === 'string' && /^https?:\/\/[^\s/]+(\/\S*)?$/.test(issuer) ? issuer : null;
  } catch {
    return null;
  }
}

/** What the server says about an access token: its user's id, gone (the session or user is no more), or null (it could not be asked). */
export type TokenVerdict = { user: User } | 'gone' | null;

/**
 * Asks the project's auth server about an access token (GET /auth/v1/user with it): for a stored
 * token the page cannot match to the project by its issuer. Only ever sent to the configured
 * project's own address.
 */
export async function askAboutToken(url: string, anonKey: string, token: string, fetchImpl: typeof fetch): Promise<TokenVerdict> {
  try {
    const res = await fetchImpl(`${authApiUrl(url)}/user`, { headers: { apikey: anonKey, Authorization: `Bearer ${token}`, 'X-Client-Info': CLIENT_INFO } });
    if (res.status === 401 || res.status === 403 || res.status === 404) return 'gone';
    if (!res.ok) return null;
    const user = (await res.json()) as User | null;
    return user && typeof user.id === 'string' && user.id ? { user } : null;
  } catch {
    return null;
  }
}
