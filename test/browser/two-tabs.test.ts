/**
 * A sign-out the element did not start, against the real Supabase Auth server in Chromium: two
 * tabs of the app in one browser context (one localStorage, auth-js's broadcast between them).
 * Tab 2 signs out while tab 1's answer is on its way (held back by the network, the server's
 * real answer): tab 1 ends its session generation exactly as if it had signed out itself —
 * nothing published, nothing stored, nothing left for the next user. The same holds when tab 2
 * signs straight in as another user (no sign-out anywhere): tab 1 follows to that user and the
 * first user's answer is dropped.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { chromiumMissing } from '../../dev/browser/index.js';
import { localServerSkipReason } from '../../dev/testbed/index.js';
import { mfaRunner, type RealServerPage, startMfaAction, startRealServerPage, waitMfaActionDropped } from '../../dev/mfa-harness/index.js';
import { defaultStorageKey } from '../../shared/client.js';
import { totpCode } from '../../dev/fixtures/index.js';
import { within } from '../helpers/browser.js';

const skip = chromiumMissing() || (await localServerSkipReason('holds the local server’s answers'));

describe('two tabs: a sign-out in the other tab ends what is in flight here', { skip }, () => {
  let rs: RealServerPage;
  before(async () => {
    rs = await startRealServerPage();
  });
  after(async () => {
    await rs?.stop();
  });

  interface Tab {
    page: Page;
    mfa: string;
    run: ReturnType<typeof mfaRunner>;
    states(): Promise<Record<string, unknown>>;
    events(): Promise<string[]>;
    stored(): Promise<string | null>;
  }

  async function tab(page: Page): Promise<Tab> {
    const mfa = await page.evaluate(() => window.bubbleHarness.place('supabase_mfa'));
    const key = defaultStorageKey(rs.testbed.url);
    return {
      page,
      mfa,
      run: mfaRunner(page, mfa),
      states: () => page.evaluate((m) => window.bubbleHarness.states(m), mfa),
      events: () => page.evaluate((m) => window.bubbleHarness.events(m).map((e) => e.event), mfa),
      stored: () => page.evaluate((k) => window.localStorage.getItem(k), key),
    };
  }

  /** Tab 1 (signed in as a new user) and tab 2, the same page opened again in the same browser context. */
  async function twoTabs() {
    const user = await rs.testbed.createUser();
    const w = await rs.open({ elements: ['supabase_mfa'] });
    const one = await tab(w.page);
    await one.run.expect('sign_in', { email: user.email, password: user.password }, 'signed_in');
    const page2 = await w.page.context().newPage();
    await page2.goto(w.page.url(), { waitUntil: 'load' });
    await page2.waitForFunction(() => window.bubbleHarness?.ready === true);
    const two = await tab(page2);
    await page2.waitForFunction((m) => window.bubbleHarness.states(m).is_signed_in === true, two.mfa);
    return { user, one, two, close: () => w.page.context().close() };
  }

  /**
   * Holds the server's real answer to `method path` on `page` until release(). `answered`: the
   * server's answer is here (its body in `bodies`); `delivered`: after release(), the answer was
   * handed to the page, or the page had already dropped its request.
   */
  async function hold(page: Page, method: string, path: RegExp) {
    const bodies: string[] = [];
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let onAnswer!: () => void;
    const answered = new Promise<void>((r) => (onAnswer = r));
    let onDelivered!: () => void;
    const delivered = new Promise<void>((r) => (onDelivered = r));
    await page.route(
      (url) => path.test(url.pathname),
      async (route) => {
        if (route.request().method() !== method) return route.continue();
        const response = await route.fetch();
        bodies.push(await response.text());
        onAnswer();
        await released;
        // The page may have aborted the request meanwhile (its session ended): nothing to deliver then.
        await route.fulfill({ response }).catch(() => undefined);
        onDelivered();
      },
    );
    return { bodies, answered, release, delivered };
  }

  /**
   * Starts `action` in tab `t` with the server's answer to POST `path` held back, and waits until
   * the server has answered. `dropped(success)` then hands the answer over, waits until the
   * action's result was discarded, and gives the events since the start.
   */
  async function startHeld(t: Tab, path: RegExp, action: string, props: Record<string, unknown>, success: string) {
    const held = await hold(t.page, 'POST', path);
    const mark = (await t.events()).length;
    await startMfaAction(t.page, t.mfa, action, props);
    await within(held.answered, 10_000, `the server to answer ${action}`);
    assert.equal(held.bodies.length, 1);
    const dropped = async () => {
      held.release();
      await within(held.delivered, 10_000, 'the held answer to be handed to the page');
      await waitMfaActionDropped(t.page, t.mfa, action, success, mark);
      return (await t.events()).slice(mark);
    };
    return { body: held.bodies[0]!, dropped };
  }

  test('held verify: tab 2 signs out; tab 1 ends signed out, no aal2, no challenge_verified, nothing written back to storage', async () => {
    const { one, two, close } = await twoTabs();
    try {
      const enrolled = await one.run.expect('enroll_factor', { factor_type: 'totp' }, 'factor_enrolled');
      await one.run.expect('create_challenge', {}, 'challenge_created');
      const verify = await startHeld(
        one,
        /\/auth\/v1\/factors\/[^/]+\/verify$/,
        'verify_challenge',
        { code: totpCode(String(enrolled.states.totp_uri)) },
        'challenge_verified',
      );
      assert.match(verify.body, /"aal2"|access_token/, 'the server verified the code');

      await two.run.expect('sign_out', {}, 'signed_out');
      await one.page.waitForFunction((m) => window.bubbleHarness.states(m).is_signed_in === false, one.mfa);
      const after = await verify.dropped();
      assert.ok(!after.includes('challenge_verified') && !after.includes('signed_in'), after.join(' → '));
      const s = await one.states();
      assert.deepEqual([s.is_signed_in, s.current_level, s.is_busy], [false, null, false]);
      assert.equal(await one.stored(), null, 'the aal2 session was not written back');
      assert.equal(await two.stored(), null);
    } finally {
      await close();
    }
  });

  test('held enroll: tab 2 signs out; tab 1 publishes no secret or QR, and when another user signs in, none of the first user’s shows', async () => {
    const { one, two, close } = await twoTabs();
    try {
      const enroll = await startHeld(one, /\/auth\/v1\/factors$/, 'enroll_factor', { factor_type: 'totp' }, 'factor_enrolled');
      assert.match(enroll.body, /otpauth:\/\/totp/, 'the server created the factor');

      await two.run.expect('sign_out', {}, 'signed_out');
      await one.page.waitForFunction((m) => window.bubbleHarness.states(m).is_signed_in === false, one.mfa);
      const after = await enroll.dropped();
      assert.ok(!after.includes('factor_enrolled'), after.join(' → '));
      for (const [name, value] of Object.entries(await one.states())) {
        if (/^(qr_code_svg|qr_code_image|totp_secret|totp_secret_grouped|totp_uri|factor_id)$/.test(name)) assert.equal(value, null, name);
      }

      const b = await rs.testbed.createUser();
      await two.run.expect('sign_in', { email: b.email, password: b.password }, 'signed_in');
      await one.page.waitForFunction(({ m, id }) => window.bubbleHarness.states(m).user_id === id, { m: one.mfa, id: b.id }, { timeout: 10_000 });
      const s = await one.states();
      assert.deepEqual([s.totp_uri, s.qr_code_svg, s.totp_secret], [null, null, null]);
      assert.deepEqual(s.factor_ids, []);
    } finally {
      await close();
    }
  });

  test('held enroll: tab 2 signs in as another user without signing out; tab 1 switches to that user and never shows the first user’s QR, secret or factor', async () => {
    const { user: a, one, two, close } = await twoTabs();
    try {
      const enroll = await startHeld(one, /\/auth\/v1\/factors$/, 'enroll_factor', { factor_type: 'totp' }, 'factor_enrolled');
      assert.match(enroll.body, /otpauth:\/\/totp/, 'the server created the factor for the first user');

      // Tab 2 signs straight in as B: the stored session is replaced, no sign-out happens anywhere.
      const b = await rs.testbed.createUser();
      await two.run.expect('sign_in', { email: b.email, password: b.password }, 'signed_in');
      await one.page.waitForFunction(({ m, id }) => window.bubbleHarness.states(m).user_id === id, { m: one.mfa, id: b.id }, { timeout: 10_000 });
      const after = await enroll.dropped();
      assert.ok(!after.includes('factor_enrolled'), after.join(' → '));
      const s = await one.states();
      assert.equal(s.user_id, b.id);
      assert.equal(s.user_email, b.email);
      assert.notEqual(s.user_id, a.id);
      assert.deepEqual([s.totp_uri, s.qr_code_svg, s.qr_code_image, s.totp_secret, s.factor_id], [null, null, null, null, null]);
      assert.deepEqual(s.factor_ids, [], 'B has no factors; A’s new factor is not shown as B’s');
      assert.equal(s.is_busy, false);
      // Storage holds B's session in both tabs: A's answer was not written over it.
      const stored = JSON.parse((await one.stored()) ?? 'null') as { user?: { id?: string } } | null;
      assert.equal(stored?.user?.id, b.id);
      assert.equal(await two.stored(), await one.stored());
    } finally {
      await close();
    }
  });
});
