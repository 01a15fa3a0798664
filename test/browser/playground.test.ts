/**
 * The `npm start` playground (playground/server.ts) in Chromium, run as `npm start` runs it: in
 * its own process, which announces its URL (dev/launch/child-server.ts) and stops on Ctrl-C.
 *
 * 1. Without a Supabase server (runs everywhere): the page still loads the plugin the way Bubble
 *    does (element headers in <head>, code boxes run by the harness), the MFA element initialises,
 *    the banner explains in plain words why nothing can sign in and how to point the playground at
 *    a project, a sign-in attempt ends in the plugin's own network_error with a plain sentence on
 *    the page, and stop() frees the port. Ctrl-C on the CLI stops it with exit code 0.
 * 2. With the real Supabase Auth server (local test bed, or SUPABASE_URL & co.): sign up → enroll
 *    TOTP → the QR element's pixels → jsQR → otpauth code → Verify → the Protected group; a phone
 *    factor with the SMS code from the dev panel; sign out / in → "Enter your code" → aal2; and the
 *    phone-width layout. Skipped (reason printed) when no server can be had — never mocked.
 *
 * Screenshots for the README go to docs/screenshots/playground-*.png.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { authServerStatus, briefly, isPortFree, remoteFromEnv } from '../../dev/testbed/index.js';
import { ROOT } from '../../dev/bubble-harness/index.js';
import { startChildServer } from '../../dev/launch/index.js';
import type { MfaHarnessRpc } from '../../dev/mfa-harness/index.js';
import { mintSession, storedFor } from '../helpers/fixtures.js';
import { addVirtualAuthenticator, chromiumMissing, decodeQrPng, launchChromium, screenshotDir } from '../../dev/browser/index.js';
import { totpCode } from '../../dev/fixtures/index.js';

declare global {
  interface Window {
    playground?: MfaHarnessRpc;
  }
}

/** What the playground process announces, and stop() (Ctrl-C; resolves to its exit code; idempotent). */
interface Playground {
  url: string;
  port: number;
  mode: 'local' | 'remote' | 'none';
  supabaseUrl: string | null;
  summary: string | null;
  reason: string | null;
  stop(): Promise<number | null>;
}

/** `npm start` (after the build) on a free port; `noServer`: with --no-server. */
async function startPlayground(opts: { noServer?: boolean } = {}): Promise<Playground> {
  const child = await startChildServer<Omit<Playground, 'stop'>>(join(ROOT, 'playground', 'server.ts'), {
    cwd: ROOT,
    args: ['--ready-line', ...(opts.noServer ? ['--no-server'] : [])],
    env: { PLAYGROUND_PORT: '0' },
    timeoutMs: 180_000,
  });
  return { ...child.info, stop: () => child.stop() };
}

const SCREENSHOTS = screenshotDir(ROOT);
const noChromium = chromiumMissing();
const remote = remoteFromEnv();
const status = noChromium ? null : await authServerStatus({ log: () => undefined });
/** Why the local auth server is unavailable ('' when it is available or was not checked). */
const unavailable = status && !status.available ? status.reason : '';
const serverSkip: string | false = noChromium
  ? noChromium
  : remote || status?.available
    ? false
    : `no Supabase server: SUPABASE_URL/SUPABASE_ANON_KEY/SUPABASE_SERVICE_ROLE_KEY are not set and the local auth server is unavailable (${briefly(unavailable)})`;
if (serverSkip) console.log(`# playground real-server flow skipped: ${serverSkip}`);

let browser: Browser;
before(async () => {
  if (noChromium) return;
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
});

interface Opened {
  context: BrowserContext;
  page: Page;
  pageErrors: string[];
  dialogs: string[];
  /** Requests that left the playground's origin and the Supabase project. */
  foreign: string[];
}

