/**
 * The auth server's answer about one access token: GET /auth/v1/user with the user's token as the
 * bearer and the project's public key as `apikey`. It runs on Bubble's servers (the access-token
 * check): the server checks the signature, the expiry, that the session was not signed out and
 * that the user exists and is not banned, which no reading of the token can.
 *
 * The public key goes in `apikey` only: new-style keys (`sb_publishable_…`) are not JWTs, and the
 * Authorization header carries the user's JWT whatever the key's style.
 */
import type { User } from '@supabase/supabase-js';
import { CLIENT_INFO } from './auth-api.js';
import { authRequest, type Answer } from './auth-request.js';
import { projectUrl, publicApiKey } from './validate.js';
import { mapResult, validated, type Result } from './result.js';

export interface SupabaseUserApi {
  getUser(accessToken: string): Promise<Answer<User>>;
}

export function createUserApi(raw: { url: unknown; publicKey: unknown }, fetchImpl: typeof fetch = fetch): Result<SupabaseUserApi> {
  const checked = validated({ url: projectUrl(raw.url), key: publicApiKey(raw.publicKey) });
  return mapResult(checked, ({ url, key }) => ({
    getUser: (accessToken: string) =>
      authRequest(
        fetchImpl,
        url,
        'GET',
        '/user',
        {
          apikey: key,
          Authorization: `Bearer ${accessToken}`,
          // Error answers then carry the error code in `code`, as auth-js asks for.
          'X-Supabase-Api-Version': '2024-01-01',
          'X-Client-Info': CLIENT_INFO,
        },
        (body) => body as User,
      ),
  }));
}
