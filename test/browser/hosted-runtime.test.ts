/**
 * Hosted runtime delivery in Chromium. A copy of the repository is built with a runtime URL that
 * points at a local server standing in for the CDN (another origin, CORS and long-lived caching
 * like a CDN); the element headers then hold `<script src integrity crossorigin>`. With both
 * elements on a page the runtime is downloaded once and each element runtime registers once;
 * another page of the app downloads nothing; a file that does not match its integrity hash is
 * refused, and the code boxes report the missing runtime instead of throwing. The QR pipeline
 * (DOMPurify included) is a chunk: a sign-in page downloads only the core, the first QR on a page
 * fetches the chunk once, a tampered chunk is refused and the QR element reports a clear error.
 * The code input element's code is a chunk too: the core registers hooks that fetch it the first
 * time Bubble runs one, then run the element's own hooks in Bubble's order.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildPlugin } from '../../build/build.js';
import { readRuntimeManifest } from '../../build/runtime-delivery.js';
import type { ChunkFile } from '../../shared/chunks/chunk-map.js';
import { loadPluginDef } from '../../build/plugin-def.js';
import { harnessRoute, type HarnessServer, pageQuery, startHarnessServer } from '../../dev/bubble-harness/index.js';
import { isCleanQrImage, isCleanQrSvgState, MFA_PAGE, mfaRunner } from '../../dev/mfa-harness/index.js';
import { addVirtualAuthenticator, chromiumMissing, launchChromium, openWatched, type Watched } from '../../dev/browser/index.js';
import { EXAMPLE_SECRET, otpauthUri, REALISTIC_EMAIL, REALISTIC_ISSUER, supabaseQrSvg } from '../../dev/fixtures/index.js';
import { repoCopies } from '../helpers/repo-copy.js';
import { localServerSkipReason, startTestbed, type Testbed } from '../../dev/testbed/index.js';
import { createAuthClient } from '../../shared/client.js';
import { assertPageClean } from '../helpers/browser.js';

const skip = chromiumMissing() ?? false;

/** The flows that load chunks from actions need the local auth server (WebAuthn: RP id localhost). */
const noServer = skip || (await localServerSkipReason('runs against the local test bed only (SUPABASE_URL is set)'));
const copies = repoCopies();

interface Cdn {
  origin: string;
  /** GET requests per path. */
  hits: Map<string, number>;
  /** When set, every file (or only those tamperOnly matches) is served with this appended (a tampered upload). */
  tamper: string | null;
  tamperOnly: RegExp | null;
  /** Files this matches wait for release() before they are served (a slow network). */
  hold: RegExp | null;
  release(): void;
  close(): Promise<void>;
}

async function startCdn(dir: () => string): Promise<Cdn> {
  let held: Array<() => void> = [];
  const cdn: Cdn = {
    origin: '',
    hits: new Map(),
    tamper: null,
    tamperOnly: null,
    hold: null,
    release: () => {
      for (const serve of held) serve();
      held = [];
    },
    close: async () => undefined,
  };
  const server = http.createServer((req, res) => {
    const file = /^\/rt\/([\w.-]+\.js)$/.exec(new URL(req.url ?? '/', 'http://x').pathname)?.[1];
    if (cdn.hold && file && cdn.hold.test(file)) held.push(() => serve(req, res));
    else serve(req, res);
  });
  const serve = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    cdn.hits.set(path, (cdn.hits.get(path) ?? 0) + 1);
    const m = /^\/rt\/([\w.-]+\.js)$/.exec(path);
    let body: string;
    try {
      if (!m) throw new Error('no such file');
      body = readFileSync(join(dir(), m[1]!), 'utf8') + (cdn.tamperOnly && !cdn.tamperOnly.test(m[1]!) ? '' : (cdn.tamper ?? ''));
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/javascript; charset=utf-8',
      'access-control-allow-origin': '*',
      'cache-control': 'public, max-age=31536000, immutable',
    });
    res.end(body);
  };
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cdn.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cdn.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return cdn;
}

// Before any page script: count registrations per element (each evaluation of a runtime
// registers its element again) and record scripts the browser refused.
const OBSERVE = `
window.__registrations = {};
window.__refusedScripts = [];
window.addEventListener('error', function (e) {
  var t = e.target;
  if (t && t.tagName === 'SCRIPT') window.__refusedScripts.push(t.getAttribute('src'));
}, true);
Object.defineProperty(window, 'SupabaseMfaBubble', {
  configurable: true,
  set: function (registry) {
    var plain = registry.elements;
    registry.elements = new Proxy(plain, {
      set: function (target, key, value) {
        window.__registrations[key] = (window.__registrations[key] || 0) + 1;
        target[key] = value;
        return true;
      },
    });
    Object.defineProperty(window, 'SupabaseMfaBubble', { value: registry, writable: true, configurable: true });
  },
});
`;