async function open(
  pg: Playground,
  opts: { viewport?: { width: number; height: number }; mobile?: boolean; storage?: Record<string, string> } = {},
): Promise<Opened> {
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1280, height: 900 },
    deviceScaleFactor: opts.mobile ? 2 : 1,
    isMobile: opts.mobile === true,
    hasTouch: opts.mobile === true,
  });
  const page = await context.newPage();
  const out: Opened = { context, page, pageErrors: [], dialogs: [], foreign: [] };
  const allowed = new Set([new URL(pg.url).origin, ...(pg.supabaseUrl ? [new URL(pg.supabaseUrl).origin] : [])]);
  page.on('pageerror', (e) => out.pageErrors.push(e.message));
  page.on('dialog', (d) => {
    out.dialogs.push(d.message());
    void d.dismiss().catch(() => undefined);
  });
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.protocol !== 'data:' && !allowed.has(u.origin)) out.foreign.push(r.url());
  });
  if (opts.storage) {
    // A session left by an earlier visit, there before any page script runs.
    await page.addInitScript((entries: Record<string, string>) => {
      for (const [k, v] of Object.entries(entries)) if (window.localStorage.getItem(k) === null) window.localStorage.setItem(k, v);
    }, opts.storage);
  }
  await page.goto(pg.url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.playground?.ready === true);
  return out;
}

const states = (page: Page, instance = 'supabase_mfa') => page.evaluate((i) => window.playground!.states(i), instance);

async function assertClean(o: Opened): Promise<void> {
  assert.deepEqual(await o.page.evaluate(() => window.playground!.violations()), [], 'nothing Bubble would not accept');
  assert.deepEqual(o.pageErrors, [], 'no uncaught errors in the page');
  assert.deepEqual(o.dialogs, [], 'no dialogs');
  assert.deepEqual(o.foreign, [], 'no requests beyond the page and Supabase');
}

/** Waits until `selector` matches exactly `n` elements (the page re-renders after each publish). */
async function waitCount(page: Page, selector: string, n: number, timeout = 10_000): Promise<void> {
  await page.waitForFunction(({ selector, n }) => document.querySelectorAll(selector).length === n, { selector, n }, { timeout });
}

/** Waits until the status line reads something matching `re` (it says "Working…" while the element is busy). */
async function waitStatus(page: Page, re: RegExp, timeout = 10_000): Promise<void> {
  await page.waitForFunction(
    ({ source, flags }) => new RegExp(source, flags).test(document.getElementById('status')?.textContent ?? ''),
    { source: re.source, flags: re.flags },
    { timeout },
  );
}

// -------------------------------------------------------------------------------------------------

