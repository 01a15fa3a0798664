/**
 * Where a project's Supabase Auth API is and how the plugin names itself there: one place for the
 * browser client, the sign-out request and the server-side admin client.
 */

/** The project's auth API: Supabase serves Auth under /auth/v1. */
export function authApiUrl(url: string): string {
  return `${url}/auth/v1`;
}

/** Who is calling, in the X-Client-Info header of every request the plugin sends. */
export const CLIENT_INFO = 'supabase-mfa-bubble/0.1';