let browser: Browser;
let cdn: Cdn;
let page: HarnessServer;
let copy = '';
let runtimeFile = '';
let qrChunkFile = '';
let webauthnChunkFile = '';
let codeChunkFile = '';
let signUpChunkFile = '';
let enrollChunkFile = '';
let setSessionChunkFile = '';
let emailLinkChunkFile = '';
let testbed: Testbed | undefined;

before(async () => {
  if (skip) return;
  copy = copies.make();
  cdn = await startCdn(() => join(copy, 'dist', 'runtime'));
  await buildPlugin(copy, { runtimeUrl: `${cdn.origin}/rt/` });
  const manifest = readRuntimeManifest(join(copy, 'dist', 'runtime', 'manifest.json'));
  runtimeFile = manifest.entry;
  const chunk = (name: ChunkFile) => manifest.chunks[name] ?? assert.fail(`the manifest lists no ${name} chunk`);
  qrChunkFile = chunk('qr');
  webauthnChunkFile = chunk('webauthn');
  codeChunkFile = chunk('code-input');
  signUpChunkFile = chunk('sign-up');
  enrollChunkFile = chunk('enroll');
  setSessionChunkFile = chunk('set-session');
  emailLinkChunkFile = chunk('email-link');
  page = await startHarnessServer({ ...MFA_PAGE, dir: join(copy, 'dist', 'bubble-plugin') });
  browser = await launchChromium();
});
after(async () => {
  await testbed?.stop();
  await browser?.close();
  await page?.close();
  await cdn?.close();
  copies.removeAll();
});

const fromCdn = (r: { url(): string }) => r.url().startsWith(`${cdn.origin}/`);

async function open(url: string, w?: Watched): Promise<Watched> {
  if (!w) return openWatched(browser, url, { allowed: fromCdn, initScript: OBSERVE });
  await w.page.goto(url, { waitUntil: 'load' });
  await w.page.waitForFunction(() => window.bubbleHarness?.ready === true);
  return w;
}

const observed = (w: Watched) =>
  w.page.evaluate(() => {
    const g = window as unknown as { __registrations: Record<string, number>; __refusedScripts: string[]; SupabaseMfaBubbleLoaded?: Record<string, number> };
    return {
      registrations: g.__registrations,
      refused: g.__refusedScripts,
      loaded: g.SupabaseMfaBubbleLoaded ?? {},
      headerScripts: Array.from(document.head.querySelectorAll('script[data-supabase-mfa-runtime]')).map((s) => ({
        src: s.getAttribute('src'),
        integrity: s.getAttribute('integrity'),
        crossorigin: s.getAttribute('crossorigin'),
        inline: (s.textContent ?? '').length,
      })),
    };
  });

