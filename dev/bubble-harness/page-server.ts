/**
 * Serves the harness page for a real browser, built like a Bubble page: jQuery, then the
 * plugin-wide header and each placed element type's header in <head> (inline <script>s, exactly
 * the dist's headers.html), then the plugin's files and the harness bundle (browser-entry.ts, or a
 * plugin's own entry, bundled with esbuild on first use). Usable standalone (startHarnessServer,
 * optionally with a stand-in API on the same origin) or mounted on another server (harnessRoute),
 * e.g. one that serves the plugin's real back end, so the page and that API share an origin.
 * What a plugin's tests need on the page beyond Bubble's runtime (conditional groups, a script
 * with checks of its own) comes in as a PageSetup: this file knows no plugin.
 *
 * Page URL options: ?elements=<id or name>,…  &theme=light|dark  &keys=<base64url JSON>
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { browserBundle, headersHtml, jquerySourceText, jsonForScript, pluginFilesScript } from './page-assets.js';
import type { HarnessPageConfig } from './page-install.js';
import { DIST_DIR, readPluginFiles, ROOT } from './plugin-folder.js';
import { findElement, loadPluginModel, type PluginFiles, type PluginModel } from './plugin-model.js';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, ctx: { subpath: string; url: URL }) => void | Promise<void>;

/** Per page (in the URL). */
export interface PageOptions {
  /** Element types on the page (their headers go in <head>). Default: all. */
  elements?: string[];
  theme?: 'light' | 'dark';
  keys?: Record<string, string>;
}

/** Per server: what the callers put on every page. */
export interface PageSetup {
  /** The plugin folder (default dist/bubble-plugin). */
  dir?: string;
  files?: PluginFiles;
  /** HTML after the element area (e.g. groups with data-show-when conditions). */
  body?: string;
  /** CSS for that HTML. */
  style?: string;
  /** The page script's entry (default browser-entry.ts: the harness and its RPC, nothing more). */
  entry?: string;
  /** startHarnessServer: requests below this path (e.g. '/api/') go to the handler given to setApi(). */
  apiPrefix?: string;
}

export const DEFAULT_ENTRY = join(ROOT, 'dev', 'bubble-harness', 'browser-entry.ts');

export function encodeKeys(keys: Record<string, string>): string {
  return Buffer.from(JSON.stringify(keys)).toString('base64url');
}

/** The query string for a page with these options. */
export function pageQuery(opts: PageOptions = {}): string {
  const q = new URLSearchParams();
  if (opts.elements) q.set('elements', opts.elements.join(','));
  if (opts.theme) q.set('theme', opts.theme);
  if (opts.keys) q.set('keys', encodeKeys(opts.keys));
  const s = q.toString();
  return s ? `?${s}` : '';
}

const THEMES = {
  light: 'background:#ffffff;color:#111111',
  dark: 'background:#111111;color:#eeeeee',
};

function substituteKeys(html: string, keys: Record<string, string>, model: PluginModel): string {
  // Bubble replaces _*_CAPTION_*_ with the key's value; only client-safe keys reach a page.
  return html.replace(/_\*_(.+?)_\*_/g, (_m, caption: string) =>
    model.keys.some((k) => k.caption === caption && k.type === 'client_safe') ? (keys[caption] ?? '') : '',
  );
}

export function pageHtml(model: PluginModel, url: URL, setup: Pick<PageSetup, 'body' | 'style'> = {}): string {
  const refs = url.searchParams.get('elements')?.split(',').filter(Boolean);
  const elements = refs ? refs.map((r) => findElement(model, r)) : model.elements;
  const theme = url.searchParams.get('theme') === 'dark' ? 'dark' : 'light';
  let keys: Record<string, string> = {};
  const rawKeys = url.searchParams.get('keys');
  if (rawKeys) keys = JSON.parse(Buffer.from(rawKeys, 'base64url').toString('utf8')) as Record<string, string>;
  const config: HarnessPageConfig = { elements: elements.map((e) => e.id), keys };
  const headers = substituteKeys(headersHtml(model, elements), keys, model);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Bubble harness</title>
<link rel="icon" href="./favicon.ico">
<style>
  html, body { margin: 0; font: 14px/1.4 "DejaVu Sans", sans-serif; }
  body { ${THEMES[theme]}; }
  #page { padding: 24px; display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
${setup.style ?? ''}
</style>
<script src="./assets/jquery.js"></script>
${headers}
</head>
<body class="theme-${theme}">
<main id="page"></main>
${setup.body ?? ''}
<script>window.__HARNESS_PAGE__ = ${jsonForScript(config)};</script>
<script src="./assets/plugin-files.js"></script>
<script src="./assets/harness.js"></script>
</body>
</html>
`;
}

/** Paths (below the mount point) the page itself loads. */
export const PAGE_ASSETS = ['/', '/favicon.ico', '/assets/jquery.js', '/assets/plugin-files.js', '/assets/harness.js'];

/** A route handler serving the harness page and its assets (mount it anywhere). */
export async function harnessRoute(setup: PageSetup = {}): Promise<Handler> {
  const files = setup.files ?? readPluginFiles(setup.dir ?? DIST_DIR);
  const model = loadPluginModel(files);
  const pluginFilesJs = pluginFilesScript(files);
  const harnessJs = await browserBundle(setup.entry ?? DEFAULT_ENTRY);
  const send = (res: http.ServerResponse, type: string, body: string | Buffer, status = 200) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  return (_req, res, { subpath, url }) => {
    if (subpath === '/' || subpath === '/index.html') return send(res, 'text/html; charset=utf-8', pageHtml(model, url, setup));
    if (subpath === '/assets/jquery.js') return send(res, 'text/javascript; charset=utf-8', jquerySourceText());
    if (subpath === '/assets/plugin-files.js') return send(res, 'text/javascript; charset=utf-8', pluginFilesJs);
    if (subpath === '/assets/harness.js') return send(res, 'text/javascript; charset=utf-8', harnessJs);
    if (subpath === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    send(res, 'text/plain; charset=utf-8', 'not found', 404);
  };
}

export interface HarnessServer {
  /** Origin, e.g. http://127.0.0.1:41234 (the page is at `${url}/`). */
  url: string;
  pageUrl(opts?: PageOptions): string;
  /** Requests the server saw, in order. */
  log: Array<{ method: string; path: string }>;
  /** Sets (or clears) the handler for the setup's apiPrefix; without one, those requests get a JSON 404. */
  setApi(handler: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | undefined): void;
  close(): Promise<void>;
}

/** A loopback server with the harness page at / and, optionally, a stand-in API below setup.apiPrefix. */
export async function startHarnessServer(setup: PageSetup = {}): Promise<HarnessServer> {
  const page = await harnessRoute(setup);
  let api: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | undefined;
  const log: HarnessServer['log'] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    log.push({ method: req.method ?? 'GET', path: url.pathname + url.search });
    if (setup.apiPrefix && url.pathname.startsWith(setup.apiPrefix)) {
      if (api) return api(req, res);
      res.writeHead(404, { 'content-type': 'application/json', 'access-control-allow-origin': '*' }).end('{"msg":"no API handler"}');
      return;
    }
    void Promise.resolve(page(req, res, { subpath: url.pathname, url })).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(e));
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    pageUrl: (o) => `${base}/${pageQuery(o)}`,
    log,
    setApi: (h) => {
      api = h;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
