/**
 * `npm start`: a playground for the plugin without a Bubble account.
 *
 * Supabase: SUPABASE_URL + SUPABASE_ANON_KEY + SUPABASE_SERVICE_ROLE_KEY if set, otherwise the
 * local test bed (the real Supabase Auth server on a private PostgreSQL, with a Send-SMS hook).
 * The page is served through the test bed's gateway, so it and /auth/v1 share one origin; with a
 * remote project (or no server at all) a gateway of our own serves the page. The page is built like
 * a Bubble page: jQuery, then the element headers of dist/bubble-plugin/ in <head>, then the Bubble
 * harness (dev/bubble-harness/core.ts) runs the elements' code boxes exactly as Bubble would.
 *
 * When no server can be had, the reason is printed, the page still opens (with a banner saying
 * so), and the plugin's actions end in its own network_error states.
 *
 * Server endpoints (same origin as the page):
 *   POST /playground/signup  {email, password} → a confirmed user via the admin API (the service
 *                            role key stays here); the page then signs in with the element action.
 *   GET  /playground/sms?phone=+1…  → the phone-MFA codes the test bed's Send-SMS hook captured.
 */
import { readFileSync } from 'node:fs';
import type http from 'node:http';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { startGateway, type Gateway } from '../dev/testbed/gateway.js';
import { AuthServerUnavailableError, remoteFromEnv, startTestbed, type SmsCodes, type Testbed } from '../dev/testbed/testbed.js';
import { DIST_DIR, jquerySourceText, readPluginFiles } from '../dev/bubble-harness/node.js';
import { loadPluginModel, type PluginFiles } from '../dev/bubble-harness/plugin-model.js';
import { REMOTE_HINT, type PlaygroundMode, type PlaygroundPageConfig, type SignupAnswer, type SmsAnswer } from './page/config.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const PAGE_DIR = join(HERE, 'page');
const DEFAULT_PORT = 3100;

export interface PlaygroundOptions {
  /** Port on 127.0.0.1; 0 (the default) picks a free one. A busy port falls back to a free one. */
  port?: number;
  /** auto (default): SUPABASE_URL & co., else the local test bed; none: no server at all. */
  backend?: 'auto' | 'none';
  /** No output at all (tests). */
  quiet?: boolean;
  /** Where progress lines go (default: stderr). */
  log?: (line: string) => void;
  /** The plugin folder (default dist/bubble-plugin). */
  dir?: string;
}

export interface Playground {
  /** The page, e.g. http://127.0.0.1:3100/ */
  url: string;
  port: number;
  mode: PlaygroundMode;
  /** Where the plugin talks to Supabase (null: nowhere). */
  supabaseUrl: string | null;
  /** Mode none: why. */
  reason: string | null;
  summary: string | null;
  /** Stops the page server and everything the test bed started (auth server, PostgreSQL); idempotent. */
  stop(): Promise<void>;
}

interface Backend {
  mode: PlaygroundMode;
  testbed: Testbed | null;
  summary: string | null;
  reason: string | null;
}

// ---------------------------------------------------------------------------------------------
// Small HTTP helpers

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

function send(res: http.ServerResponse, type: string, body: string, status = 200): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Requests that spend the service role key must come from the playground page itself: a loopback
 * Host (no DNS rebinding), same origin, JSON (a cross-site form or simple request cannot send it).
 */
function fromOwnPage(req: http.IncomingMessage, port: number): string | null {
  const host = req.headers.host ?? '';
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return 'unexpected Host header';
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) return 'cross-origin request';
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return 'cross-site request';
  return null;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const jsonForScript = (v: unknown) =>
  JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

// ---------------------------------------------------------------------------------------------
// Backend: a remote project, the local test bed, or nothing

async function startBackend(opts: PlaygroundOptions, port: number, log: (l: string) => void): Promise<Backend> {
  if (opts.backend === 'none') {
    return { mode: 'none', testbed: null, summary: 'The playground was started without a Supabase server.', reason: 'startPlayground({ backend: "none" })' };
  }
  const remote = remoteFromEnv();
  log(
    remote
      ? `connecting to the Supabase project at ${remote.url} (SUPABASE_URL)…`
      : 'starting the local Supabase test bed (the first run builds the Supabase Auth server, which can take minutes)…',
  );
  try {
    // The test bed's own progress lines would repeat what we print; its errors come back as exceptions.
    const testbed = await startTestbed({ gatewayPort: port || undefined, quiet: true });
    return { mode: testbed.kind, testbed, summary: null, reason: null };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    if (remote) return { mode: 'none', testbed: null, summary: `The Supabase project at ${remote.url} (SUPABASE_URL) could not be reached.`, reason };
    if (err instanceof AuthServerUnavailableError) {
      return { mode: 'none', testbed: null, summary: 'The local Supabase Auth server could not be built or started on this computer.', reason };
    }
    log(`the local test bed failed to start: ${reason}`);
    return { mode: 'none', testbed: null, summary: 'The local Supabase test bed failed to start.', reason };
  }
}