describe('hosted runtime in Chromium, served by a stand-in CDN', { skip }, () => {
  test('both elements on one page: one download, each element runtime evaluated once, both work', async () => {
    cdn.hits.clear();
    cdn.tamper = null;
    const w = await open(page.pageUrl({ elements: ['supabase_mfa', 'qr_code'], keys: { 'Supabase URL': page.url, 'Supabase anon key': 'anon' } }));
    const o = await observed(w);
    // Two element headers, each a <script src> with SRI, both naming the same file.
    assert.equal(o.headerScripts.length, 2);
    for (const s of o.headerScripts) {
      assert.equal(s.src, `${cdn.origin}/rt/${runtimeFile}`);
      assert.match(s.integrity ?? '', /^sha384-[A-Za-z0-9+/]{64}$/);
      assert.equal(s.crossorigin, 'anonymous');
      assert.equal(s.inline, 0);
    }
    assert.deepEqual([...cdn.hits], [[`/rt/${runtimeFile}`, 1]], 'one download');
    // The hosted file carries every element's runtime: each registers exactly once, whichever elements the page has.
    assert.deepEqual(o.registrations, Object.fromEntries(loadPluginDef().elements.map((e) => [e.name, 1])), 'each element runtime evaluated once');
    assert.deepEqual(o.loaded, { [runtimeFile]: 1 });
    assert.deepEqual(o.refused, []);

    const { svg } = supabaseQrSvg(otpauthUri(REALISTIC_ISSUER, REALISTIC_EMAIL, EXAMPLE_SECRET));
    const states = await w.page.evaluate((svg) => {
      const mfa = window.bubbleHarness.place('supabase_mfa');
      const qr = window.bubbleHarness.place('qr_code', { fields: { qr_source: svg } });
      return { qrName: qr, mfa: window.bubbleHarness.states(mfa), qr: window.bubbleHarness.states(qr) };
    }, svg);
    // The QR pipeline loads on first use: the QR element publishes once it is there.
    assert.equal(states.qr.is_valid, false);
    await w.page.evaluate((qr) => window.bubbleHarness.waitForState(qr, 'is_valid', true), states.qrName);
    assert.equal(states.mfa.is_signed_in, false);
    assert.equal(states.mfa.error_code, null);
    await assertPageClean(w);

    const downloaded = [
      [`/rt/${runtimeFile}`, 1],
      [`/rt/${qrChunkFile}`, 1],
    ];
    assert.deepEqual([...cdn.hits], downloaded, 'the QR chunk fetched once, on first use');

    // Another page of the app: the runtime and the chunk come from the browser cache.
    await open(page.pageUrl({ elements: ['qr_code'] }), w);
    await w.page.evaluate((svg) => {
      const qr = window.bubbleHarness.place('qr_code', { fields: { qr_source: svg } });
      return window.bubbleHarness.waitForState(qr, 'is_valid', true);
    }, svg);
    assert.deepEqual([...cdn.hits], downloaded, 'no second download on the next page');
    assert.deepEqual((await observed(w)).registrations, Object.fromEntries(loadPluginDef().elements.map((e) => [e.name, 1])));
    await w.page.context().close();
  });

  test('a tampered runtime file is refused by the integrity check; the code boxes report it, nothing throws', async () => {
    cdn.hits.clear();
    cdn.tamper = '\nwindow.__pwned && window.__pwned("tampered runtime");\n';
    try {
      const w = await open(page.pageUrl({ elements: ['supabase_mfa', 'qr_code'] }));
      const o = await observed(w);
      assert.equal(cdn.hits.get(`/rt/${runtimeFile}`), 1, 'the browser did fetch the file');
      assert.ok(o.refused.length >= 1, 'the script element reported an error');
      assert.ok(o.refused.every((src) => src === `${cdn.origin}/rt/${runtimeFile}`));
      assert.deepEqual(o.registrations, {}, 'nothing of the file ran');
      assert.deepEqual(await w.pwned(), []);
      const debug = await w.page.evaluate(() => {
        const mfa = window.bubbleHarness.place('supabase_mfa');
        return window.bubbleHarness.debug(mfa);
      });
      assert.ok(
        debug.some((m) => /runtime did not load/.test(m)),
        debug.join('\n'),
      );
      assert.deepEqual(await w.page.evaluate(() => window.bubbleHarness.violations()), []);
      assert.deepEqual(w.pageErrors, []);
      await w.page.context().close();
    } finally {
      cdn.tamper = null;
    }
  });

  test('a sign-in page downloads only the core; the first QR fetches the chunk once; a stale result never publishes over a newer input', async () => {
    cdn.hits.clear();
    cdn.tamper = null;
    const w = await open(page.pageUrl({ elements: ['supabase_mfa', 'qr_code'], keys: { 'Supabase URL': page.url, 'Supabase anon key': 'anon' } }));
    await w.page.evaluate(() => window.bubbleHarness.place('supabase_mfa'));
    assert.deepEqual([...cdn.hits], [[`/rt/${runtimeFile}`, 1]], 'only the core');

    const { svg } = supabaseQrSvg(otpauthUri(REALISTIC_ISSUER, REALISTIC_EMAIL, EXAMPLE_SECRET));
    // A QR source, then (before the chunk is there) an empty one: the late result of the first
    // input must not show a QR or publish is_valid over the newer, empty input.
    const late = await w.page.evaluate(async (svg) => {
      const h = window.bubbleHarness;
      const stale = h.place('qr_code', { fields: { qr_source: svg } });
      h.setFields(stale, { qr_source: '' });
      const fresh = h.place('qr_code', { fields: { qr_source: svg } });
      await h.waitForState(fresh, 'is_valid', true);
      const again = h.place('qr_code', { fields: { qr_source: svg } });
      // Once loaded, the next QR element answers from the chunk already here (the hits below: no second fetch).
      await h.waitForState(again, 'is_valid', true);
      return { stale: h.states(stale), again: h.states(again) };
    }, svg);
    assert.equal(late.stale.is_valid, false);
    assert.equal(late.stale.error_code, null);
    assert.equal(late.again.is_valid, true, 'once loaded, the pipeline answers at once');
    assert.deepEqual(
      [...cdn.hits],
      [
        [`/rt/${runtimeFile}`, 1],
        [`/rt/${qrChunkFile}`, 1],
      ],
      'the chunk once, however many QR elements',
    );
    assert.equal(await w.page.locator('svg').count(), 2, 'two QR codes shown, none for the stale input');
    await assertPageClean(w);
    await w.page.context().close();
  });

  test('a tampered chunk is refused by the integrity check; the QR element reports runtime_unavailable, nothing throws', async () => {
    cdn.hits.clear();
    cdn.tamper = '\nwindow.__pwned && window.__pwned("tampered chunk");\n';
    cdn.tamperOnly = /^supabase-mfa-qr\./;
    try {
      const w = await open(page.pageUrl({ elements: ['qr_code'] }));
      const { svg } = supabaseQrSvg(otpauthUri(REALISTIC_ISSUER, REALISTIC_EMAIL, EXAMPLE_SECRET));
      const out = await w.page.evaluate(async (svg) => {
        const h = window.bubbleHarness;
        const qr = h.place('qr_code', { fields: { qr_source: svg } });
        await h.waitForState(qr, 'error_code', 'runtime_unavailable');
        return { states: h.states(qr), events: h.events(qr), debug: h.debug(qr) };
      }, svg);
      assert.equal(cdn.hits.get(`/rt/${qrChunkFile}`), 1, 'the browser did fetch the chunk');
      assert.equal(out.states.is_valid, false);
      assert.match(String(out.states.error_message), /could not be loaded/);
      assert.ok(
        out.events.some((e) => e.event === 'error'),
        JSON.stringify(out.events),
      );
      assert.ok(
        out.debug.some((m) => /runtime_unavailable/.test(m)),
        out.debug.join('\n'),
      );
      assert.equal(await w.page.locator('svg').count(), 0, 'nothing shown');
      assert.deepEqual(await w.pwned(), []);
      assert.deepEqual((await observed(w)).refused, [`${cdn.origin}/rt/${qrChunkFile}`]);
      assert.deepEqual(await w.page.evaluate(() => window.bubbleHarness.violations()), []);
      assert.deepEqual(w.pageErrors, []);
      await w.page.context().close();
    } finally {
      cdn.tamper = null;
      cdn.tamperOnly = null;
    }
  });
});

