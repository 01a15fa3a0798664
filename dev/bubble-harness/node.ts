/**
 * Node glue for the harness: reads dist/bubble-plugin/ from disk, makes a jsdom page with
 * jQuery (a Bubble page always has it), gives the page Node's fetch (wrapped by the harness to
 * count requests), and evaluates server-side action boxes in a fresh node:vm context.
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'node:test';
import vm from 'node:vm';
import { JSDOM, VirtualConsole } from 'jsdom';
import { BubbleHarness, type HarnessOptions, type HarnessWindow } from './harness.js';
import { loadPluginModel, type PluginFiles, type PluginModel } from './plugin-model.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The built plugin the tests load; BUBBLE_PLUGIN_DIR points them at another build (e.g. a patched copy). */
export const DIST_DIR = process.env.BUBBLE_PLUGIN_DIR ? resolve(process.env.BUBBLE_PLUGIN_DIR) : join(ROOT, 'dist', 'bubble-plugin');

/** Every file of a plugin folder, by path relative to it. */
export function readPluginFiles(dir = DIST_DIR): PluginFiles {
  if (!existsSync(join(dir, 'meta_data.json'))) {
    throw new Error(`${relative(ROOT, dir) || dir} has no built plugin: run \`npm run build\` first`);
  }
  const files: PluginFiles = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[relative(dir, full).split('\\').join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return files;
}

let cachedModel: { dir: string; model: PluginModel } | undefined;
export function distModel(dir = DIST_DIR): PluginModel {
  if (cachedModel?.dir !== dir) cachedModel = { dir, model: loadPluginModel(readPluginFiles(dir)) };
  return cachedModel.model;
}

const require = createRequire(import.meta.url);
let jquerySource: string | undefined;
/** jQuery's browser build (the one Bubble pages load), as text. */
export function jquerySourceText(): string {
  if (!jquerySource) {
    const main = require.resolve('jquery');
    const dir = main.slice(0, main.lastIndexOf('/dist/') + 6);
    jquerySource = readFileSync(join(dir, 'jquery.min.js'), 'utf8');
  }
  return jquerySource;
}

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
  // What a browser page has and jsdom lacks (auth-js uses fetch; TextEncoder & co. are there).
  const f = opts.fetch ?? fetch;
  (win as unknown as Record<string, unknown>).fetch = (input: RequestInfo | URL, init?: RequestInit) => f(input, init);
  for (const name of ['Request', 'Response', 'FormData'] as const) {
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
      // Stops the page's timers (auth-js's auto-refresh ticker) so the test process can exit.
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