/** true if nothing listens on 127.0.0.1:port. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen({ host: '127.0.0.1', port }, () => s.close(() => resolve(true)));
  });
}

// ---------------------------------------------------------------------------------------------
// The page

async function bundleApp(): Promise<string> {
  const out = await build({
    entryPoints: [join(PAGE_DIR, 'app.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    logLevel: 'silent',
    legalComments: 'none',
  });
  return out.outputFiles[0]!.text;
}

function bannerHtml(backend: Backend): string {
  if (backend.mode !== 'none') return '';
  return `<div id="banner" class="banner" role="alert">
  <strong>No Supabase server is connected.</strong>
  <p>${escapeHtml(backend.summary ?? '')} You can look around, but signing in and every two-factor step will end with “Could not reach Supabase”.</p>
  <p>To try it for real, stop the playground (Ctrl-C) and start it with your Supabase project’s keys (Project Settings → API):</p>
  <pre class="cmd">${escapeHtml(REMOTE_HINT)}</pre>
  <details><summary>Why exactly</summary><pre class="reason">${escapeHtml(backend.reason ?? '')}</pre></details>
</div>`;
}

function pageHtml(template: string, files: PluginFiles, config: PlaygroundPageConfig, backend: Backend): string {
  const model = loadPluginModel(files);
  // Bubble puts the plugin-wide header and the header of every element type on the page in <head>.
  const headers = [model.pluginHeader, ...model.elements.filter((e) => config.elements.includes(e.id)).map((e) => e.headers)].join('\n');
  const replacements: Record<string, string> = {
    '<!-- bubble:headers -->': headers,
    '<!-- playground:config -->': `<script>window.__PLAYGROUND__ = ${jsonForScript(config)};</script>`,
    '<!-- playground:banner -->': bannerHtml(backend),
  };
  let html = template;
  for (const [marker, value] of Object.entries(replacements)) {
    if (!html.includes(marker)) throw new Error(`playground/page/index.html lacks ${marker}`);
    html = html.split(marker).join(value);
  }
  return html;
}

// ---------------------------------------------------------------------------------------------
// Server endpoints

async function createConfirmedUser(
  supabaseUrl: string,
  serviceRoleKey: string,
  email: string,
  password: string,
): Promise<{ status: number; answer: SignupAnswer }> {
  let res: Response;
  try {
    res = await fetch(`${supabaseUrl}/auth/v1/admin/users`, {
      method: 'POST',
      headers: { apikey: serviceRoleKey, authorization: `Bearer ${serviceRoleKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email, password, email_confirm: true }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    return {
      status: 502,
      answer: { ok: false, error_code: 'network_error', error_message: 'Could not reach Supabase to create the account. Check the server and try again.' },
    };
  }
  const text = await res.text();
  if (res.ok) return { status: 201, answer: { ok: true, email } };
  let body: { error_code?: unknown; code?: unknown; msg?: unknown; message?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    /* not JSON */
  }
  const code = typeof body.error_code === 'string' ? body.error_code : typeof body.code === 'string' ? body.code : `http_${res.status}`;
  const serverMessage = typeof body.msg === 'string' ? body.msg : typeof body.message === 'string' ? body.message : '';
  const message =
    code === 'email_exists' || /already been registered/i.test(serverMessage)
      ? 'An account with this email already exists. Use Sign in instead.'
      : serverMessage
        ? `Supabase did not create the account: ${serverMessage.replace(/\.?$/, '.')}`
        : `Supabase did not create the account (HTTP ${res.status}).`;
  return {
    status: res.status >= 500 ? 502 : 400,
    answer: {
      ok: false,
      error_code: code === 'email_exists' || /already been registered/i.test(serverMessage) ? 'email_exists' : code,
      error_message: message,
    },
  };
}

