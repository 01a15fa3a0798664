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
import { AuthApiError, AuthRetryableFetchError, type Factor } from '@supabase/supabase-js';
import { authApiUrl, CLIENT_INFO } from './auth-api.js';
import { apiKeyHeaders, KEY_TYPE_REFUSED, refusesNewStyleKey } from './api-keys.js';
import { apiKey, projectUrl } from './validate.js';
import { mapResult, validated, type Result } from './result.js';

type Answer<T> = { data: T; error: null } | { data: null; error: AuthApiError | AuthRetryableFetchError };

export interface SupabaseAdmin {
  mfa: {
    listFactors(p: { userId: string }): Promise<Answer<{ factors: Factor[] }>>;
    deleteFactor(p: { id: string; userId: string }): Promise<Answer<unknown>>;
  };
}

/** Gateway and Cloudflare failures: auth-js reports these as retryable network errors. */
const RETRYABLE = new Set([500, 501, 502, 503, 504, 520, 521, 522, 523, 524, 525, 526, 527, 528, 529, 530]);

function messageOf(body: unknown, status: number): string {
  if (body && typeof body === 'object') {
    for (const k of ['msg', 'message', 'error_description', 'error']) {
      const v = (body as Record<string, unknown>)[k];
      if (typeof v === 'string') return v;
    }
  }
  return `HTTP ${status}`;
}

function codeOf(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  return typeof b.code === 'string' ? b.code : typeof b.error_code === 'string' ? b.error_code : undefined;
}

function adminApi(url: string, key: string, fetchImpl: typeof fetch): SupabaseAdmin {
  const headers = {
    // A new-style key (sb_secret_…) in apikey only: the gateway puts the service_role JWT in front of the server.
    ...apiKeyHeaders(key),
    // Error answers then carry the error code in `code`, as auth-js asks for.
    'X-Supabase-Api-Version': '2024-01-01',
    'X-Client-Info': CLIENT_INFO,
  };
  async function request<T>(method: 'GET' | 'DELETE', path: string, shape: (body: unknown) => T): Promise<Answer<T>> {
    let res: Response;
    let text: string;
    try {
      res = await fetchImpl(`${authApiUrl(url)}${path}`, { method, headers });
      text = await res.text();
    } catch (e) {
      // DNS, refused connection, reset: as auth-js reports it (status 0), whatever realm the
      // thrown error comes from.
      return { data: null, error: new AuthRetryableFetchError(e instanceof Error ? e.message : String(e), 0) };
    }
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    if (res.ok) return { data: shape(body), error: null };
    if (refusesNewStyleKey(key, res.status, body)) return { data: null, error: new AuthApiError(messageOf(body, res.status), res.status, KEY_TYPE_REFUSED) };
    const message = messageOf(body, res.status);
    if (RETRYABLE.has(res.status)) return { data: null, error: new AuthRetryableFetchError(message, res.status) };
    return { data: null, error: new AuthApiError(message, res.status, codeOf(body)) };
  }
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
