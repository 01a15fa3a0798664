/** Server-side action boxes evaluated in a bare node:vm context, with only the globals given. Node only. */
import vm from 'node:vm';
import type { KeyValues } from './keys.js';
import type { PluginModel } from './plugin-model.js';
import type { Violation } from './records.js';
import type { ServerActionHost } from './server-action.js';

/**
 * Evaluates a server-side action box the way Bubble's Node runtime would, but in a fresh
 * node:vm context holding ONLY `globals` (plus the language built-ins), so a box that needs
 * `require` or another Node global fails here.
 */
export function vmEvaluator(globals: Record<string, unknown>): (text: string) => (...args: unknown[]) => unknown {
  return (text) => {
    const context = vm.createContext({ ...globals });
    return vm.runInContext(`(${text}\n)`, context, { filename: 'server.js' }) as (...args: unknown[]) => unknown;
  };
}

/** Node 18's globals a server box might use; the tests find which of them it really needs. */
export const NODE_SERVER_GLOBALS: Record<string, unknown> = {
  fetch,
  Headers,
  Request,
  Response,
  URL,
  URLSearchParams,
  AbortController,
  AbortSignal,
  TextEncoder,
  TextDecoder,
  setTimeout,
  clearTimeout,
  setInterval,
  clearInterval,
  queueMicrotask,
  console,
  Buffer,
  atob,
  btoa,
  crypto: globalThis.crypto,
  structuredClone,
  process,
};

/** One request a server box sent through its fetch (headers included: the test reads where each key went). */
export interface SentRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
}

/** `inner` (default: Node's fetch), recording each request in `sent` before passing it on. */
export function recordingFetch(sent: SentRequest[], inner: typeof fetch = fetch): typeof fetch {
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => {
      headers[name] = value;
    });
    sent.push({ method: (init?.method ?? 'GET').toUpperCase(), url, headers });
    return inner(input, init);
  };
}

/**
 * Server-side actions outside any page (a test, the bench, the playground's back end): each box
 * evaluated in a bare vm holding only `globals`, its fetch recorded in `sent`, violations collected
 * in `violations` instead of failing a page.
 */
export function serverActionHost(
  model: PluginModel,
  keys: KeyValues,
  globals: Record<string, unknown>,
): ServerActionHost & { sent: SentRequest[]; violations: Violation[] } {
  const sent: SentRequest[] = [];
  const violations: Violation[] = [];
  const baseFetch = typeof globals.fetch === 'function' ? (globals.fetch as typeof fetch) : undefined;
  const evaluate = vmEvaluator(baseFetch ? { ...globals, fetch: recordingFetch(sent, baseFetch) } : globals);
  return {
    model,
    keys,
    sent,
    violations,
    violate: (kind, where, detail) => violations.push({ kind, where, detail }),
    fn: (text) => evaluate(text),
  };
}