describe('the playground without a Supabase server', { skip: noChromium ?? false }, () => {
  // Here (no auth server, no SUPABASE_URL) this is the real `npm start` path: startTestbed()
  // rejects and the playground carries on. Where a server exists, the same page is forced.
  const natural = !remote && status?.available === false;

  test('serves the page, loads the plugin, explains the missing server, ends a sign-in in network_error, stops', async () => {
    const pg = await startPlayground({ noServer: !natural });
    let stopped = false;
    try {
      assert.equal(pg.mode, 'none');
      assert.equal(pg.supabaseUrl, null);
      if (natural) assert.equal(pg.reason, unavailable, 'the exact reason of the test bed');
      assert.match(pg.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);

      const o = await open(pg);
      const { page } = o;

      // The page is built like a Bubble page: the element headers are inline scripts in <head>.
      const head = await page.evaluate(() => ({
        runtimes: Array.from(document.head.querySelectorAll('script[data-supabase-mfa-runtime]')).map((s) => s.getAttribute('data-supabase-mfa-runtime')),
        jquery: typeof (window as unknown as { jQuery?: unknown }).jQuery,
      }));
      assert.deepEqual([...new Set(head.runtimes)].sort(), ['code', 'mfa', 'qr']);
      assert.equal(head.jquery, 'function');

      // The MFA element initialised: every declared state is present; signed out.
      await page.evaluate(() => window.playground!.waitForState('supabase_mfa', 'is_signed_in', false));
      const names = await page.evaluate(() => window.playground!.stateNames('supabase_mfa'));
      assert.ok(names.length >= 20, `declared states: ${names.join(', ')}`);
      const initial = await states(page);
      assert.deepEqual(Object.keys(initial).sort(), [...names].sort(), 'all states published');
      assert.equal(initial.is_signed_in, false);
      assert.equal(initial.current_level, null);
      assert.equal(initial.is_busy, false);
      assert.equal((await page.evaluate(() => window.playground!.htmlElementReport('qr-html-element'))).shape, 'empty', 'the HTML element shows no QR yet');
      // The side panel shows each of them, live.
      assert.equal(await page.locator('#states-body tr[data-state]').count(), names.length);
      assert.equal(await page.locator('#states-body tr[data-state="is_signed_in"] td').textContent(), 'no');

      // The banner says it in plain words, with the command for a real project and the exact reason.
      const banner = page.locator('#banner');
      assert.equal(await banner.isVisible(), true);
      const bannerText = (await banner.textContent()) ?? '';
      assert.match(bannerText, /No Supabase server is connected/);
      assert.match(bannerText, /signing in and every two-factor step will end with “Could not reach Supabase”/);
      assert.match(bannerText, /SUPABASE_URL=\S+ SUPABASE_ANON_KEY=<anon key> SUPABASE_SERVICE_ROLE_KEY=<service role key> npm start/);
      if (natural) assert.ok(bannerText.includes(unavailable), 'the test bed’s message is on the page');
      assert.equal(await page.locator('#mode-badge').textContent(), 'No server');

      // Groups follow the element's states: only Sign in shows.
      assert.equal(await page.locator('#group-sign-in').isVisible(), true);
      for (const id of ['group-setup', 'group-enter-code', 'group-protected', 'group-factors', 'panel-dev-sms']) {
        assert.equal(await page.locator(`#${id}`).isVisible(), false, `#${id} hidden`);
      }

      // Create account → Sign up with email and password: no server → the plugin's network_error, next to the form.
      await page.fill('#in-email', 'ada@example.com');
      await page.fill('#in-password', 'correct horse battery');
      await page.click('#btn-sign-up');
      await page.locator('#err-sign-in').waitFor({ state: 'visible', timeout: 15_000 });
      assert.match((await page.locator('#err-sign-in').textContent()) ?? '', /^Could not reach Supabase/);

      // Sign in: the element action, whose request finds no auth server → the plugin's network_error.
      await page.click('#btn-sign-in');
      await page.evaluate(() => window.playground!.waitForState('supabase_mfa', 'error_code', 'network_error', 15_000));
      const failed = await states(page);
      assert.equal(failed.is_signed_in, false);
      assert.equal(failed.is_busy, false);
      const message = String(failed.error_message);
      assert.match(message, /^[A-Z][^\n]*\.$/, 'a sentence');
      assert.doesNotMatch(message, /fetch|TypeError|undefined|\b50\d\b/i, 'plain English, no internals');
      await page.waitForFunction((m) => document.getElementById('err-sign-in')?.textContent === m, message, { timeout: 5000 });
      assert.equal(await page.locator('#status').isVisible(), false, 'the error shows under the form, not in a bar far from it');
      assert.equal(await page.locator('#event-log li[data-event="error"]').count(), 2);
      const requests = await page.evaluate(() => window.playground!.requests());
      assert.ok(
        requests.some((r) => r.method === 'POST' && r.url === `${new URL(pg.url).origin}/auth/v1/token?grant_type=password`),
        `the plugin tried the page's own /auth/v1: ${JSON.stringify(requests)}`,
      );
      assert.equal(await page.locator('#btn-sign-in').isEnabled(), true, 'buttons enabled again after is_busy');

      await page.screenshot({ path: join(SCREENSHOTS, 'playground-no-server.png'), fullPage: true });
      await assertClean(o);
      await o.context.close();

      // The same page at phone width.
      const m = await open(pg, { viewport: { width: 390, height: 844 }, mobile: true });
      await m.page.evaluate(() => window.playground!.waitForState('supabase_mfa', 'is_signed_in', false));
      const overflow = await m.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `no horizontal scrolling at 390 px (overflow ${overflow}px)`);
      await m.page.screenshot({ path: join(SCREENSHOTS, 'playground-no-server-mobile.png') });
      await assertClean(m);
      await m.context.close();

      assert.equal(await pg.stop(), 0, 'Ctrl-C: exit code 0');
      stopped = true;
      assert.equal(await isPortFree(pg.port), true, 'stop() frees the port');
      await assert.rejects(fetch(pg.url, { signal: AbortSignal.timeout(2000) }));
      await pg.stop(); // idempotent
    } finally {
      if (!stopped) await pg.stop();
    }
  });

  test('a session from an earlier visit: the groups follow the element’s states (Enter your code, Protected, factors)', async () => {
    // mintSession: a stored session as auth-js keeps it (unsigned JWT, decoded locally): no server involved.
    const pg = await startPlayground({ noServer: true });
    try {
      const totp = { id: '11111111-1111-4111-8111-111111111111', friendly_name: 'Work phone', factor_type: 'totp' as const, status: 'verified' as const };
      const sms = { id: '22222222-2222-4222-8222-222222222222', friendly_name: 'Phone ••0123', factor_type: 'phone' as const, status: 'verified' as const };

      // aal1 with two verified factors: MFA required → only "Enter your code".
      const a = await open(pg, { storage: storedFor(pg.url, mintSession({ aal: 'aal1', email: 'ada@example.com', factors: [totp, sms] })) });
      let page = a.page;
      await page.evaluate(() => window.playground!.waitForState('supabase_mfa', 'mfa_required', true));
      await page.locator('#group-enter-code').waitFor({ state: 'visible', timeout: 5000 });
      for (const id of ['group-sign-in', 'group-setup', 'group-protected', 'group-factors'])
        assert.equal(await page.locator(`#${id}`).isVisible(), false, `#${id} hidden`);
      assert.equal(await page.locator('#user-email').textContent(), 'ada@example.com');
      assert.equal(await page.locator('#user-level').textContent(), 'AAL1');
      // Both ways, each shown by its own state (Has authenticator app / Has phone factor), no factor ids.
      await page.locator('#enter-app').waitFor({ state: 'visible', timeout: 5000 });
      assert.equal(await page.locator('#enter-sms').isVisible(), true);
      assert.equal(await page.locator('#form-sms').isVisible(), false, 'the SMS code input shows once a code was sent');
      // The phone: "Text me a code" → Create a challenge (Factor type phone) → the plugin's network_error, in words, under it.
      await page.click('#btn-challenge-send');
      await page.evaluate(() => window.playground!.waitForState('supabase_mfa', 'error_code', 'network_error', 15_000));
      await page.waitForFunction(() => /^Could not reach Supabase/.test(document.getElementById('err-sms')?.textContent ?? ''), null, { timeout: 5000 });
      let requests = await page.evaluate(() => window.playground!.requests());
      assert.ok(
        requests.some((r) => r.method === 'POST' && r.url.endsWith(`/auth/v1/factors/${sms.id}/challenge`)),
        JSON.stringify(requests),
      );
      // The app: a code → Create and verify a challenge (Factor id empty: the authenticator app, never the phone).
      const before = (await page.evaluate(() => window.playground!.events('supabase_mfa'))).length;
      // The code input: digits only; its sixth digit submits by itself (Code completed).
      await page.fill('#code-challenge input', '12a3456');
      assert.equal(await page.inputValue('#code-challenge input'), '123456', 'digits only');
      await page.evaluate((n) => window.playground!.waitForEvent('supabase_mfa', 'error', n, 15_000), before);
      await page.locator('#code-challenge .smci-error').waitFor({ timeout: 5000 }); // Show error on An error occurred
      assert.equal(await page.locator('#err-sms').isVisible(), false, 'the earlier error is gone');
      assert.equal(await page.locator('#err-challenge').isVisible(), true);
      requests = await page.evaluate(() => window.playground!.requests());
      assert.ok(
        requests.some((r) => r.method === 'POST' && r.url.endsWith(`/auth/v1/factors/${totp.id}/challenge`)),
        JSON.stringify(requests),
      );
      assert.equal(requests.filter((r) => r.url.endsWith(`/auth/v1/factors/${sms.id}/challenge`)).length, 1, 'no second SMS request');
      await assertClean(a);
      await a.context.close();

      // aal2: Protected and the factor list; "Add a factor" opens the set-up group on demand.
      const b = await open(pg, { storage: storedFor(pg.url, mintSession({ aal: 'aal2', amr: ['totp', 'password'], factors: [totp] })) });
      page = b.page;
      await page.evaluate(() => window.playground!.waitForState('supabase_mfa', 'current_level', 'aal2'));
      await page.locator('#group-protected').waitFor({ state: 'visible', timeout: 5000 });
      assert.equal(await page.locator('#protected-methods').textContent(), 'totp, password');
      assert.equal(await page.locator('#group-enter-code').isVisible(), false);
      assert.equal(await page.locator('#group-setup').isVisible(), false, 'set-up is not shown once a factor is verified');
      await waitCount(page, '#factor-list li', 1);
      assert.match((await page.locator('#factor-list li').textContent()) ?? '', /Work phone.*verified/);
      await page.click('#btn-add-factor');
      await page.locator('#group-setup').waitFor({ state: 'visible', timeout: 5000 });
      assert.equal(await page.inputValue('#in-totp-name'), 'Authenticator app', 'a name the user has not used yet');
      // The status line never covers the set-up heading or its Close button.
      const covered = await page.evaluate(() => {
        const bar = document.getElementById('status')!.getBoundingClientRect();
        return ['#group-setup h2', '#btn-setup-close'].some((sel) => {
          const r = document.querySelector(sel)!.getBoundingClientRect();
          return !(r.bottom <= bar.top || r.top >= bar.bottom || bar.height === 0);
        });
      });
      assert.equal(covered, false);
      // Remove a verified factor: a confirmation first; Cancel keeps it.
      await page.locator('#factor-list li button[data-unenroll]').click();
      await page.locator('#factor-list button[data-confirm-remove]').waitFor({ state: 'visible', timeout: 5000 });
      assert.equal((await page.evaluate(() => window.playground!.requests())).filter((r) => r.method === 'DELETE').length, 0, 'nothing removed yet');
      await page.locator('#factor-list button[data-cancel-remove]').click();
      await page.locator('#factor-list button[data-unenroll]').waitFor({ state: 'visible', timeout: 5000 });
      // The dark page: the QR code element keeps its own light background.
      await page.click('#btn-theme');
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(bg, 'rgb(11, 18, 32)');
      await page.click('#btn-theme');
      await page.click('#tab-phone');
      assert.equal(await page.locator('#pane-phone').isVisible(), true);
      assert.equal(await page.locator('#pane-totp').isVisible(), false);
      await page.click('#btn-setup-close');
      await page.locator('#group-setup').waitFor({ state: 'hidden', timeout: 5000 });
      // Sign out (scope local) ends the session here even though no server answers.
      await page.click('#btn-sign-out');
      await page.evaluate(() => window.playground!.waitForState('supabase_mfa', 'is_signed_in', false, 15_000));
      await page.locator('#group-sign-in').waitFor({ state: 'visible', timeout: 5000 });
      assert.equal(await page.locator('#group-protected').isVisible(), false);
      await assertClean(b);
      await b.context.close();
    } finally {
      await pg.stop();
    }
  });

  test('the CLI (`tsx playground/server.ts`) prints the reason and the URL, and Ctrl-C exits 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'playground', 'server.ts')], {
      cwd: ROOT,
      env: { ...process.env, PLAYGROUND_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      // The URL line, checked on each chunk the child writes (no polling); its exit or 45 s end the wait.
      const url = await new Promise<string>((resolve, reject) => {
        const check = () => {
          const m = /Open (http:\/\/(?:127\.0\.0\.1|localhost):\d+\/)/.exec(stdout);
          if (!m) return;
          done();
          resolve(m[1]!);
        };
        const onExit = (code: number | null) => {
          done();
          reject(new Error(`the playground exited (code ${code}) before printing its URL:\n${stdout}\n${stderr}`));
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`timed out after 45000 ms waiting for the playground to print its URL:\n${stdout}\n${stderr}`));
        }, 45_000);
        const done = () => {
          clearTimeout(timer);
          child.stdout.off('data', check);
          child.off('exit', onExit);
        };
        child.stdout.on('data', check);
        child.on('exit', onExit);
        check();
      });
      if (natural) {
        assert.match(stdout, /No Supabase server/);
        assert.ok(
          unavailable.split('\n').every((line) => stdout.includes(line)),
          'prints the test bed’s reason, every line',
        );
        assert.match(stdout, /SUPABASE_URL=\S+ SUPABASE_ANON_KEY=<anon key> SUPABASE_SERVICE_ROLE_KEY=<service role key> npm start/);
      } else if (!remote) {
        assert.match(stdout, /SMS codes .* dev panel/);
      }
      assert.equal((await fetch(url)).status, 200);
      child.kill('SIGINT');
      assert.equal(await exited, 0, `exit code after SIGINT\n${stderr}`);
      assert.equal(await isPortFree(Number(new URL(url).port)), true, 'the port is free after Ctrl-C');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

