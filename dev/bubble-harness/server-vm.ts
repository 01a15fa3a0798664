/** Server-side action boxes evaluated in a bare node:vm context, with only the globals given. Node only. */
import vm from 'node:vm';

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
