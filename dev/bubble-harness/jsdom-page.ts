/**
 * The harness in a jsdom page (Node): a page with jQuery (a Bubble page always has it) and Node's
 * fetch (wrapped by the harness to count requests), the harness over it, and a per-test factory
 * that fails the test on any violation.
 */
import { afterEach } from 'node:test';
import { JSDOM, VirtualConsole } from 'jsdom';
import { BubbleHarness, type HarnessOptions, type HarnessWindow } from './harness.js';
import { jquerySourceText } from './jquery.js';
import { distModel } from './plugin-folder.js';
import { loadPluginModel, type PluginFiles } from './plugin-model.js';

export interface JsdomHarnessOptions extends Partial<Omit<HarnessOptions, 'window' | 'model'>> {
  /** A plugin folder other than dist/bubble-plugin (e.g. a tampered copy). */
  dir?: string;
  files?: PluginFiles;
  /** Page URL (origin of localStorage). */
  url?: string;
  /** localStorage entries to set before anything loads (e.g. a stored session). */
  storage?: Record<string, string>;
  /** The page's fetch (default: Node's). */
  fetch?: typeof fetch;
  /** Extra HTML in <body> (e.g. a data-show-when group). */
  body?: string;
}

export interface JsdomHarness {
  harness: BubbleHarness;
  window: HarnessWindow;
  dom: JSDOM;
  /** Errors jsdom reported (uncaught exceptions in the page). */
  pageErrors: string[];
  close(): void;
}

export function createJsdomHarness(opts: JsdomHarnessOptions = {}): JsdomHarness {
  const pageErrors: string[] = [];
  const virtualConsole = new VirtualConsole();
  virtualConsole.on('jsdomError', (e: Error) =>
    pageErrors.push(`${e.message}${(e as { detail?: unknown }).detail ? ` ${String((e as { detail?: unknown }).detail)}` : ''}`),
  );
  const dom = new JSDOM(`<!doctype html><html><head><meta charset="utf-8"></head><body>${opts.body ?? ''}</body></html>`, {
    runScripts: 'outside-only',
    url: opts.url ?? 'http://localhost:8080/',
    pretendToBeVisual: true,
    virtualConsole,
  });
  const win = dom.window as unknown as HarnessWindow;
  // What a browser page has and jsdom lacks (plugins call fetch; TextEncoder & co. are there).
  const f = opts.fetch ?? fetch;
  (win as unknown as Record<string, unknown>).fetch = (input: RequestInfo | URL, init?: RequestInit) => f(input, init);
  for (const name of ['Request', 'Response', 'FormData', 'ReadableStream', 'DecompressionStream'] as const) {
    if (!(name in win)) (win as unknown as Record<string, unknown>)[name] = globalThis[name];
  }
  for (const [k, v] of Object.entries(opts.storage ?? {})) win.localStorage.setItem(k, v);
  win.eval(jquerySourceText());
  const model = opts.files ? loadPluginModel(opts.files) : distModel(opts.dir);
  const harness = new BubbleHarness({ ...opts, model, window: win });
  for (const e of pageErrors) harness.violate('uncaught', 'page', e);
  virtualConsole.on('jsdomError', (e: Error) => harness.violate('uncaught', 'page', e.message));
  let closed = false;
  return {
    harness,
    window: win,
    dom,
    pageErrors,
    close() {
      if (closed) return;
      closed = true;
      // Stops the page's timers (e.g. a client library's session refresh) so the test process can exit.
      dom.window.close();
    },
  };
}

/**
 * For node:test files: returns a factory of jsdom harnesses; after each test every harness it
 * made is asserted clean (assertClean: the test fails on any violation) and closed.
 */
export function cleanHarnessPerTest(): (opts?: JsdomHarnessOptions) => JsdomHarness {
  const open: JsdomHarness[] = [];
  afterEach(() => {
    const made = open.splice(0);
    try {
      for (const h of made) h.harness.assertClean();
    } finally {
      for (const h of made) h.close();
    }
  });
  return (opts = {}) => {
    const h = createJsdomHarness(opts);
    open.push(h);
    return h;
  };
}