function apiHandler(backend: Backend, port: () => number) {
  return async (req: http.IncomingMessage, res: http.ServerResponse, ctx: { subpath: string; url: URL }) => {
    if (ctx.subpath === '/signup') {
      if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error_code: 'method', error_message: 'Use POST.' });
      const refused = fromOwnPage(req, port());
      if (refused || !/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
        return sendJson(res, 403, { ok: false, error_code: 'forbidden', error_message: `Refused: ${refused ?? 'expected JSON'}.` });
      }
      let input: { email?: unknown; password?: unknown };
      try {
        input = JSON.parse(await readBody(req, 16 * 1024)) as typeof input;
      } catch {
        return sendJson(res, 400, { ok: false, error_code: 'invalid_input', error_message: 'The request was not valid JSON.' } satisfies SignupAnswer);
      }
      const email = typeof input.email === 'string' ? input.email.trim() : '';
      const password = typeof input.password === 'string' ? input.password : '';
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) {
        return sendJson(res, 400, {
          ok: false,
          error_code: 'invalid_input',
          error_message: 'Enter an email address like ada@example.com.',
        } satisfies SignupAnswer);
      }
      if (password.length < 6 || password.length > 72) {
        return sendJson(res, 400, { ok: false, error_code: 'invalid_input', error_message: 'Choose a password of 6 to 72 characters.' } satisfies SignupAnswer);
      }
      const tb = backend.testbed;
      if (!tb) {
        return sendJson(res, 503, {
          ok: false,
          error_code: 'no_server',
          error_message: 'No Supabase server is connected to the playground, so accounts cannot be created. See the banner at the top.',
        } satisfies SignupAnswer);
      }
      const { status, answer } = await createConfirmedUser(tb.url, tb.serviceRoleKey, email, password);
      return sendJson(res, status, answer);
    }
    if (ctx.subpath === '/sms') {
      if (req.method !== 'GET') return sendJson(res, 405, { messages: [] });
      const refused = fromOwnPage(req, port());
      if (refused) return sendJson(res, 403, { messages: [], error_message: `Refused: ${refused}.` });
      const codes: SmsCodes | undefined = backend.testbed?.smsCodes;
      if (!codes) return sendJson(res, 404, { messages: [], error_message: 'SMS codes are only captured by the local test bed.' });
      const phone = ctx.url.searchParams.get('phone')?.trim() || undefined;
      const messages = codes
        .messages(phone)
        .slice(-5)
        .reverse()
        .map((m) => ({ phone: `+${m.phone.replace(/^\+/, '')}`, code: m.otp, type: m.smsType, sent_at: m.receivedAt.toISOString() }));
      return sendJson(res, 200, { messages } satisfies SmsAnswer);
    }
    sendJson(res, 404, { error_message: 'no such playground endpoint' });
  };
}

// ---------------------------------------------------------------------------------------------

/** Starts the playground (see the file header). Never rejects for a missing Supabase server: mode is then 'none'. */
export async function startPlayground(opts: PlaygroundOptions = {}): Promise<Playground> {
  const log = opts.quiet ? () => undefined : (opts.log ?? ((l: string) => process.stderr.write(`[playground] ${l}\n`)));
  const files = readPluginFiles(opts.dir ?? DIST_DIR); // throws "run `npm run build` first" if missing
  const [appJs, template, css] = await Promise.all([
    bundleApp(),
    Promise.resolve(readFileSync(join(PAGE_DIR, 'index.html'), 'utf8')),
    Promise.resolve(readFileSync(join(PAGE_DIR, 'styles.css'), 'utf8')),
  ]);

  let port = opts.port ?? 0;
  if (port !== 0 && !(await portIsFree(port))) {
    log(`port ${port} is busy; using a free one`);
    port = 0;
  }

  const backend = await startBackend(opts, port, log);
  let gateway: Gateway | undefined;
  try {
    // With the test bed, its gateway serves /auth/v1 (and checks the apikey like a project); without
    // one, our own gateway has no auth upstream: /auth/v1 answers 502 like a project whose auth
    // service is down, which the plugin reports as network_error.
    gateway = backend.testbed?.gateway ?? (await startGateway({ port, log: () => undefined }));
    return serve(gateway, backend, files, { appJs, template, css });
  } catch (err) {
    if (gateway && gateway !== backend.testbed?.gateway) await gateway.stop();
    await backend.testbed?.stop();
    throw err;
  }
}

