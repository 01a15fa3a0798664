/**
 * In the page: a window.fetch that records each request with the client that made it, told apart
 * by X-Client-Info (the plugin's supabase-mfa-bubble/… from supabase-js's supabase-js-web/…).
 * Installed by entry.ts, which the page server puts first in <head>, before any runtime.
 */
export interface FetchLog {
  entries: string[];
  /** Requests sent and not yet answered (or failed). */
  pending: number;
}

export function installFetchLog(win: Window): FetchLog {
  const log: FetchLog = { entries: [], pending: 0 };
  const original = win.fetch.bind(win);
  win.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const client = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)).get('x-client-info') ?? '?';
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    log.entries.push(`${init?.method ?? 'GET'} ${url} [${client}]`);
    log.pending++;
    return original(input, init).finally(() => {
      log.pending--;
    });
  };
  return log;
}
