/**
 * The admin (service role) client for the server-side actions: the two admin MFA endpoints of
 * Supabase Auth, called with fetch. It runs on Bubble's servers only: the service role key never
 * reaches a browser, a state or a log line.
 *
 * Not auth-js's AuthAdminApi: that class (with the rest of auth-js it pulls in) made each
 * server action's code box ~112 KB for two requests. Answers and failures keep auth-js's shape
 * ({data, error}, AuthApiError / AuthRetryableFetchError), so actions and error mapping are the
 * same as in the browser.
 */
import type { Factor } from '@supabase/supabase-js';
import { CLIENT_INFO } from './auth-api.js';
import { apiKeyHeaders } from './api-keys.js';
import { authRequest, type Answer } from './auth-request.js';
import { apiKey, projectUrl } from './validate.js';
import { mapResult, validated, type Result } from './result.js';

export interface SupabaseAdmin {
  mfa: {
    listFactors(p: { userId: string }): Promise<Answer<{ factors: Factor[] }>>;
    deleteFactor(p: { id: string; userId: string }): Promise<Answer<unknown>>;
  };
}

function adminApi(url: string, key: string, fetchImpl: typeof fetch): SupabaseAdmin {
  const headers = {
    // A new-style key (sb_secret_…) in apikey only: the gateway puts the service_role JWT in front of the server.
    ...apiKeyHeaders(key),
    // Error answers then carry the error code in `code`, as auth-js asks for.
    'X-Supabase-Api-Version': '2024-01-01',
    'X-Client-Info': CLIENT_INFO,
  };
  const request = <T>(method: 'GET' | 'DELETE', path: string, shape: (body: unknown) => T) => authRequest(fetchImpl, url, method, path, headers, shape);
  const user = (id: string) => `/admin/users/${encodeURIComponent(id)}`;
  return {
    mfa: {
      listFactors: ({ userId }) => request('GET', `${user(userId)}/factors`, (body) => ({ factors: Array.isArray(body) ? (body as Factor[]) : [] })),
      deleteFactor: ({ id, userId }) => request('DELETE', `${user(userId)}/factors/${encodeURIComponent(id)}`, (body) => body),
    },
  };
}

export function createAdminClient(raw: { url: unknown; serviceRoleKey: unknown }, fetchImpl: typeof fetch = fetch): Result<SupabaseAdmin> {
  const checked = validated({ url: projectUrl(raw.url), key: apiKey(raw.serviceRoleKey, 'Supabase service role key') });
  return mapResult(checked, ({ url, key }) => adminApi(url, key, fetchImpl));
}