describe('hosted runtime: the code input element is a chunk', { skip }, () => {
  const codeInput = (w: Watched, name: string) => w.page.locator(`[data-name="${name}"] input`);

  test('a sign-in page downloads only the core; the first code input fetches its chunk once and works', async () => {
    cdn.hits.clear();
    cdn.tamper = null;
    const w = await open(page.pageUrl({ elements: ['supabase_mfa', 'code_input'], keys: { 'Supabase URL': page.url, 'Supabase anon key': 'anon' } }));
    await w.page.evaluate(() => window.bubbleHarness.place('supabase_mfa'));
    assert.deepEqual([...cdn.hits], [[`/rt/${runtimeFile}`, 1]], 'a sign-in page: the core only');

    // Bubble runs initialize and update at once; they wait for the chunk and then run in order.
    const first = await w.page.evaluate(() => window.bubbleHarness.place('code_input', { fields: { length: 6, label: 'Code' } }));
    await codeInput(w, first).waitFor();
    assert.equal(await codeInput(w, first).getAttribute('aria-label'), 'Code', 'update ran after initialize');
    await codeInput(w, first).click();
    await w.page.keyboard.type('123456');
    const out = await w.page.evaluate((n) => ({ states: window.bubbleHarness.states(n), events: window.bubbleHarness.events(n).map((e) => e.event) }), first);
    assert.deepEqual(out.states, { code: '123456', is_complete: true });
    assert.equal(out.events.filter((e) => e === 'code_completed').length, 1, 'typing a code fires Code completed once');

    // A second code input and an action: the chunk is there, nothing is fetched again.
    const second = await w.page.evaluate(() => window.bubbleHarness.place('code_input', { fields: { length: 8 } }));
    await codeInput(w, second).waitFor();
    assert.equal(await codeInput(w, second).getAttribute('pattern'), '\\d{8}');
    await w.page.evaluate((n) => window.bubbleHarness.runAction(n, 'clear', {}), first);
    assert.deepEqual(await w.page.evaluate((n) => window.bubbleHarness.states(n), first), { code: null, is_complete: false });
    assert.deepEqual(
      [...cdn.hits],
      [
        [`/rt/${runtimeFile}`, 1],
        [`/rt/${codeChunkFile}`, 1],
      ],
      'the code input chunk once; no QR chunk',
    );
    assert.deepEqual((await observed(w)).refused, []);
    await assertPageClean(w);
    await w.page.context().close();
  });

  test('a tampered code input chunk is refused; the debugger gets a clear message, nothing of it runs, nothing throws', async () => {
    cdn.hits.clear();
    cdn.tamper = '\nwindow.__pwned && window.__pwned("tampered chunk");\n';
    cdn.tamperOnly = /^supabase-mfa-code-input\./;
    try {
      const w = await open(page.pageUrl({ elements: ['code_input'] }));
      const name = await w.page.evaluate(() => window.bubbleHarness.place('code_input'));
      await w.page.waitForFunction((n) => window.bubbleHarness.debug(n).length > 0, name);
      // Actions while the chunk is missing: each is reported, none throws.
      await w.page.evaluate((n) => window.bubbleHarness.runAction(n, 'focus', {}), name);
      await w.page.waitForFunction((n) => window.bubbleHarness.debug(n).length > 2, name);
      const debug = await w.page.evaluate((n) => window.bubbleHarness.debug(n), name);
      assert.ok(
        debug.every((m) => /code input is not available: runtime_unavailable: A part of the page could not be loaded/.test(m)),
        debug.join('\n'),
      );
      assert.equal(cdn.hits.get(`/rt/${codeChunkFile}`) !== undefined, true, 'the browser did fetch the chunk');
      assert.equal(await w.page.locator('input').count(), 0, 'nothing drawn');
      assert.deepEqual(await w.page.evaluate((n) => window.bubbleHarness.events(n), name), []);
      assert.deepEqual(await w.pwned(), []);
      const refused = (await observed(w)).refused;
      assert.ok(refused.length >= 1 && refused.every((src) => src === `${cdn.origin}/rt/${codeChunkFile}`), JSON.stringify(refused));
      assert.deepEqual(await w.page.evaluate(() => window.bubbleHarness.violations()), []);
      assert.deepEqual(w.pageErrors, []);
      await w.page.context().close();
    } finally {
      cdn.tamper = null;
      cdn.tamperOnly = null;
    }
  });
});

