/**
 * One request to a project's auth API with fetch, answered the way auth-js answers ({data, error},
 * AuthApiError / AuthRetryableFetchError), so actions and error mapping are the same as in the
 * browser. Used on Bubble's servers by the admin client and the access-token check, which must
 * not carry auth-js's client (~100 KB) for one or two requests.
 */
import { AuthApiError, AuthRetryableFetchError } from '@supabase/supabase-js';
import { authApiUrl } from './auth-api.js';
import { KEY_TYPE_REFUSED, refusesNewStyleKey } from './api-keys.js';

/**
 * How long a request may take on Bubble's servers: a server-side action that waits on an auth
 * server that never answers would otherwise run until Bubble ends it, with Bubble's own error
 * instead of the action's error_code. Well under a minute, well over any normal answer.
 */
export const SERVER_REQUEST_TIMEOUT_MS = 20_000;

/** A signal that aborts after `ms`, where the runtime has AbortSignal.timeout (Node 17.3+, every Bubble server). */
function timeoutSignal(ms: number): AbortSignal | undefined {
  return typeof AbortSignal !== 'undefined' && typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(ms) : undefined;
}

export type Answer<T> = { data: T; error: null } | { data: null; error: AuthApiError | AuthRetryableFetchError };

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

/** `method path` under the project's /auth/v1, its JSON answer passed through `shape`. */
export async function authRequest<T>(
  fetchImpl: typeof fetch,
  url: string,
  method: 'GET' | 'DELETE',
  path: string,
  headers: Record<string, string>,
  shape: (body: unknown) => T,
  timeoutMs: number = SERVER_REQUEST_TIMEOUT_MS,
): Promise<Answer<T>> {
  let res: Response;
  let text: string;
  const signal = timeoutSignal(timeoutMs);
  try {
    res = await fetchImpl(`${authApiUrl(url)}${path}`, { method, headers, ...(signal ? { signal } : {}) });
    text = await res.text();
  } catch (e) {
    // DNS, refused connection, reset, no answer in time: as auth-js reports it (status 0),
    // whatever realm the thrown error comes from.
    const message = signal?.aborted
      ? `no answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}`
      : e instanceof Error
        ? e.message
        : String(e);
    return { data: null, error: new AuthRetryableFetchError(message, 0) };
  }
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (res.ok) return { data: shape(body), error: null };
  const message = messageOf(body, res.status);
  // An old gateway's code-less 401 for an sb_ key: say so instead of a generic failure.
  if (refusesNewStyleKey(headers.apikey ?? '', res.status, body)) return { data: null, error: new AuthApiError(message, res.status, KEY_TYPE_REFUSED) };
  if (RETRYABLE.has(res.status)) return { data: null, error: new AuthRetryableFetchError(message, res.status) };
  return { data: null, error: new AuthApiError(message, res.status, codeOf(body)) };
}
