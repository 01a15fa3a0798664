// A loopback stand-in for Supabase's API gateway: `/auth/v1/*` is forwarded to the auth server (which
// serves its routes at its root), CORS preflights are answered the way a project answers them
// (apikey allowed), the `apikey` header can be checked, new-style API keys can be translated into
// role JWTs the way the Supabase CLI's gateway does, and test pages / handlers can be mounted on
// the same origin with `route(prefix, handler)`.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { LOOPBACK, listenOnLoopback } from './free-port.js';
import { stderrLogger, type Logger } from './paths.js';

export type RouteHandler = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  ctx: { /** The path below the route prefix, always starting with '/'. */ subpath: string; url: URL },
) => void | Promise<void>;

/** What the gateway does with /auth/v1 requests while the upstream is unreachable or failure is simulated. */
export type FailureMode =
  /** 502 with a JSON body, like Supabase's gateway when the auth service is down (auth-js: AuthRetryableFetchError 502). */
  | 'bad-gateway'
  /** Destroy the connection without an answer: the client's fetch rejects (a network error, status 0). */
  | 'reset';

/**
 * Sees each /auth/v1 answer from the auth server (path below /auth/v1, status, body text) and
 * returns the body to send instead, or undefined to pass it on unchanged: a test's hostile or odd
 * server answer, written by the real server and altered on the wire.
 */
export type AuthResponseRewrite = (answer: { method: string; path: string; status: number; body: string }) => string | undefined;

export interface Gateway {
  /** http://127.0.0.1:<port> — the "project URL" (supabase-js appends /auth/v1). */
  url: string;
  port: number;
  /** Mounts a handler at a path prefix ('/pages' serves '/pages' and '/pages/…'); longest prefix wins. Returns an unmount function. */
  route(prefix: string, handler: RouteHandler): () => void;
  /** Where /auth/v1 goes (e.g. http://127.0.0.1:9999); undefined: answer per `whenUpstreamDown`. */
  setAuthUpstream(url: string | undefined): void;
  /** Accepted `apikey` values; an empty list turns the check off. */
  setApiKeys(keys: string[]): void;
  /**
   * New-style keys (`sb_publishable_…` / `sb_secret_…`) → the role JWT the auth server gets for
   * them, like the Supabase CLI's gateway: with such a key in `apikey`, an absent Authorization or
   * a Bearer holding an sb_ key (e.g. the apikey itself) becomes `Bearer <role JWT>`; any other
   * Authorization (a user's access token) passes as it is. The keys must also be accepted (setApiKeys).
   */
  setKeyTranslation(translation: Record<string, string>): void;
  /** Calls `listener` with every /auth/v1 request (not preflights) as the client sent it, before any check or translation; returns an unsubscribe function. */
  observe(listener: (request: ObservedRequest) => void): () => void;
  /** Behaviour when the auth upstream cannot be reached (default 'bad-gateway'). */
  whenUpstreamDown(mode: FailureMode): void;
  /** Makes every /auth/v1 request fail this way until called with undefined (simulated outage). */
  simulateFailure(mode: FailureMode | undefined): void;
  /** Rewrites /auth/v1 answers until called with undefined (see AuthResponseRewrite). */
  rewriteAuthResponses(rewrite: AuthResponseRewrite | undefined): void;
  stop(): Promise<void>;
}

export interface StartGatewayOptions {
  port?: number;
  authUpstream?: string;
  apiKeys?: string[];
  /** See Gateway.setKeyTranslation. */
  keyTranslation?: Record<string, string>;
  log?: Logger;
}

/** An /auth/v1 request as it reached the gateway (what a client really sent). */
export interface ObservedRequest {
  method: string;
  /** The path below /auth/v1, with its query. */
  path: string;
  headers: http.IncomingHttpHeaders;
}

export const AUTH_PREFIX = '/auth/v1';

/** Headers a browser may send cross-origin to the API (supabase-js / auth-js set these). */
export const CORS_ALLOWED_HEADERS = [
  'authorization',
  'apikey',
  'content-type',
  'x-client-info',
  'x-supabase-api-version',
  'accept',
  'accept-profile',
  'content-profile',
  'prefer',
  'range',
];
const CORS_ALLOWED_METHODS = 'GET,HEAD,PUT,PATCH,POST,DELETE,OPTIONS';
const CORS_EXPOSED_HEADERS = 'x-supabase-api-version, content-range, x-request-id';