describe('hosted runtime against the real auth server: chunks load when an action first needs them', { skip: noServer }, () => {
  before(async () => {
    testbed = await startTestbed({ quiet: true });
    testbed.gateway!.route('/harness', await harnessRoute({ ...MFA_PAGE, dir: join(copy, 'dist', 'bubble-plugin') }));
  });

  /** The enroll requests (POST /auth/v1/factors) the page sends from now on. */
  function enrollRequestsOf(page: Page): string[] {
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/auth/v1/factors') sent.push(r.url());
    });
    return sent;
  }

  async function openMfa() {
    const tb = testbed!;
    const keys = { 'Supabase URL': tb.url, 'Supabase anon key': tb.anonKey };
    const w = await openWatched(browser, `${tb.localUrl}/harness/${pageQuery({ elements: ['supabase_mfa'], keys })}`, {
      allowed: (r) => fromCdn(r) || new URL(r.url()).pathname.startsWith('/auth/v1/'),
      initScript: OBSERVE,
      beforeLoad: async (p) => {
        await addVirtualAuthenticator(p, 'usb');
      },
    });
    const mfa = await w.page.evaluate(() => window.bubbleHarness.place('supabase_mfa'));
    const run = mfaRunner(w.page, mfa);
    return { w, run, mfa };
  }

  test("sign in downloads only the core; enrolling TOTP fetches the enroll chunk (not the QR element's chunk), a security key the WebAuthn chunk, each once", async () => {
    cdn.hits.clear();
    const user = await testbed!.createUser();
    const { w, run } = await openMfa();
    try {
      await run.expect('sign_in', { email: user.email, password: user.password }, 'signed_in');
      assert.deepEqual([...cdn.hits], [[`/rt/${runtimeFile}`, 1]], 'a sign-in page: the core only');

      // Bad input is refused before anything is fetched.
      const bad = await run('enroll_factor', { factor_type: 'phone', phone: 'call me' }, 'factor_enrolled');
      assert.equal(bad.ev.event, 'error');
      assert.equal(bad.states.error_code, 'invalid_input');
      assert.deepEqual([...cdn.hits], [[`/rt/${runtimeFile}`, 1]], 'nothing fetched for bad input');

      const totp = await run.expect('enroll_factor', { factor_type: 'totp', friendly_name: 'Phone' }, 'factor_enrolled');
      assert.ok(isCleanQrSvgState(totp.states.qr_code_svg), String(totp.states.qr_code_svg));
      assert.ok(isCleanQrImage(totp.states.qr_code_image));
      assert.equal(cdn.hits.get(`/rt/${enrollChunkFile}`), 1);
      assert.equal(cdn.hits.get(`/rt/${qrChunkFile}`), undefined, 'the MFA element draws its SVG with the enroll chunk (DOMPurify inside): no QR chunk');
      assert.equal(cdn.hits.get(`/rt/${webauthnChunkFile}`), undefined);

      const key = await run.expect('enroll_security_key', { authenticator: 'security_key', friendly_name: 'YubiKey' }, 'challenge_verified');
      assert.equal(key.states.has_security_key, true);
      assert.equal(key.states.current_level, 'aal2');
      // A second TOTP enrollment needs nothing new.
      await run.expect('enroll_factor', { factor_type: 'totp', friendly_name: 'Tablet' }, 'factor_enrolled');
      assert.deepEqual(
        [...cdn.hits].sort(),
        [
          [`/rt/${enrollChunkFile}`, 1],
          [`/rt/${runtimeFile}`, 1],
          [`/rt/${webauthnChunkFile}`, 1],
        ].sort(),
      );
      assert.deepEqual(await w.page.evaluate(() => window.bubbleHarness.violations()), []);
      assert.deepEqual(w.pageErrors, []);
    } finally {
      await w.page.context().close();
    }
  });

  test('sign-up fetches its chunk (GoTrueClient.signUp); passkeys run from the WebAuthn chunk (GoTrueClient passkey methods, actions)', async () => {
    cdn.hits.clear();
    const user = await testbed!.createUser();
    const { w, run } = await openMfa();
    try {
      const email = `hosted-${Date.now().toString(36)}@example.com`;
      const signedUp = await run.expect('sign_up', { email, password: user.password }, 'signed_up');
      assert.equal(signedUp.states.is_signed_in, true);
      assert.deepEqual(
        [...cdn.hits],
        [
          [`/rt/${runtimeFile}`, 1],
          [`/rt/${signUpChunkFile}`, 1],
        ],
      );
      await run.expect('enroll_security_key', { authenticator: 'either' }, 'challenge_verified');
      const registered = await run.expect('register_passkey', { friendly_name: 'My laptop' }, 'passkey_registered');
      assert.deepEqual(registered.states.passkey_names, ['My laptop']);
      await run.expect('sign_out', {}, 'signed_out');
      const passkey = await run.expect('sign_in_with_passkey', {}, 'signed_in');
      assert.equal(passkey.states.user_email, email);
      const stepped = await run('verify_security_key', {}, 'challenge_verified');
      assert.equal(stepped.states.current_level, 'aal2', JSON.stringify(stepped.states));
      const removed = await run.expect('remove_passkey', {}, 'passkey_removed');
      assert.deepEqual(removed.states.passkey_ids, []);
      assert.equal(cdn.hits.get(`/rt/${webauthnChunkFile}`), 1);
      assert.equal(cdn.hits.get(`/rt/${signUpChunkFile}`), 1);
      assert.deepEqual(await w.page.evaluate(() => window.bubbleHarness.violations()), []);
      assert.deepEqual(w.pageErrors, []);
    } finally {
      await w.page.context().close();
    }
  });

  test('Set session fetches its chunk (bad tokens fetch nothing); removing a factor on a page that never enrolled fetches the enroll chunk', async () => {
    cdn.hits.clear();
    const tb = testbed!;
    const user = await tb.createUser();
    // Tokens from elsewhere (the app's backend, another plugin), with an unfinished factor to remove.
    const elsewhere = createAuthClient({ url: tb.url, anonKey: tb.anonKey, storageKey: 'elsewhere' }, { persistSession: false, autoRefreshToken: false });
    const { data } = await elsewhere.signInWithPassword({ email: user.email, password: user.password });
    const factor = await elsewhere.mfa.enroll({ factorType: 'totp', friendlyName: 'Old phone' });
    assert.ok(data.session && factor.data, 'signed in and enrolled elsewhere');
    const { w, run } = await openMfa();
    try {
      const bad = await run('set_session', { access_token: 'not-a-jwt', refresh_token: 'r' }, 'signed_in');
      assert.equal(bad.states.error_code, 'setup_problem');
      assert.deepEqual([...cdn.hits], [[`/rt/${runtimeFile}`, 1]], 'nothing fetched for bad tokens');
      const adopted = await run.expect('set_session', { access_token: data.session!.access_token, refresh_token: data.session!.refresh_token }, 'signed_in');
      assert.equal(adopted.states.user_email, user.email);
      assert.equal(cdn.hits.get(`/rt/${setSessionChunkFile}`), 1);
      assert.equal(cdn.hits.get(`/rt/${enrollChunkFile}`), undefined);
      const removed = await run.expect('unenroll_factor', { factor_id: factor.data!.id }, 'factor_unenrolled');
      assert.deepEqual(removed.states.factor_ids, []);
      assert.equal(cdn.hits.get(`/rt/${enrollChunkFile}`), 1);
      assert.equal(cdn.hits.get(`/rt/${qrChunkFile}`), undefined);
      assert.deepEqual(w.pageErrors, []);
    } finally {
      await w.page.context().close();
    }
  });

  test('enrolling a phone fetches the enroll chunk only (no QR chunk); a tampered enroll chunk ends the action before any enroll request', async () => {
    cdn.hits.clear();
    const user = await testbed!.createUser();
    const { w, run } = await openMfa();
    const enrollRequests = enrollRequestsOf(w.page);
    try {
      await run('sign_in', { email: user.email, password: user.password }, 'signed_in');
      const phone = await run.expect('enroll_factor', { factor_type: 'phone', phone: '+15555550100' }, 'factor_enrolled');
      assert.equal(phone.states.factor_type, 'phone');
      assert.deepEqual(
        [...cdn.hits].sort(),
        [
          [`/rt/${enrollChunkFile}`, 1],
          [`/rt/${runtimeFile}`, 1],
        ].sort(),
      );
      assert.equal(enrollRequests.length, 1);
    } finally {
      await w.page.context().close();
    }

    cdn.hits.clear();
    cdn.tamper = '\nwindow.__pwned && window.__pwned("tampered chunk");\n';
    cdn.tamperOnly = /^supabase-mfa-enroll\./;
    const other = await openMfa();
    const otherEnrollRequests = enrollRequestsOf(other.w.page);
    try {
      await other.run('sign_in', { email: user.email, password: user.password }, 'signed_in');
      const totp = await other.run('enroll_factor', { factor_type: 'totp' }, 'factor_enrolled');
      assert.equal(totp.ev.event, 'error');
      assert.equal(totp.states.error_code, 'runtime_unavailable');
      assert.equal(totp.states.is_busy, false);
      assert.equal(totp.states.qr_code_svg, null);
      assert.deepEqual(otherEnrollRequests, [], 'no enroll request without the chunk');
      // A security key needs GoTrueClient's enroll too: refused the same way, before any request or prompt.
      const key = await other.run('enroll_security_key', { authenticator: 'security_key' }, 'challenge_verified');
      assert.equal(key.ev.event, 'error');
      assert.equal(key.states.error_code, 'runtime_unavailable');
      assert.equal(key.states.has_security_key, false);
      assert.deepEqual(otherEnrollRequests, [], 'no enroll request without the chunk');
      assert.deepEqual(await other.w.pwned(), []);
      assert.deepEqual(other.w.pageErrors, []);
    } finally {
      cdn.tamper = null;
      cdn.tamperOnly = null;
      await other.w.page.context().close();
    }
  });

  test('while the WebAuthn chunk loads the element is busy and a second click is ignored; a sign-out meanwhile ends the click', async () => {
    cdn.hits.clear();
    cdn.hold = /^supabase-mfa-webauthn\./;
    const user = await testbed!.createUser();
    const { w, run, mfa } = await openMfa();
    const click = (page = w.page, name = mfa) =>
      page.evaluate((name) => {
        window.bubbleHarness.runAction(name, 'enroll_security_key', { authenticator: 'security_key', friendly_name: 'YubiKey' });
      }, name);
    const states = (page = w.page, name = mfa) => page.evaluate((name) => window.bubbleHarness.states(name), name);
    const debug = (page = w.page, name = mfa) => page.evaluate((name) => window.bubbleHarness.debug(name), name);
    try {
      await run('sign_in', { email: user.email, password: user.password }, 'signed_in');
      const failed = await run('create_challenge', { factor_id: 'not-a-factor-id' }, 'challenge_created');
      assert.equal(failed.states.error_code, 'setup_problem');
      const busyBefore = (await w.page.evaluate((name) => window.bubbleHarness.published(name, 'is_busy'), mfa)).length;
      await click();
      await w.page.waitForFunction((name) => window.bubbleHarness.states(name).is_busy === true, mfa);
      assert.equal((await states()).error_code, null, 'the last failure is cleared once the action starts');
      await click();
      assert.ok((await debug()).some((m) => /enroll_security_key is already running; the repeated click was ignored/.test(m)));
      assert.equal((await states()).is_busy, true, 'busy while the chunk loads');
      cdn.release();
      await w.page.waitForFunction((name) => window.bubbleHarness.states(name).has_security_key === true, mfa, { timeout: 20_000 });
      await w.page.waitForFunction((name) => window.bubbleHarness.states(name).is_busy === false, mfa);
      const after = await states();
      assert.equal(after.current_level, 'aal2');
      assert.deepEqual(after.factor_types, ['webauthn'], 'one security key, not two');
      assert.equal(cdn.hits.get(`/rt/${webauthnChunkFile}`), 1);
      assert.equal(cdn.hits.get(`/rt/${enrollChunkFile}`), 1, "GoTrueClient's enroll came with it, fetched once");
      // From the click to the end, Is busy went yes and then no once: no "no" while the chunk handed over to the action.
      const busy = (await w.page.evaluate((name) => window.bubbleHarness.published(name, 'is_busy'), mfa)).slice(busyBefore);
      const changes = busy.filter((v, i) => i === 0 || v !== busy[i - 1]);
      assert.deepEqual(changes, [true, false], `is_busy published ${JSON.stringify(busy)}`);
      assert.deepEqual(w.pageErrors, []);
    } finally {
      cdn.release();
      await w.page.context().close();
    }

    // A fresh page (no chunk yet): the user signs out while the chunk is still on its way.
    const other = await openMfa();
    try {
      await other.run('sign_in', { email: user.email, password: user.password }, 'signed_in');
      const before = await other.w.page.evaluate((name) => window.bubbleHarness.eventCount(name), other.mfa);
      await click(other.w.page, other.mfa);
      await other.w.page.waitForFunction((name) => window.bubbleHarness.states(name).is_busy === true, other.mfa);
      await other.run.expect('sign_out', {}, 'signed_out');
      const afterSignOut = await other.w.page.evaluate((name) => window.bubbleHarness.eventCount(name), other.mfa);
      cdn.release();
      await other.w.page.waitForFunction((name) => window.bubbleHarness.debug(name).some((m) => /was dropped: the session changed/.test(m)), other.mfa);
      assert.equal(
        await other.w.page.evaluate((name) => window.bubbleHarness.eventCount(name), other.mfa),
        afterSignOut,
        'nothing published after the sign-out',
      );
      assert.ok(afterSignOut > before);
      const st = await states(other.w.page, other.mfa);
      assert.equal(st.is_signed_in, false);
      assert.equal(st.is_busy, false);
      assert.equal(st.error_code, null);
      assert.deepEqual(other.w.pageErrors, []);
    } finally {
      cdn.hold = null;
      cdn.release();
      await other.w.page.context().close();
    }
  });

  test('tampered chunks are refused: a security key and signing up end in runtime_unavailable (an authenticator app needs no QR chunk), nothing of them runs, nothing throws', async () => {
    cdn.hits.clear();
    cdn.tamper = '\nwindow.__pwned && window.__pwned("tampered chunk");\n';
    cdn.tamperOnly = /^supabase-mfa-(qr|webauthn|sign-up)\./;
    const user = await testbed!.createUser();
    const { w, run } = await openMfa();
    try {
      await run.expect('sign_in', { email: user.email, password: user.password }, 'signed_in');
      // Enrolling an authenticator app does not need the (tampered) QR chunk at all.
      const totp = await run.expect('enroll_factor', { factor_type: 'totp' }, 'factor_enrolled');
      assert.ok(isCleanQrSvgState(totp.states.qr_code_svg));
      const key = await run('enroll_security_key', { authenticator: 'security_key' }, 'challenge_verified');
      assert.equal(key.ev.event, 'error');
      assert.equal(key.states.error_code, 'runtime_unavailable');
      assert.match(String(key.states.error_message), /could not be loaded/);
      assert.equal(cdn.hits.get(`/rt/${qrChunkFile}`), undefined);
      assert.equal(cdn.hits.get(`/rt/${webauthnChunkFile}`), 1);
      await run('sign_out', {}, 'signed_out');
      const signUp = await run('sign_up', { email: `tampered-${Date.now().toString(36)}@example.com`, password: user.password }, 'signed_up');
      assert.equal(signUp.ev.event, 'error');
      assert.equal(signUp.states.error_code, 'runtime_unavailable');
      assert.equal(signUp.states.is_signed_in, false);
      assert.equal(cdn.hits.get(`/rt/${signUpChunkFile}`), 1);
      assert.deepEqual(await w.pwned(), []);
      assert.deepEqual(await w.page.evaluate(() => window.bubbleHarness.violations()), []);
      assert.deepEqual(w.pageErrors, []);
    } finally {
      cdn.tamper = null;
      cdn.tamperOnly = null;
      await w.page.context().close();
    }
  });
});

