// Tests of the test bed itself: everything that runs without the auth server is tested for real
// (PostgreSQL cluster, cleanup on crashes, SMS hook signatures, gateway, keys); the full bed with
// the real auth server runs when authServerStatus() says it can be had, and is skipped with the
// reason (the build command and go's output) otherwise.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { jwtVerify } from 'jose';
import { Webhook } from 'standardwebhooks';
import {
  AUTH_COMMIT,
  authServerStatus,
  AuthServerUnavailableError,
  buildCommand,
  decodeJwtPayload,
  freePort,
  type Gateway,
  generateJwtSecret,
  generateWebhookSecret,
  isPortFree,
  isPortListening,
  isProcessAlive,
  mintApiKeys,
  type PostgresCluster,
  signWebhook,
  silentLogger,
  type SmsHook,
  startGateway,
  startPostgres,
  startSmsHook,
  startTestbed,
  staticFiles,
} from '../../dev/testbed/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** pids whose cwd or command line lies in `dir` (PostgreSQL processes chdir into their data dir). */
function processesUsing(dir: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cwd = fs.readlinkSync(`/proc/${entry}/cwd`);
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cwd.startsWith(dir) || cmdline.includes(dir)) found.push(Number(entry));
    } catch {
      // gone, a zombie, or not ours to read
    }
  }
  return found;
}

/** How often waitFor checks a condition that announces nothing (a process gone, a port closed). */
const POLL_MS = 50;

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

// ---------------------------------------------------------------------------------------------

describe('keys', () => {
  it('mints anon and service_role HS256 JWTs that an independent verifier (jose) accepts', async () => {
    const secret = generateJwtSecret();
    assert.ok(secret.length >= 32);
    const { anonKey, serviceRoleKey } = mintApiKeys(secret);
    const key = new TextEncoder().encode(secret);
    const anon = await jwtVerify(anonKey, key, { algorithms: ['HS256'], issuer: 'supabase' });
    const service = await jwtVerify(serviceRoleKey, key, { algorithms: ['HS256'], issuer: 'supabase' });
    assert.equal(anon.payload.role, 'anon');
    assert.equal(service.payload.role, 'service_role');
    assert.equal(anon.protectedHeader.alg, 'HS256');
    const years = ((anon.payload.exp ?? 0) - Date.now() / 1000) / (365 * 24 * 3600);
    assert.ok(years > 9, `long-lived key, got ${years} years`);
    assert.equal(decodeJwtPayload(serviceRoleKey).role, 'service_role');
  });

  it('is rejected under another secret', async () => {
    const { anonKey } = mintApiKeys(generateJwtSecret());
    await assert.rejects(jwtVerify(anonKey, new TextEncoder().encode(generateJwtSecret())));
  });
});

describe('free-port', () => {
  it('returns a bindable loopback port', async () => {
    const port = await freePort();
    assert.ok(port > 0 && port < 65536);
    assert.equal(await isPortFree(port), true);
  });
});

// ---------------------------------------------------------------------------------------------