/** Paths under /auth/v1 that Supabase's gateway serves without an apikey (browser redirects). */
const OPEN_AUTH_PATHS = ['/verify', '/callback', '/authorize'];

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host']);

function sendJson(res: http.ServerResponse, status: number, body: unknown, extra: http.OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...extra,
  });
  res.end(text);
}

function corsHeaders(): http.OutgoingHttpHeaders {
  return {
    'access-control-allow-origin': '*',
    'access-control-expose-headers': CORS_EXPOSED_HEADERS,
  };
}

function clientAddress(req: http.IncomingMessage): string {
  const remote = req.socket.remoteAddress ?? LOOPBACK;
  return remote.startsWith('::ffff:') ? remote.slice(7) : remote;
}

function matchesPrefix(pathname: string, prefix: string): boolean {
  if (prefix === '/') return true;
  return pathname === prefix || pathname.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);
}

export async function startGateway(opts: StartGatewayOptions = {}): Promise<Gateway> {
  const log = opts.log ?? stderrLogger;
  const routes = new Map<string, RouteHandler>();
  let authUpstream = opts.authUpstream;
  let apiKeys = new Set(opts.apiKeys ?? []);
  let translation = new Map(Object.entries(opts.keyTranslation ?? {}));
  const observers = new Set<(request: ObservedRequest) => void>();
  let downMode: FailureMode = 'bad-gateway';
  let simulated: FailureMode | undefined;
  let rewrite: AuthResponseRewrite | undefined;

  const fail = (req: http.IncomingMessage, res: http.ServerResponse, mode: FailureMode) => {
    if (mode === 'reset') {
      req.socket.destroy();
      return;
    }
    sendJson(res, 502, { message: 'An invalid response was received from the upstream server' }, corsHeaders());
  };

  const proxyAuth = (req: http.IncomingMessage, res: http.ServerResponse, url: URL, subpath: string) => {
    if (simulated) return fail(req, res, simulated);
    const isPreflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    if (isPreflight) {
      res.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': CORS_ALLOWED_METHODS,
        'access-control-allow-headers': CORS_ALLOWED_HEADERS.join(', '),
        'access-control-max-age': '3600',
        vary: 'Origin, Access-Control-Request-Headers',
        'content-length': '0',
      });
      res.end();
      return;
    }
    for (const listener of observers) listener({ method: req.method ?? 'GET', path: `${subpath}${url.search}`, headers: { ...req.headers } });
    const headerKey = req.headers.apikey;
    const key = (Array.isArray(headerKey) ? headerKey[0] : headerKey) ?? url.searchParams.get('apikey') ?? undefined;
    if (apiKeys.size > 0 && !OPEN_AUTH_PATHS.includes(subpath)) {
      if (!key) return sendJson(res, 401, { message: 'No API key found in request' }, corsHeaders());
      if (!apiKeys.has(key)) return sendJson(res, 401, { message: 'Invalid API key' }, corsHeaders());
    }
    if (!authUpstream) return fail(req, res, downMode);
    const upstream = new URL(authUpstream);
    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
    }
    // The auth server takes the client IP from the first X-Forwarded-For entry: keep a client-sent
    // chain (tests can simulate another IP) and append the real peer, like a proxy does.
    const previous = req.headers['x-forwarded-for'];
    const peer = clientAddress(req);
    headers['x-forwarded-for'] = previous ? `${Array.isArray(previous) ? previous.join(', ') : previous}, ${peer}` : peer;
    headers['x-forwarded-proto'] = 'http';
    if (req.headers.host) headers['x-forwarded-host'] = req.headers.host;
    headers['x-forwarded-prefix'] = AUTH_PREFIX;
    headers.host = upstream.host;
    // The auth server knows only JWTs: a new-style key stands for its role's JWT (see setKeyTranslation).
    const roleJwt = key === undefined ? undefined : translation.get(key);
    if (roleJwt !== undefined && (headers.authorization === undefined || /^bearer\s+sb_/i.test(String(headers.authorization)))) {
      headers.authorization = `Bearer ${roleJwt}`;
    }
    const rewriting = rewrite;
    if (rewriting) delete headers['accept-encoding']; // the body is read as text

    const upstreamReq = http.request(
      {
        protocol: upstream.protocol,
        hostname: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: `${subpath}${url.search}`,
        headers,
      },
      (upstreamRes) => {
        const out: http.OutgoingHttpHeaders = {};
        for (const [name, value] of Object.entries(upstreamRes.headers)) {
          if (!HOP_BY_HOP.has(name) && value !== undefined) out[name] = value;
        }
        // Keep the auth server's own CORS answer if it gave one; otherwise add ours (never both:
        // two Access-Control-Allow-Origin values make a browser reject the response).
        if (out['access-control-allow-origin'] === undefined && req.headers.origin !== undefined) {
          Object.assign(out, corsHeaders());
        }
        const status = upstreamRes.statusCode ?? 502;
        if (!rewriting) {
          res.writeHead(status, out);
          upstreamRes.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        upstreamRes.on('data', (c: Buffer) => chunks.push(c));
        upstreamRes.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const sent = rewriting({ method: req.method ?? 'GET', path: subpath, status, body }) ?? body;
          res.writeHead(status, { ...out, 'content-length': Buffer.byteLength(sent) });
          res.end(sent);
        });
      },
    );
    upstreamReq.on('error', (err) => {
      if (res.headersSent) {
        res.destroy(err);
        return;
      }
      fail(req, res, downMode);
    });
    req.pipe(upstreamReq);
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? LOOPBACK}`);
    const pathname = url.pathname;
    if (matchesPrefix(pathname, AUTH_PREFIX)) {
      proxyAuth(req, res, url, pathname.slice(AUTH_PREFIX.length) || '/');
      return;
    }
    const prefixes = [...routes.keys()].filter((p) => matchesPrefix(pathname, p)).sort((a, b) => b.length - a.length);
    const prefix = prefixes[0];
    const handler = prefix !== undefined ? routes.get(prefix) : undefined;
    if (prefix === undefined || !handler) {
      sendJson(res, 404, { message: 'no route matched', path: pathname });
      return;
    }
    const base = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
    const subpath = pathname.slice(base.length) || '/';
    Promise.resolve()
      .then(() => handler(req, res, { subpath: subpath.startsWith('/') ? subpath : `/${subpath}`, url }))
      .catch((err: unknown) => {
        log(`gateway: handler for ${prefix} failed: ${String(err)}`);
        if (!res.headersSent) sendJson(res, 500, { message: String(err) });
        else res.destroy();
      });
  });
  server.keepAliveTimeout = 2000;

  const port = await listenOnLoopback(server, opts.port);
  let stopped: Promise<void> | undefined;
  return {
    url: `http://${LOOPBACK}:${port}`,
    port,
    route(prefix, handler) {
      if (!prefix.startsWith('/')) throw new Error(`route prefix must start with '/': ${prefix}`);
      if (matchesPrefix(prefix, AUTH_PREFIX)) throw new Error(`${AUTH_PREFIX} is reserved for the auth server`);
      routes.set(prefix, handler);
      return () => {
        if (routes.get(prefix) === handler) routes.delete(prefix);
      };
    },
    setAuthUpstream(url) {
      authUpstream = url;
    },
    setApiKeys(keys) {
      apiKeys = new Set(keys);
    },
    setKeyTranslation(map) {
      translation = new Map(Object.entries(map));
    },
    observe(listener) {
      observers.add(listener);
      return () => observers.delete(listener);
    },
    whenUpstreamDown(mode) {
      downMode = mode;
    },
    simulateFailure(mode) {
      simulated = mode;
    },
    rewriteAuthResponses(fn) {
      rewrite = fn;
    },
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}

// ---------------------------------------------------------------------------------------------

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** A RouteHandler serving files below `rootDir` (index.html for directories; no escaping the root). */
export function staticFiles(rootDir: string): RouteHandler {
  const root = path.resolve(rootDir);
  return async (req, res, { subpath }) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(subpath);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = path.resolve(root, `.${decoded}`);
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      let stat = await fs.promises.stat(file);
      if (stat.isDirectory()) {
        file = path.join(file, 'index.html');
        stat = await fs.promises.stat(file);
      }
      res.writeHead(200, {
        'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': stat.size,
        'cache-control': 'no-store',
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      fs.createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
    }
  };
}