describe('hosted runtime: a page opened from an email link fetches the email-link chunk, no other page does', { skip: noServer }, () => {
  let bed: Testbed;
  before(async () => {
    // The project asks for email confirmation: signing up sends a link, which leads back with ?code=.
    bed = await startTestbed({ quiet: true, authEnv: { GOTRUE_MAILER_AUTOCONFIRM: 'false' } });
    bed.gateway!.route('/harness', await harnessRoute({ ...MFA_PAGE, dir: join(copy, 'dist', 'bubble-plugin') }));
  });
  after(async () => {
    await bed?.stop();
  });

  test('sign up (no email-link chunk) → follow the confirmation link → the landing page fetches it once, exchanges the code and signs in', async () => {
    cdn.hits.clear();
    const keys = { 'Supabase URL': bed.url, 'Supabase anon key': bed.anonKey };
    const pageUrl = `${bed.url}/harness/${pageQuery({ elements: ['supabase_mfa'], keys })}`;
    const w = await openWatched(browser, pageUrl, { allowed: (r) => fromCdn(r) || new URL(r.url()).pathname.startsWith('/auth/v1/'), initScript: OBSERVE });
    try {
      const mfa = await w.page.evaluate(() => window.bubbleHarness.place('supabase_mfa'));
      const email = `hosted-link-${Date.now().toString(36)}@example.com`;
      const up = await mfaRunner(w.page, mfa).expect('sign_up', { email, password: 'correct horse battery staple', email_redirect_to: pageUrl }, 'signed_up');
      assert.equal(up.states.confirmation_email_sent, true);
      assert.equal(cdn.hits.get(`/rt/${emailLinkChunkFile}`), undefined, 'a page without a link never fetches it');

      // The link, as the email carries it, followed by the same browser (its storage holds the PKCE verifier).
      const token = await bed.postgres!.query(`select confirmation_token from auth.users where email = '${email}'`);
      const res = await fetch(`${bed.authUrl}/verify?token=${encodeURIComponent(token)}&type=signup&redirect_to=${encodeURIComponent(pageUrl)}`, {
        redirect: 'manual',
      });
      const landing = res.headers.get('location') ?? '';
      assert.ok(new URL(landing).searchParams.get('code'), 'the link leads back with a code');
      await open(landing, w);
      const landed = await w.page.evaluate(() => window.bubbleHarness.place('supabase_mfa'));
      await w.page.waitForFunction((n) => window.bubbleHarness.events(n).some((e) => e.event === 'signed_in' || e.event === 'error'), landed);
      const states = await w.page.evaluate((n) => window.bubbleHarness.states(n), landed);
      assert.equal(states.is_signed_in, true, `${states.error_code} ${states.error_message}`);
      assert.equal(states.user_email, email);
      assert.equal(cdn.hits.get(`/rt/${emailLinkChunkFile}`), 1);
      assert.ok(!w.page.url().includes('code='), 'the code left the address bar');
      assert.deepEqual(await w.page.evaluate(() => window.bubbleHarness.violations()), []);
      assert.deepEqual(w.pageErrors, []);
    } finally {
      await w.page.context().close();
    }
  });
});