describe('send-SMS hook', () => {
  let hook: SmsHook;
  const send = (body: string, headers: Record<string, string>) =>
    fetch(hook.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  /** Signs like the auth server, with the independent standardwebhooks implementation. */
  const signed = (body: string, at = new Date(), id = `msg_${Math.random().toString(36).slice(2)}`) => ({
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(hook.secret.replace(/^v1,/, '')).sign(id, at, body),
  });
  const payload = (phone: string, otp: string, smsType = 'mfa') =>
    JSON.stringify({ user: { id: '8e0b1c52-0000-4000-8000-000000000001', phone }, sms: { otp, phone, sms_type: smsType } });

  before(async () => {
    hook = await startSmsHook({ log: silentLogger });
  });
  after(async () => {
    await hook.stop();
  });

  it('uses a secret in the auth server format and signs like the Standard Webhooks test vector', () => {
    assert.match(hook.secret, /^v1,whsec_[A-Za-z0-9+/=]{44}$/);
    assert.match(generateWebhookSecret(), /^v1,whsec_/);
    assert.equal(
      signWebhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}'),
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('accepts a correctly signed MFA payload with 204 and hands out the code', async () => {
    const body = payload('15550001111', '123456');
    const res = await send(body, signed(body));
    assert.equal(res.status, 204);
    assert.equal(await hook.smsCodes.latest('+1 555 000 1111'), '123456');
    const recorded = hook.smsCodes.messages('+15550001111');
    assert.equal(recorded.at(-1)?.smsType, 'mfa');
    assert.equal(recorded.at(-1)?.userId, '8e0b1c52-0000-4000-8000-000000000001');
  });

  it('latest() waits for the next code and returns the newest pending one', async () => {
    assert.deepEqual(hook.smsCodes.messages('+15550002222'), [], 'no code yet: the one latest() returns arrives after the call');
    const waiting = hook.smsCodes.latest('+15550002222', { timeoutMs: 5000 });
    const body = payload('15550002222', '222222');
    assert.equal((await send(body, signed(body))).status, 204);
    assert.equal(await waiting, '222222');
    for (const otp of ['333333', '444444']) {
      const b = payload('15550002222', otp);
      assert.equal((await send(b, signed(b))).status, 204);
    }
    assert.equal(await hook.smsCodes.latest('15550002222'), '444444');
    await assert.rejects(hook.smsCodes.latest('15550002222', { timeoutMs: 100 }), /no MFA SMS code/);
  });

  it('accepts the auth server\'s ", "-joined signature list', async () => {
    const body = payload('15550003333', '555555');
    const headers = signed(body);
    headers['webhook-signature'] = `v1,${Buffer.alloc(32).toString('base64')}, ${headers['webhook-signature']}`;
    assert.equal((await send(body, headers)).status, 204);
    assert.equal(await hook.smsCodes.latest('15550003333'), '555555');
  });

  it('rejects a bad signature, a tampered body and missing headers with 401 and records nothing', async () => {
    const before = hook.smsCodes.messages().length;
    const body = payload('15550004444', '666666');
    const bad = { ...signed(body), 'webhook-signature': `v1,${Buffer.alloc(32, 7).toString('base64')}` };
    assert.equal((await send(body, bad)).status, 401);
    const otherSecret = new Webhook(generateWebhookSecret().slice(3));
    const at = new Date();
    const wrongKey = { ...signed(body, at, 'msg_x'), 'webhook-signature': otherSecret.sign('msg_x', at, body) };
    assert.equal((await send(body, wrongKey)).status, 401);
    assert.equal((await send(payload('15550004444', '000000'), signed(body))).status, 401);
    assert.equal((await send(body, {})).status, 401);
    assert.equal(hook.smsCodes.messages().length, before);
    assert.ok(hook.rejected() >= 4);
  });

  it('rejects stale and future timestamps even when correctly signed', async () => {
    const body = payload('15550005555', '777777');
    const stale = new Date(Date.now() - 10 * 60_000);
    assert.equal((await send(body, signed(body, stale))).status, 401);
    const future = new Date(Date.now() + 10 * 60_000);
    assert.equal((await send(body, signed(body, future))).status, 401);
    assert.equal(hook.smsCodes.messages('15550005555').length, 0);
  });

  it('falls back to user.phone and can be looked up by user id', async () => {
    const userId = '8e0b1c52-0000-4000-8000-0000000000aa';
    const body = JSON.stringify({ user: { id: userId, phone: '15550007777' }, sms: { otp: '999999', sms_type: 'mfa' } });
    assert.equal((await send(body, signed(body))).status, 204);
    assert.equal(await hook.smsCodes.latest('+15550007777'), '999999');
    const body2 = JSON.stringify({ user: { id: userId }, sms: { otp: '121212', sms_type: 'mfa' } });
    assert.equal((await send(body2, signed(body2))).status, 204);
    assert.equal(await hook.smsCodes.latest(userId), '121212');
  });

  it('answers 204 to other SMS types without offering them as MFA codes', async () => {
    const body = payload('15550006666', '888888', 'signup');
    assert.equal((await send(body, signed(body))).status, 204);
    assert.equal(hook.smsCodes.messages('15550006666')[0]?.smsType, 'signup');
    await assert.rejects(hook.smsCodes.latest('15550006666', { timeoutMs: 50 }));
  });
});

// ---------------------------------------------------------------------------------------------

describe('gateway', () => {
  let upstream: http.Server;
  let upstreamUrl: string;
  let gateway: Gateway;
  const seen: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string }> = [];

  before(async () => {
    upstream = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        res.writeHead(200, { 'content-type': 'application/json', 'x-supabase-api-version': '2024-01-01' });
        res.end(JSON.stringify({ upstreamPath: req.url }));
      });
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    gateway = await startGateway({ authUpstream: upstreamUrl, log: silentLogger });
  });
  after(async () => {
    await gateway.stop();
    await new Promise((r) => upstream.close(r));
  });

  it('maps /auth/v1/* to the upstream root, keeping method, query, body and headers', async () => {
    const res = await fetch(`${gateway.url}/auth/v1/token?grant_type=password`, {
      method: 'POST',
      headers: { apikey: 'k', authorization: 'Bearer t', 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@example.com' }),
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { upstreamPath: '/token?grant_type=password' });
    const last = seen.at(-1);
    assert.equal(last?.method, 'POST');
    assert.equal(last?.body, '{"email":"a@example.com"}');
    assert.equal(last?.headers.apikey, 'k');
    assert.equal(last?.headers.authorization, 'Bearer t');
    assert.equal(last?.headers['x-forwarded-for'], '127.0.0.1');
    assert.equal(res.headers.get('x-supabase-api-version'), '2024-01-01');
    await fetch(`${gateway.url}/auth/v1/health`);
    assert.equal(seen.at(-1)?.url, '/health');
    await fetch(`${gateway.url}/auth/v1`);
    assert.equal(seen.at(-1)?.url, '/');
  });

  it('forwards X-Forwarded-For consistently: client chain first, then the peer', async () => {
    await fetch(`${gateway.url}/auth/v1/factors`, { headers: { 'x-forwarded-for': '203.0.113.7' } });
    assert.equal(seen.at(-1)?.headers['x-forwarded-for'], '203.0.113.7, 127.0.0.1');
    await fetch(`${gateway.url}/auth/v1/factors`);
    await fetch(`${gateway.url}/auth/v1/factors`);
    assert.equal(seen.at(-1)?.headers['x-forwarded-for'], seen.at(-2)?.headers['x-forwarded-for']);
  });

  it('answers CORS preflights itself, allowing the apikey header', async () => {
    const count = seen.length;
    const res = await fetch(`${gateway.url}/auth/v1/factors`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'apikey, authorization, content-type, x-client-info, x-supabase-api-version',
      },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').split(/,\s*/);
    for (const h of ['apikey', 'authorization', 'content-type', 'x-client-info', 'x-supabase-api-version']) {
      assert.ok(allowed.includes(h), `${h} allowed`);
    }
    assert.match(res.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.equal(seen.length, count, 'preflight not forwarded');
    const actual = await fetch(`${gateway.url}/auth/v1/user`, { headers: { origin: 'http://localhost:5173' } });
    assert.equal(actual.headers.get('access-control-allow-origin'), '*');
  });

  it('checks the apikey like a project when keys are set', async () => {
    gateway.setApiKeys(['good-key']);
    try {
      assert.equal((await fetch(`${gateway.url}/auth/v1/user`)).status, 401);
      assert.equal((await fetch(`${gateway.url}/auth/v1/user`, { headers: { apikey: 'bad' } })).status, 401);
      assert.equal((await fetch(`${gateway.url}/auth/v1/user`, { headers: { apikey: 'good-key' } })).status, 200);
      assert.equal((await fetch(`${gateway.url}/auth/v1/user?apikey=good-key`)).status, 200);
      assert.equal((await fetch(`${gateway.url}/auth/v1/verify?token=x`)).status, 200, 'open route');
      const preflight = await fetch(`${gateway.url}/auth/v1/user`, {
        method: 'OPTIONS',
        headers: { origin: 'http://x', 'access-control-request-method': 'GET' },
      });
      assert.equal(preflight.status, 204, 'preflights need no key');
    } finally {
      gateway.setApiKeys([]);
    }
  });

  it('serves routes and static files on the same origin, longest prefix first', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-static-'));
    try {
      fs.writeFileSync(path.join(dir, 'index.html'), '<h1>page</h1>');
      fs.mkdirSync(path.join(dir, 'js'));
      fs.writeFileSync(path.join(dir, 'js', 'app.js'), 'console.log(1)');
      const unmountStatic = gateway.route('/', staticFiles(dir));
      const unmountApi = gateway.route('/api/echo', (_req, res, ctx) => {
        res.writeHead(200, { 'content-type': 'text/plain' }).end(`sub=${ctx.subpath}`);
      });
      const page = await fetch(`${gateway.url}/`);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type') ?? '', /text\/html/);
      assert.equal(await page.text(), '<h1>page</h1>');
      const js = await fetch(`${gateway.url}/js/app.js`);
      assert.match(js.headers.get('content-type') ?? '', /javascript/);
      assert.equal(await (await fetch(`${gateway.url}/api/echo/a/b`)).text(), 'sub=/a/b');
      assert.equal((await fetch(`${gateway.url}/missing.html`)).status, 404);
      assert.notEqual((await fetch(`${gateway.url}/%2e%2e/%2e%2e/etc/passwd`)).status, 200);
      assert.throws(() => gateway.route('/auth/v1/x', () => {}), /reserved/);
      unmountStatic();
      unmountApi();
      assert.equal((await fetch(`${gateway.url}/`)).status, 404);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers 502 while the upstream is down, or resets the connection on request', async () => {
    const deadPort = await freePort();
    gateway.setAuthUpstream(`http://127.0.0.1:${deadPort}`);
    try {
      const res = await fetch(`${gateway.url}/auth/v1/health`);
      assert.equal(res.status, 502);
      assert.match(((await res.json()) as { message: string }).message, /upstream/);
      gateway.whenUpstreamDown('reset');
      await assert.rejects(fetch(`${gateway.url}/auth/v1/health`), TypeError);
    } finally {
      gateway.whenUpstreamDown('bad-gateway');
      gateway.setAuthUpstream(upstreamUrl);
    }
    gateway.simulateFailure('reset');
    await assert.rejects(fetch(`${gateway.url}/auth/v1/health`), TypeError);
    gateway.simulateFailure(undefined);
    assert.equal((await fetch(`${gateway.url}/auth/v1/health`)).status, 200);
  });
});

// ---------------------------------------------------------------------------------------------

describe('PostgreSQL private cluster', () => {
  let pg: PostgresCluster;
  let startMs = 0;

  before(async () => {
    const t = Date.now();
    pg = await startPostgres({ log: silentLogger });
    startMs = Date.now() - t;
  });
  after(async () => {
    await pg.stop();
  });

  it('runs on a free loopback port, from a private data dir owned by the postgres user', (t) => {
    t.diagnostic(`PostgreSQL start: ${startMs} ms`);
    assert.ok(pg.baseDir.includes(`${path.sep}pg-${process.pid}-`), pg.baseDir);
    assert.ok(fs.existsSync(path.join(pg.dataDir, 'PG_VERSION')));
    if (process.getuid?.() === 0) {
      const uid = fs.statSync(pg.dataDir).uid;
      assert.notEqual(uid, 0, 'data dir not owned by root');
    }
    assert.ok(isProcessAlive(pg.pid));
    return isPortListening(pg.port).then((listening) => assert.ok(listening));
  });

  it('has the init SQL applied: roles, auth schema, grants, search_path, postgres role', async () => {
    const roles = (await pg.query("select rolname from pg_roles where rolname in ('postgres','supabase_admin','supabase_auth_admin') order by 1")).split('\n');
    assert.deepEqual(roles, ['postgres', 'supabase_admin', 'supabase_auth_admin']);
    assert.equal(
      await pg.query("select rolcreaterole::text || rolcanlogin::text || rolinherit::text from pg_roles where rolname = 'supabase_auth_admin'"),
      'truetruefalse',
    );
    assert.equal(await pg.query("select rolbypassrls::text || rolcreatedb::text from pg_roles where rolname = 'supabase_admin'"), 'truetrue');
    assert.equal(await pg.query("select nspowner::regrole::text from pg_namespace where nspname = 'auth'"), 'supabase_auth_admin');
    assert.equal(await pg.query("select has_database_privilege('supabase_auth_admin', 'postgres', 'CREATE')::text"), 'true');
    assert.match(
      await pg.query(
        "select array_to_string(setconfig, ',') from pg_db_role_setting s join pg_roles r on r.oid = s.setrole where r.rolname = 'supabase_auth_admin'",
      ),
      /search_path=auth/,
    );
  });

  it('lets the auth server log in over TCP with the password from its DATABASE_URL only', async () => {
    const url = new URL(pg.authDatabaseUrl);
    assert.equal(url.hostname, '127.0.0.1');
    assert.equal(Number(url.port), pg.port);
    assert.equal(
      await pg.query("select current_user || ' ' || current_schema()", { user: url.username, password: decodeURIComponent(url.password), tcp: true }),
      'supabase_auth_admin auth',
    );
    await assert.rejects(pg.query('select 1', { user: url.username, password: 'wrong', tcp: true }), /password authentication failed/);
  });

  it('stop() shuts it down, frees the port, removes the data dir and leaves no process behind', async (t) => {
    const other = await startPostgres({ log: silentLogger });
    assert.notEqual(other.port, pg.port);
    assert.ok(processesUsing(other.dataDir).length > 0, 'postgres processes run in the data dir');
    const t0 = Date.now();
    await other.stop();
    t.diagnostic(`PostgreSQL stop: ${Date.now() - t0} ms`);
    assert.equal(fs.existsSync(other.baseDir), false);
    assert.equal(await isPortFree(other.port), true);
    assert.equal(isProcessAlive(other.pid), false);
    assert.deepEqual(processesUsing(other.baseDir), []);
    await other.stop(); // idempotent
    assert.ok(await isPortListening(pg.port), 'the other cluster is unaffected');
  });
});

describe('cleanup when the owning process dies', () => {
  const fixture = path.join(here, '..', '..', 'dev', 'testbed', 'fixtures', 'pg-child.ts');

  async function runChild(mode: string): Promise<{
    info: { baseDir: string; dataDir: string; port: number; pid: number };
    child: ReturnType<typeof spawn>;
    exited: Promise<number | null>;
  }> {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const info = await new Promise<{ baseDir: string; dataDir: string; port: number; pid: number }>((resolve, reject) => {
      let out = '';
      child.stdout?.setEncoding('utf8').on('data', (c: string) => {
        out += c;
        const line = out.split('\n')[0];
        if (out.includes('\n') && line) resolve(JSON.parse(line) as { baseDir: string; dataDir: string; port: number; pid: number });
      });
      child.once('exit', (code) => reject(new Error(`fixture exited early (${String(code)}): ${stderr}`)));
    });
    assert.ok(fs.existsSync(info.dataDir));
    assert.ok(isProcessAlive(info.pid));
    return { info, child, exited };
  }

  async function assertCleaned(info: { baseDir: string; port: number; pid: number }, timeoutMs: number) {
    await waitFor('the data dir to disappear', () => !fs.existsSync(info.baseDir), timeoutMs);
    await waitFor('the postmaster to exit', () => !isProcessAlive(info.pid), timeoutMs);
    await waitFor('the port to be free', () => isPortFree(info.port), timeoutMs);
    assert.deepEqual(processesUsing(info.baseDir), []);
  }

  it('an uncaught exception still stops PostgreSQL and removes its data dir', async () => {
    const { info, exited } = await runChild('throw');
    assert.notEqual(await exited, 0);
    await assertCleaned(info, 5000);
  });

  it('a process that ends without stop() cleans up on exit', async () => {
    const { info, exited } = await runChild('forget');
    assert.equal(await exited, 0);
    await assertCleaned(info, 5000);
  });

  it('SIGTERM stops PostgreSQL and removes its data dir', async () => {
    const { info, child, exited } = await runChild('wait');
    child.kill('SIGTERM');
    assert.equal(await exited, 128 + 15);
    await assertCleaned(info, 5000);
  });

  it('SIGKILL: the detached reaper stops PostgreSQL and removes its data dir', async () => {
    const { info, child, exited } = await runChild('wait');
    child.kill('SIGKILL');
    await exited;
    await assertCleaned(info, 15_000);
  });
});

// ---------------------------------------------------------------------------------------------

describe('remote mode (SUPABASE_URL + keys in the environment)', () => {
  it('uses the given project: no local processes, no smsCodes, admin createUser, no restarts', async () => {
    const calls: string[] = [];
    const fake = http.createServer((req, res) => {
      calls.push(`${req.method} ${req.url} ${String(req.headers.apikey)}`);
      if (req.url === '/auth/v1/admin/users') {
        let body = '';
        req.setEncoding('utf8');
        req.on('data', (c: string) => (body += c));
        req.on('end', () => {
          const { email, email_confirm } = JSON.parse(body) as { email: string; email_confirm: boolean };
          assert.equal(email_confirm, true);
          assert.equal(req.headers.authorization, 'Bearer service-key');
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'user-1', email }));
        });
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
    const saved = { ...process.env };
    process.env.SUPABASE_URL = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/`;
    process.env.SUPABASE_ANON_KEY = 'anon-key';
    process.env.SUPABASE_SERVICE_ROLE_KEY = 'service-key';
    try {
      const tb = await startTestbed({ quiet: true });
      assert.equal(tb.kind, 'remote');
      assert.equal(tb.url, process.env.SUPABASE_URL.replace(/\/$/, ''));
      assert.equal(tb.authUrl, `${tb.url}/auth/v1`);
      assert.equal(tb.smsCodes, undefined);
      assert.equal(tb.anonKey, 'anon-key');
      const user = await tb.createUser('someone@example.com');
      assert.deepEqual({ id: user.id, email: user.email }, { id: 'user-1', email: 'someone@example.com' });
      assert.ok(user.password.length >= 12);
      await assert.rejects(tb.stopAuth(), /remote/);
      await assert.rejects(tb.startAuth(), /remote/);
      await tb.stop();
      assert.deepEqual(calls, ['GET /auth/v1/health anon-key', 'POST /auth/v1/admin/users service-key']);
    } finally {
      for (const k of ['SUPABASE_URL', 'SUPABASE_ANON_KEY', 'SUPABASE_SERVICE_ROLE_KEY']) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
      await new Promise((r) => fake.close(r));
    }
  });
});

const status = await authServerStatus({ log: silentLogger });

describe('auth server availability', () => {
  it('authServerStatus() reports the binary, or why it cannot be had (with the exact build command)', (t) => {
    if (status.available) {
      assert.ok(fs.existsSync(status.binary));
      return;
    }
    t.diagnostic(`auth server unavailable: ${status.reason}`);
    assert.ok(status.reason.includes(buildCommand().display), status.reason);
    assert.ok(status.reason.includes(`github.com/supabase/auth@${AUTH_COMMIT}`));
    // The output of go is part of the reason (on this machine: the module proxy's 403 answer).
    assert.match(status.reason, /Output:\n/);
  });

  it('startTestbed() rejects with AuthServerUnavailableError before starting anything', {
    skip: status.available ? 'the auth server is available here' : false,
  }, async () => {
    const ours = () => {
      try {
        return fs.readdirSync(path.join(here, '..', '..', '.cache', 'testbed')).filter((n) => n.startsWith(`pg-${process.pid}-`));
      } catch {
        return [];
      }
    };
    const before = ours();
    await assert.rejects(startTestbed({ forceLocal: true, quiet: true }), (err: unknown) => {
      assert.ok(err instanceof AuthServerUnavailableError);
      assert.ok(err.message.includes(buildCommand().display));
      assert.equal(err.command, buildCommand().display);
      return true;
    });
    assert.deepEqual(ours(), before, 'no PostgreSQL cluster was started');
  });
});

describe('full test bed with the real auth server', { skip: status.available ? false : status.reason }, () => {
  it('serves a project: health, admin-created user, phone MFA via the SMS hook, auth restart', async () => {
    const tb = await startTestbed({ forceLocal: true, jwtExpSeconds: 120 });
    try {
      assert.equal(tb.kind, 'local');
      assert.ok(tb.smsCodes);
      assert.equal((await fetch(`${tb.authUrl}/health`, { headers: { apikey: tb.anonKey } })).status, 200);
      assert.equal((await fetch(`${tb.authUrl}/health`)).status, 401, 'apikey required like a project');

      const user = await tb.createUser();
      const { createClient } = await import('@supabase/supabase-js');
      const supabase = createClient(tb.url, tb.anonKey, {
        auth: { persistSession: false, autoRefreshToken: false },
        // Node 20 has no WebSocket and supabase-js 2.119 refuses to start realtime without one.
        realtime: { transport: class {} as never },
      });
      const signIn = await supabase.auth.signInWithPassword({ email: user.email, password: user.password });
      assert.equal(signIn.error, null);
      const claims = decodeJwtPayload(signIn.data.session?.access_token ?? '');
      assert.equal(Number(claims.exp) - Number(claims.iat), 120, 'jwtExpSeconds applied');
      assert.equal(claims.sub, user.id);

      const phone = '+15555550123';
      const enroll = await supabase.auth.mfa.enroll({ factorType: 'phone', phone });
      assert.equal(enroll.error, null);
      const factorId = enroll.data?.id ?? '';
      const challenge = await supabase.auth.mfa.challenge({ factorId });
      assert.equal(challenge.error, null);
      const code = await tb.smsCodes.latest(phone, { timeoutMs: 10_000 });
      assert.match(code, /^\d{6}$/);
      const verify = await supabase.auth.mfa.verify({ factorId, challengeId: challenge.data?.id ?? '', code });
      assert.equal(verify.error, null);
      const aal = await supabase.auth.mfa.getAuthenticatorAssuranceLevel();
      assert.equal(aal.data?.currentLevel, 'aal2');

      await tb.stopAuth();
      assert.equal((await fetch(`${tb.authUrl}/health`, { headers: { apikey: tb.anonKey } })).status, 502);
      await tb.startAuth();
      assert.equal((await fetch(`${tb.authUrl}/health`, { headers: { apikey: tb.anonKey } })).status, 200);
      const again = await supabase.auth.signInWithPassword({ email: user.email, password: user.password });
      assert.equal(again.error, null, 'data survived the restart');
    } finally {
      await tb.stop();
    }
    assert.equal(await isPortFree(Number(new URL(tb.url).port)), true);
  });
});
