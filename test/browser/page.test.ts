/**
 * The plugin on a Bubble-like page in Chromium: the element headers sit in <head> as inline
 * scripts, the runtimes evaluate and register their elements, and the page's "protected" group
 * (data-show-when="supabase_mfa.current_level == aal2") is shown only for an aal2 session.
 * Sessions come from localStorage (an earlier visit), so no Supabase server is involved; sign
 * out (scope local) removes the session even though this origin's /auth/v1 knows no routes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { harnessRoute, type HarnessServer, pageQuery, startHarnessServer } from '../../dev/bubble-harness/index.js';
import { MFA_PAGE, waitForPageStartup } from '../../dev/mfa-harness/index.js';
import { startGateway } from '../../dev/testbed/index.js';
import { isSessionCheck, mintSession, storageKeyFor, storedFor } from '../helpers/fixtures.js';
import { chromiumMissing, launchChromium, openWatched, type Watched } from '../../dev/browser/index.js';

const skip = chromiumMissing() ?? false;
let browser: Browser;
let server: HarnessServer;

before(async () => {
  if (skip) return;
  server = await startHarnessServer(MFA_PAGE);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const keys = () => ({ 'Supabase URL': server.url, 'Supabase anon key': 'anon-key' });

async function mfaPage(session?: ReturnType<typeof mintSession>, allowed?: (method: string, path: string) => boolean): Promise<{ w: Watched; mfa: string }> {
  const w = await openWatched(browser, server.pageUrl({ elements: ['supabase_mfa', 'qr_code'], keys: keys() }), {
    storage: session ? storedFor(server.url, session) : undefined,
    // A restored session is checked once with the server in the background (GET /auth/v1/user).
    allowed: (r) => {
      const path = new URL(r.url()).pathname;
      return (session !== undefined && isSessionCheck(r.method(), path)) || (allowed?.(r.method(), path) ?? false);
    },
  });
  const mfa = await w.page.evaluate(() => window.bubbleHarness.place('supabase_mfa'));
  return { w, mfa };
}

async function clean(w: Watched): Promise<void> {
  assert.deepEqual(await w.page.evaluate(() => window.bubbleHarness.violations()), []);
  assert.deepEqual(w.unexpected, []);
  assert.ok(w.all.filter((r) => isSessionCheck(r.method, r.url)).length <= 1, 'the stored session is checked once');
  assert.deepEqual(w.pageErrors, []);
  assert.deepEqual(w.dialogs, []);
  await w.page.context().close();
}

describe('the plugin page in Chromium', { skip }, () => {
  test('headers are inline scripts in <head>; both runtimes evaluate once and register their elements', async () => {
    const { w, mfa } = await mfaPage();
    const info = await w.page.evaluate(() => {
      const g = window as unknown as { SupabaseMfaBubble?: { elements: Record<string, unknown> }; SupabaseMfaBubbleLoaded?: Record<string, number> };
      return {
        headScripts: Array.from(document.head.querySelectorAll('script[data-supabase-mfa-runtime]')).map((s) => s.getAttribute('data-supabase-mfa-runtime')),
        bodyRuntimeScripts: document.body.querySelectorAll('script[data-supabase-mfa-runtime]').length,
        elements: Object.keys(g.SupabaseMfaBubble?.elements ?? {}).sort(),
        loaded: g.SupabaseMfaBubbleLoaded,
        jquery: typeof (window as unknown as { jQuery?: unknown }).jQuery,
      };
    });
    // One runtime per element type's header; each evaluated exactly once (headers are guarded).
    assert.deepEqual([...new Set(info.headScripts)].sort(), ['mfa', 'qr']);
    assert.equal(info.bodyRuntimeScripts, 0);
    assert.deepEqual(info.elements, ['qr_code', 'supabase_mfa']);
    assert.deepEqual(Object.keys(info.loaded ?? {}).sort(), ['mfa', 'qr']);
    assert.ok(Object.values(info.loaded ?? {}).every((v) => v === 1));
    assert.equal(info.jquery, 'function');
    const states = await w.page.evaluate((mfa) => window.bubbleHarness.states(mfa), mfa);
    assert.equal(states.is_signed_in, false);
    assert.equal(states.error_code, null);
    await clean(w);
  });

  test("mounted under /harness on the test bed's gateway (as mfa-flow does), the page and its assets load", async () => {
    const gateway = await startGateway({ log: () => undefined, apiKeys: [] });
    try {
      gateway.route('/harness', await harnessRoute(MFA_PAGE));
      const w = await openWatched(
        browser,
        `${gateway.url}/harness/${pageQuery({ elements: ['supabase_mfa', 'qr_code'], keys: { 'Supabase URL': gateway.url, 'Supabase anon key': 'anon' } })}`,
      );
      const name = await w.page.evaluate(() => window.bubbleHarness.place('qr_code'));
      assert.equal(name, 'qr_code');
      const paths = w.all.map((r) => new URL(r.url).pathname);
      for (const p of ['/harness/', '/harness/assets/jquery.js', '/harness/assets/plugin-files.js', '/harness/assets/harness.js'])
        assert.ok(paths.includes(p), `${p} loaded`);
      assert.ok(
        paths.every((p) => p.startsWith('/harness/')),
        paths.join(', '),
      );
      await clean(w);
    } finally {
      await gateway.stop();
    }
  });

  test('a page with only the QR code element loads only the QR runtime', async () => {
    const w = await openWatched(browser, server.pageUrl({ elements: ['qr_code'] }));
    const elements = await w.page.evaluate(() => Object.keys((window as unknown as { SupabaseMfaBubble: { elements: object } }).SupabaseMfaBubble.elements));
    assert.deepEqual(elements, ['qr_code']);
    await clean(w);
  });

  test('no plugin keys: the element reports missing_keys once, without a request', async () => {
    const w = await openWatched(browser, server.pageUrl({ elements: ['supabase_mfa'] }));
    const out = await w.page.evaluate(async () => {
      const h = window.bubbleHarness;
      const mfa = h.place('supabase_mfa');
      h.rerunUpdate(mfa);
      h.rerunUpdate(mfa);
      await h.waitForEvent(mfa, 'error');
      return { states: h.states(mfa), events: h.events(mfa).map((e) => e.event), debug: h.debug(mfa) };
    });
    assert.equal(out.states.error_code, 'missing_keys');
    assert.deepEqual(out.events, ['error']);
    assert.equal(out.debug.length, 1);
    await clean(w);
  });
});

describe('the protected group (data-show-when="supabase_mfa.current_level == aal2")', { skip }, () => {
  test('signed out: hidden', async () => {
    const { w, mfa } = await mfaPage();
    // Start-up is over (nothing stored was taken): only then does "hidden" mean it stays hidden.
    await waitForPageStartup(w.page, mfa);
    assert.equal((await w.page.evaluate((mfa) => window.bubbleHarness.states(mfa), mfa)).current_level, null);
    assert.equal(await w.page.evaluate(() => window.bubbleHarness.isShown('protected')), false);
    assert.equal(await w.page.locator('#protected').isVisible(), false);
    await clean(w);
  });

  test('aal1 session with a verified factor: hidden, MFA required', async () => {
    const { w, mfa } = await mfaPage(mintSession({ aal: 'aal1' }));
    await w.page.evaluate((mfa) => window.bubbleHarness.waitForState(mfa, 'current_level', 'aal1'), mfa);
    const states = await w.page.evaluate((mfa) => window.bubbleHarness.states(mfa), mfa);
    assert.equal(states.mfa_required, true);
    assert.equal(await w.page.locator('#protected').isVisible(), false);
    await clean(w);
  });

  test('aal2 session: shown; after Sign out (local) it hides again', async () => {
    const session = mintSession({ aal: 'aal2', amr: ['totp', 'password'] });
    const { w, mfa } = await mfaPage(session, (method, path) => method === 'POST' && path === '/auth/v1/logout');
    await w.page.evaluate((mfa) => window.bubbleHarness.waitForState(mfa, 'current_level', 'aal2'), mfa);
    assert.equal(await w.page.locator('#protected').isVisible(), true);
    assert.equal(await w.page.evaluate(() => window.bubbleHarness.isShown('protected')), true);
    const out = await w.page.evaluate(async (mfa) => {
      const h = window.bubbleHarness;
      const after = h.eventCount(mfa);
      h.runAction(mfa, 'sign_out', { scope: 'local' });
      await h.waitForEvent(mfa, 'signed_out', after);
      await h.waitForState(mfa, 'is_busy', false);
      return {
        states: h.states(mfa),
        events: h
          .events(mfa)
          .slice(after)
          .map((e) => e.event),
      };
    }, mfa);
    assert.equal(out.states.current_level, null);
    assert.equal(out.states.is_signed_in, false);
    assert.ok(out.events.includes('signed_out'), out.events.join());
    assert.equal(await w.page.locator('#protected').isVisible(), false);
    assert.equal(await w.page.evaluate((k) => localStorage.getItem(k), storageKeyFor(server.url)), null, 'the stored session is gone');
    await clean(w);
  });
});
