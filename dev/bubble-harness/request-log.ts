/** Records every request a page makes through its fetch (method, URL, time), before passing it on. */
import type { HarnessWindow, RequestRecord } from './records.js';

export function recordRequests(win: HarnessWindow, requests: RequestRecord[]): void {
  const original = win.fetch;
  if (typeof original !== 'function') return;
  const wrapped = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : (input as Request).url;
    const method = init?.method ?? (typeof input === 'object' && 'method' in input ? (input as Request).method : 'GET');
    requests.push({ method: String(method).toUpperCase(), url: String(url), at: Date.now() });
    return original.call(win, input, init);
  };
  win.fetch = wrapped as typeof fetch;
}