// -------------------------------------------------------------------------------------------------

describe('the playground against the real Supabase Auth server', { skip: serverSkip }, () => {
  let pg: Playground;
  before(async () => {
    pg = await startPlayground();
    assert.notEqual(pg.mode, 'none', `no server after all: ${pg.reason ?? ''}`);
  });
  after(async () => {
    await pg?.stop();
  });

  const newUser = () => ({
    email: `playground-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`,
    password: `Pw-${Math.random().toString(36).slice(2)}-9a`,
  });

  async function signUp(page: Page, user: { email: string; password: string }): Promise<void> {
    await page.fill('#in-email', user.email);
    await page.fill('#in-password', user.password);
    await page.click('#btn-sign-up');
    await page.evaluate(() => window.playground!.waitForState('supabase_mfa', 'is_signed_in', true, 20_000));
    await page.locator('#group-setup').waitFor({ state: 'visible', timeout: 5000 });
  }

  /** Clicks Run the protected action (Backend workflow group); waits for the server's answer. */
  async function protectedAction(page: Page, expected: RegExp): Promise<void> {
    await page.click('#btn-protected-action');
    const result = page.locator('#protected-result');
    await result.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match((await result.textContent()) ?? '', expected);
  }

  /** Clicks Show QR code; returns the URI decoded from the pixels of the HTML element showing QR code (SVG). */
  async function enrollTotp(page: Page, name: string): Promise<string> {
    await page.fill('#in-totp-name', name);
    const after = await page.evaluate(() => window.playground!.eventCount('supabase_mfa'));
    await page.click('#btn-enroll-totp');
    await page.evaluate((after) => window.playground!.waitForEvent('supabase_mfa', 'factor_enrolled', after, 20_000), after);
    const qr = page.locator('#qr-html-element svg');
    await qr.waitFor({ state: 'visible', timeout: 5000 });
    await qr.scrollIntoViewIfNeeded();
    const box = (await page.locator('#qr-html-element').boundingBox())!;
    const png = await page.screenshot({ clip: { x: box.x - 16, y: box.y - 16, width: box.width + 32, height: box.height + 32 } });
    const decoded = decodeQrPng(png);
    const s = await states(page);
    assert.ok(decoded, 'the HTML element decodes');
    assert.equal(decoded, s.totp_uri, 'what the camera reads is the TOTP URI');
    assert.equal(await page.locator('#totp-secret').textContent(), s.totp_secret_grouped);
    const report = await page.evaluate(() => window.playground!.htmlElementReport('qr-html-element'));
    assert.equal(report.shape, 'qr', report.problems.join('; '));
    return decoded;
  }

  test('sign up → enroll TOTP → scan the QR element → verify → Protected; phone factor via the dev panel; sign in again → Enter your code', async () => {
    const o = await open(pg);
    const { page } = o;
    const user = newUser();

    // Create account → Sign up with email and password (the test bed confirms emails at once) → signed in.
    await signUp(page, user);
    let s = await states(page);
    assert.equal(s.user_email, user.email);
    assert.equal(s.current_level, 'aal1');
    assert.equal(s.verified_factor_count, 0);
    assert.equal(await page.locator('#group-protected').isVisible(), false);
    // The backend workflow's server-side check refuses the aal1 session: the protected step does not run.
    await protectedAction(page, /^Refused by the server: .*\(insufficient_aal\)$/);

    // Enroll → QR element → jsQR → otpauth → Verify.
    const uri = await enrollTotp(page, 'Authenticator app');
    assert.match(uri, /^otpauth:\/\/totp\//);
    assert.equal(await page.locator('#totp-link').isVisible(), false, 'the tap-to-add link is for touch / narrow screens');
    assert.equal(await page.evaluate(() => document.activeElement?.closest('#code-totp') !== null), true, 'the cursor waits in the code input');
    // A wrong code: the message is under the code input and names the authenticator app.
    const right = totpCode(uri);
    await page.fill('#code-totp input', String((Number(right) + 500_000) % 1_000_000).padStart(6, '0')); // the sixth digit submits
    await page.locator('#err-verify-totp').waitFor({ state: 'visible', timeout: 10_000 });
    assert.match((await page.locator('#err-verify-totp').textContent()) ?? '', /authenticator app/);
    await page.screenshot({ path: join(SCREENSHOTS, 'playground-enroll.png'), fullPage: true });
    await page.fill('#code-totp input', right); // the sixth digit submits
    await page.evaluate(() => window.playground!.waitForState('supabase_mfa', 'current_level', 'aal2', 20_000));
    await page.locator('#group-protected').waitFor({ state: 'visible', timeout: 5000 });
    assert.equal(await page.locator('#group-setup').isVisible(), false);
    s = await states(page);
    assert.equal(s.verified_factor_count, 1);
    assert.equal(s.totp_secret, null, 'secret wiped after verify');
    await waitCount(page, '#factor-list li', 1);
    await waitStatus(page, /Two-factor check passed/);
    // At aal2 the server's check passes and the protected step runs (its first time).
    await protectedAction(page, /^Done: the server confirmed aal2 \(totp, password\); the protected step has run 1×\.$/);
    await page.screenshot({ path: join(SCREENSHOTS, 'playground-protected.png'), fullPage: true });

    // A phone factor: Add a factor → Phone → Text me a code → the dev panel's code → Verify.
    if (pg.mode === 'local') {
      const phone = `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
      await page.click('#btn-add-factor');
      assert.equal(await page.inputValue('#in-totp-name'), 'Authenticator app 2', 'the second authenticator gets a free name');
      await page.click('#tab-phone');
      await page.fill('#in-phone', phone);
      const before = (await page.evaluate(() => window.playground!.events('supabase_mfa'))).length;
      await page.click('#btn-enroll-phone');
      await page.evaluate((n) => window.playground!.waitForEvent('supabase_mfa', 'challenge_created', n, 20_000), before);
      await page.locator('#sms-list li').first().waitFor({ timeout: 10_000 });
      assert.equal(await page.locator('#panel-dev-sms').isVisible(), true);
      await page.locator('#sms-list li button').first().click(); // "Use": autofills the visible code input, which submits
      await page.screenshot({ path: join(SCREENSHOTS, 'playground-phone.png'), fullPage: true });
      await page.evaluate((n) => window.playground!.waitForEvent('supabase_mfa', 'challenge_verified', n, 20_000), before);
      const completed = await page.evaluate(() => window.playground!.events('code_phone').filter((e) => e.event === 'code_completed'));
      assert.equal(completed.length, 1);
      assert.match(String(completed[0]!.states.code), /^\d{6}$/);
      await page.evaluate(() => window.playground!.waitForState('supabase_mfa', 'verified_factor_count', 2, 10_000));
      await waitCount(page, '#factor-list li', 2);
    }

    // Sign out, sign in again: MFA required → Enter your code → aal2.
    await page.click('#btn-sign-out');
    await page.evaluate(() => window.playground!.waitForState('supabase_mfa', 'is_signed_in', false, 10_000));
    await page.fill('#in-email', user.email);
    await page.fill('#in-password', user.password);
    await page.click('#btn-sign-in');
    await page.evaluate(() => window.playground!.waitForState('supabase_mfa', 'mfa_required', true, 20_000));
    await page.locator('#group-enter-code').waitFor({ state: 'visible', timeout: 5000 });
    assert.equal(await page.locator('#group-protected').isVisible(), false);
    assert.equal(await page.locator('#group-setup').isVisible(), false);
    await page.screenshot({ path: join(SCREENSHOTS, 'playground-enter-code.png'), fullPage: true });
    await page.fill('#code-challenge input', totpCode(uri, 1)); // the next window: the server accepts ±1; the sixth digit submits
    await page.evaluate(() => window.playground!.waitForState('supabase_mfa', 'current_level', 'aal2', 20_000));
    await page.locator('#group-protected').waitFor({ state: 'visible', timeout: 5000 });

    // The same page dark: the QR code still scans (its own light background), here on a second authenticator.
    await page.click('#btn-theme');
    await page.click('#btn-add-factor');
    await page.click('#tab-totp');
    await enrollTotp(page, await page.inputValue('#in-totp-name'));
    await page.screenshot({ path: join(SCREENSHOTS, 'playground-dark.png'), fullPage: true });
    await page.click('#btn-theme');

    await assertClean(o);
    await o.context.close();
  });

  test('security key and passkey (local test bed, page on localhost, a virtual authenticator): set-up → Protected; passkey sign-in → Use my security key → Protected', async (t) => {
    if (pg.mode !== 'local') return t.skip('WebAuthn needs the local test bed (its origins name this page)');
    assert.match(pg.url, /^http:\/\/localhost:\d+\/$/, 'served on localhost: browsers refuse WebAuthn on 127.0.0.1');
    const o = await open(pg);
    const { page } = o;
    await addVirtualAuthenticator(page, 'usb');
    const user = newUser();
    await signUp(page, user);
    await page.click('#tab-key');
    await page.locator('#form-enroll-key').waitFor({ state: 'visible', timeout: 5000 });
    await page.selectOption('#in-key-kind', 'security_key');
    await page.fill('#in-key-name', 'YubiKey');
    await page.locator('#group-setup').screenshot({ path: join(SCREENSHOTS, 'playground-security-key-setup.png') });
    await page.click('#btn-enroll-key');
    await page.locator('#group-protected').waitFor({ state: 'visible', timeout: 20_000 });
    assert.match((await page.locator('#protected-methods').textContent()) ?? '', /mfa\/webauthn/);
    await waitCount(page, '#factor-list li', 1);
    assert.match((await page.locator('#factor-list li').textContent()) ?? '', /KEY.*YubiKey.*verified/);

    // A passkey for next time (from the set-up group's security key tab).
    await page.click('#btn-add-factor');
    await page.click('#tab-key');
    await page.click('#btn-register-passkey');
    await page.evaluate(() => window.playground!.waitForEvent('supabase_mfa', 'passkey_registered', 0, 20_000));
    await waitStatus(page, /Passkey saved/);

    await page.click('#btn-sign-out');
    await page.locator('#group-sign-in').waitFor({ state: 'visible', timeout: 10_000 });
    await page.locator('#passkey-sign-in').waitFor({ state: 'visible', timeout: 5000 });
    await page.locator('#group-sign-in').screenshot({ path: join(SCREENSHOTS, 'playground-passkey-sign-in.png') });
    await page.click('#btn-passkey-sign-in');
    await page.locator('#group-enter-code').waitFor({ state: 'visible', timeout: 20_000 });
    assert.equal((await states(page)).current_level, 'aal1', 'a passkey is a first factor');
    await page.locator('#challenge-key-row').waitFor({ state: 'visible', timeout: 5000 });
    assert.equal(await page.locator('#form-challenge').isVisible(), false, 'no code box for a security key');
    await page.locator('#group-enter-code').screenshot({ path: join(SCREENSHOTS, 'playground-security-key-step-up.png') });
    await page.click('#btn-challenge-key');
    await page.locator('#group-protected').waitFor({ state: 'visible', timeout: 20_000 });
    assert.equal((await states(page)).current_level, 'aal2');
    await assertClean(o);
    await o.context.close();
  });

  test('phone width: the same flow fits, the otpauth link shows, Unenroll removes the unfinished factor', async () => {
    const o = await open(pg, { viewport: { width: 390, height: 844 }, mobile: true });
    const { page } = o;
    await signUp(page, newUser());
    const uri = await enrollTotp(page, 'Phone width');
    const link = page.locator('#totp-link');
    assert.equal(await link.isVisible(), true, 'tap-to-add link on a touch screen');
    assert.equal(await link.getAttribute('href'), uri);
    const linkBox = await link.boundingBox();
    const qrBox = await page.locator('#qr-html-element').boundingBox();
    assert.ok(linkBox && qrBox && linkBox.y + linkBox.height <= qrBox.y, 'on a phone the tap-to-add button comes before the QR code');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling at 390 px (overflow ${overflow}px)`);
    await page.locator('#group-setup').screenshot({ path: join(SCREENSHOTS, 'playground-mobile-enroll.png') });

    // The unverified factor is listed; Remove → Unenroll a factor.
    await waitCount(page, '#factor-list li .status-tag.unverified', 1);
    await page.locator('#factor-list li button[data-unenroll]').first().click();
    await page.evaluate(() => window.playground!.waitForEvent('supabase_mfa', 'factor_unenrolled', 0, 20_000));
    await waitCount(page, '#factor-list li', 0);
    assert.equal(await page.locator('#totp-enrolled').isVisible(), false, 'the QR is gone with its factor');
    await assertClean(o);
    await o.context.close();
  });
});
