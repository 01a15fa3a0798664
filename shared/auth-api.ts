/**
 * Where a project's Supabase Auth API is and how the plugin names itself there: one place for the
 * browser client, the sign-out request and the server-side admin client; and which issuer the
 * server names in its tokens.
 */

/** The project's auth API: Supabase serves Auth under /auth/v1. */
export function authApiUrl(url: string): string {
  return `${url}/auth/v1`;
}

/** Who is calling, in the X-Client-Info header of every request the plugin sends. */
export const CLIENT_INFO = 'supabase-mfa-bubble/0.1';

/**
 * The issuer the project's auth server names in its tokens, from its OpenID discovery document
 * (GET /auth/v1/.well-known/openid-configuration, with the public key only). Behind a custom
 * domain it is not the address the app uses: Supabase keeps the project's own address. Null when
 * the server cannot be asked or answers anything but an http(s) address.
 */
export async function advertisedIssuer(url: string, anonKey: string, fetchImpl: typeof fetch): Promise<string | null> {
  try {
    const res = await fetchImpl(`${authApiUrl(url)}/.well-known/openid-configuration`, { headers: { apikey: anonKey, 'X-Client-Info': CLIENT_INFO } });
    if (!res.ok) return null;
    const issuer = ((await res.json()) as { issuer?: unknown }).issuer;
    return typeof issuer === 'string' && /^https?:\/\/[^\s/]+(\/\S*)?$/.test(issuer) ? issuer : null;
  } catch {
    return null;
  }
}