function serve(gateway: Gateway, backend: Backend, files: PluginFiles, assets: { appJs: string; template: string; css: string }): Playground {
  const { appJs, template, css } = assets;
  const actualPort = gateway.port;

  const pluginFilesForBrowser = Object.fromEntries(Object.entries(files).filter(([p]) => !p.endsWith('headers.html')));
  const model = loadPluginModel(files);
  const config: PlaygroundPageConfig = {
    mode: backend.mode,
    supabaseUrl: backend.testbed?.kind === 'remote' ? backend.testbed.url : null,
    anonKey: backend.testbed?.anonKey ?? 'no-server',
    elements: model.elements.map((e) => e.id),
    devSms: backend.testbed?.smsCodes !== undefined,
    summary: backend.summary,
    reason: backend.reason,
  };
  const html = pageHtml(template, files, config, backend);
  const pluginFilesJs = `window.__BUBBLE_PLUGIN_FILES__ = ${jsonForScript(pluginFilesForBrowser)};\n`;
  const favicon = readFileSync(join(PAGE_DIR, 'favicon.svg'), 'utf8');

  const unmount = [
    gateway.route(
      '/playground',
      apiHandler(backend, () => actualPort),
    ),
    gateway.route('/', (req, res, { subpath }) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 'text/plain; charset=utf-8', 'method not allowed', 405);
      switch (subpath) {
        case '/':
        case '/index.html':
          return send(res, 'text/html; charset=utf-8', html);
        case '/assets/jquery.js':
          return send(res, 'text/javascript; charset=utf-8', jquerySourceText());
        case '/assets/plugin-files.js':
          return send(res, 'text/javascript; charset=utf-8', pluginFilesJs);
        case '/assets/app.js':
          return send(res, 'text/javascript; charset=utf-8', appJs);
        case '/assets/styles.css':
          return send(res, 'text/css; charset=utf-8', css);
        case '/favicon.svg':
        case '/favicon.ico':
          return send(res, 'image/svg+xml', favicon);
        default:
          return send(res, 'text/plain; charset=utf-8', 'not found', 404);
      }
    }),
  ];

  let stopping: Promise<void> | undefined;
  // localhost, not 127.0.0.1: browsers allow security keys and passkeys on localhost only, and
  // the local test bed accepts WebAuthn from http://localhost:<this port>.
  const url = `http://${backend.mode === 'local' ? 'localhost' : '127.0.0.1'}:${actualPort}/`;
  return {
    url,
    port: actualPort,
    mode: backend.mode,
    supabaseUrl: backend.testbed ? backend.testbed.url : null,
    reason: backend.reason,
    summary: backend.summary,
    stop: () => {
      stopping ??= (async () => {
        for (const u of unmount) u();
        // The local test bed's stop() also stops its gateway; a remote one stops nothing of ours.
        if (backend.testbed?.kind === 'local') await backend.testbed.stop();
        else {
          await gateway.stop();
          await backend.testbed?.stop();
        }
      })();
      return stopping;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// CLI: `npm start` (after the build)

function printBanner(p: Playground): void {
  const out = (l = '') => process.stdout.write(`${l}\n`);
  out();
  out('  Supabase MFA playground');
  out();
  if (p.mode === 'local') {
    out(`  Supabase: the local test bed (real Supabase Auth server + PostgreSQL) at ${p.supabaseUrl}`);
    out('  SMS codes are not really sent: they show in the page’s dev panel.');
  } else if (p.mode === 'remote') {
    out(`  Supabase: your project at ${p.supabaseUrl} (SUPABASE_URL)`);
    out('  Sign-up creates confirmed users there with the service role key (it stays in this process).');
  } else {
    out(`  No Supabase server: ${p.summary ?? ''}`);
    out();
    for (const line of (p.reason ?? '').split('\n')) out(`    ${line}`);
    out();
    out('  The page still opens so you can see its layout, but signing in and every MFA step');
    out('  will end with "Could not reach Supabase" (error code network_error).');
    out();
    out('  To use your own Supabase project instead:');
    out(`    ${REMOTE_HINT}`);
    out('  (and in Supabase: Authentication → Multi-Factor → enable TOTP, and Phone if you want SMS codes).');
  }
  out();
  out(`  Open ${p.url}`);
  out('  Ctrl-C stops everything.');
  out();
}

async function main(): Promise<void> {
  const envPort = process.env.PLAYGROUND_PORT ?? process.env.PORT;
  const port = envPort !== undefined && /^\d+$/.test(envPort) ? Number(envPort) : DEFAULT_PORT;
  // The gateway's server does not keep the process alive on its own (it is unref'd).
  const keepAlive = setInterval(() => undefined, 1 << 30);
  let playground: Playground | undefined;
  let stopping = false;
  const stop = () => {
    const p = playground;
    if (!p) return; // still starting: stopped as soon as the start finishes
    p.stop()
      .then(() => {
        clearInterval(keepAlive);
        process.stderr.write('[playground] stopped.\n');
        process.exit(0);
      })
      .catch((err: unknown) => {
        process.stderr.write(`[playground] stopping failed: ${String(err)}\n`);
        process.exit(1);
      });
  };
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`[playground] ${signal}: stopping…\n`);
    stop();
  };
  // Installed first, so Ctrl-C during the start is ours too (the test bed's own handlers then only clean up).
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  try {
    playground = await startPlayground({ port });
  } catch (err) {
    process.stderr.write(`[playground] could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  if (stopping) return stop();
  printBanner(playground);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
