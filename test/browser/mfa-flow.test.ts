/**
 * The whole MFA flow against a REAL Supabase Auth server, in Chromium, through the built plugin
 * on the harness page — no mock anywhere:
 *   Sign in with email and password → Enroll a factor (TOTP) → the QR code element, bound to the
 *   element's QR code (SVG), renders it (the alternative to the how-to's HTML element, test/browser/how-to.test.ts) → screenshot → jsQR → equals TOTP URI → a code computed
 *   with `otpauth` from the secret in the DECODED URI → Create and verify a challenge (light page)
 *   or Create a challenge + Verify a challenge (dark page) → aal2 → the protected group shows.
 *
 * Server: SUPABASE_URL / SUPABASE_ANON_KEY / SUPABASE_SERVICE_ROLE_KEY when set, else the local
 * test bed (dev/testbed: the real auth server built from its Go module). Skipped, with the
 * reason printed, when neither is available.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as OTPAuth from 'otpauth';
import { realServerSkipReason, type Testbed } from '../../dev/testbed/index.js';
import {
  isCleanQrImage,
  isCleanQrSvgState,
  mfaRunner,
  type RealServerPage,
  runMfaAction,
  startRealServerPage,
  waitForPageStartup,
  waitMfaActionDropped,
} from '../../dev/mfa-harness/index.js';
import { ROOT } from '../../dev/bubble-harness/index.js';
import { chromiumMissing, decodeQrPng, screenshotDir, screenshotInstance } from '../../dev/browser/index.js';
import { assertPageClean, within } from '../helpers/browser.js';

const skip = chromiumMissing() ?? (await realServerSkipReason());
if (skip) console.log(`mfa-flow skipped: ${skip}`);

const ISSUER = 'myapp.bubbleapps.io';
const SCREENSHOTS = screenshotDir(ROOT);

let bed: RealServerPage | undefined;
let testbed: Testbed;

before(async () => {
  if (skip) return;
  bed = await startRealServerPage();
  ({ testbed } = bed);
  mkdirSync(SCREENSHOTS, { recursive: true });
});
after(async () => {
  await bed?.stop();
});

for (const theme of ['light', 'dark'] as const) {
  describe(`sign in → enroll TOTP → scan → verify → aal2 (${theme} page)`, () => {
    test('the flow through the element actions', { skip }, async () => {
      const user = await testbed.createUser();
      const w = await bed!.open({ elements: ['supabase_mfa', 'qr_code'], theme });
      try {
        const { mfa, qr } = await w.page.evaluate(() => {
          const h = window.bubbleHarness;
          const mfa = h.place('supabase_mfa');
          const qr = h.place('qr_code', { width: 240, height: 240 });
          h.bind(qr, 'qr_source', mfa, 'qr_code_svg');
          return { mfa, qr };
        });
        const run = mfaRunner(w.page, mfa);

        // 1. Sign in: aal1, nothing to pass yet.
        const signedIn = await run.expect('sign_in', { email: user.email, password: user.password }, 'signed_in');
        assert.equal(signedIn.ev.states.is_signed_in, true, 'states before the event');
        assert.equal(signedIn.states.current_level, 'aal1');
        assert.equal(signedIn.states.user_email, user.email);
        assert.equal(await w.page.locator('#protected').isVisible(), false);

        // 2. Enroll a TOTP factor.
        const enrolled = await run.expect('enroll_factor', { factor_type: 'totp', friendly_name: `Phone ${theme}`, issuer: ISSUER }, 'factor_enrolled');
        const s = enrolled.states;
        assert.ok(isCleanQrSvgState(s.qr_code_svg), 'qr_code_svg is the redrawn QR');
        assert.ok(isCleanQrImage(s.qr_code_image), 'qr_code_image is a PNG');
        assert.equal(enrolled.ev.states.qr_code_svg, s.qr_code_svg, 'published before factor_enrolled fired');
        assert.match(String(s.totp_uri), /^otpauth:\/\/totp\//);

        // 3. The bound QR element shows it; its pixels decode to the TOTP URI.
        const qrStates = await w.page.evaluate((qr) => window.bubbleHarness.states(qr), qr);
        assert.equal(qrStates.is_valid, true);
        const png = await screenshotInstance(w.page, qr, 16);
        writeFileSync(join(SCREENSHOTS, `mfa-flow-enroll-${theme}.png`), png);
        const decoded = decodeQrPng(png);
        assert.equal(decoded, s.totp_uri);

        // 3b. QR code image in an <img>, as a Bubble Image element shows it, at the 240 px the state's
        // doc asks for and larger: Chromium decodes the PNG, and what it paints scans to the same link.
        for (const side of [240, 300]) {
          const shown = await w.page.evaluate(
            async ([src, side]) => {
              document.getElementById('qr-image-check')?.remove();
              const img = document.createElement('img');
              img.id = 'qr-image-check';
              img.alt = 'QR code';
              img.style.cssText = `position:fixed;left:20px;top:20px;width:${side}px;height:${side}px;z-index:9999`;
              img.src = src as string;
              document.body.appendChild(img);
              await img.decode();
              return { natural: img.naturalWidth, complete: img.complete };
            },
            [String(s.qr_code_image), side] as const,
          );
          assert.ok(shown.complete && shown.natural >= 240, JSON.stringify(shown));
          const painted = await w.page.locator('#qr-image-check').screenshot();
          writeFileSync(join(SCREENSHOTS, `mfa-flow-image-${side}-${theme}.png`), painted);
          assert.equal(decodeQrPng(painted), s.totp_uri, `the QR code image shown ${side} px wide scans to the TOTP link`);
        }
        await w.page.evaluate(() => document.getElementById('qr-image-check')?.remove());

        // 4. The code, from the secret in what the camera read.
        const otp = OTPAuth.URI.parse(decoded!);
        assert.ok(otp instanceof OTPAuth.TOTP);
        assert.equal(otp.issuer, ISSUER);
        assert.equal(otp.secret.base32.replace(/=+$/, ''), String(s.totp_secret).replace(/=+$/, ''));
        const code = otp.generate();

        // 5. Verify: one step on the light page, two on the dark one.
        let verified: Awaited<ReturnType<typeof run>>;
        if (theme === 'light') {
          verified = await run('challenge_and_verify', { code }, 'challenge_verified');
        } else {
          const challenged = await run.expect('create_challenge', {}, 'challenge_created');
          assert.match(String(challenged.states.challenge_id), /^[0-9a-f-]{36}$/);
          assert.ok((challenged.states.challenge_expires_at as { $date?: string } | null)?.$date, 'challenge_expires_at is a date');
          verified = await run('verify_challenge', { code: `${code.slice(0, 3)} ${code.slice(3)}` }, 'challenge_verified');
        }
        assert.equal(verified.ev.event, 'challenge_verified', JSON.stringify(verified.states));
        assert.equal(verified.ev.states.current_level, 'aal2', 'aal2 is in the states before challenge_verified fires');
        const v = verified.states;
        assert.deepEqual([v.current_level, v.next_level, v.mfa_required], ['aal2', 'aal2', false]);
        assert.equal(v.verified_factor_count, 1);
        for (const k of ['qr_code_svg', 'qr_code_image', 'totp_secret', 'totp_secret_grouped', 'totp_uri'])
          assert.equal(v[k], null, `${k} cleared after verify`);
        assert.ok((v.authentication_methods as string[]).includes('totp'));

        // 6. The protected group shows; the QR element emptied with its source.
        await w.page.locator('#protected').waitFor({ state: 'visible', timeout: 5000 });
        assert.equal((await w.page.evaluate((qr) => window.bubbleHarness.qrReport(qr), qr)).shape, 'empty');
        await w.page.screenshot({ path: join(SCREENSHOTS, `mfa-flow-verified-${theme}.png`) });

        await assertPageClean(w);
      } finally {
        await w.page.context().close();
      }
    });
  });
}

describe('sign out while Verify is in flight (Chromium, real server)', () => {
  test('the aal2 answer arriving after Sign out publishes nothing, fires nothing, stores nothing; a reload is signed out', { skip }, async () => {
    const user = await testbed.createUser();
    const w = await bed!.open({ elements: ['supabase_mfa'] });
    try {
      const mfa = await w.page.evaluate(() => window.bubbleHarness.place('supabase_mfa'));
      const run = mfaRunner(w.page, mfa);
      assert.equal((await run('sign_in', { email: user.email, password: user.password }, 'signed_in')).ev.event, 'signed_in');
      const enrolled = await run('enroll_factor', { factor_type: 'totp' }, 'factor_enrolled');
      assert.equal((await run('create_challenge', {}, 'challenge_created')).ev.event, 'challenge_created');

      // The real server answers the verify; the network holds that answer until after Sign out.
      let answered: (() => void) | undefined;
      const arrived = new Promise<void>((r) => {
        answered = r;
      });
      let release: (() => void) | undefined;
      const released = new Promise<void>((r) => {
        release = r;
      });
      let handedOver: (() => void) | undefined;
      const delivered = new Promise<void>((r) => {
        handedOver = r;
      });
      await w.page.route('**/auth/v1/factors/*/verify', async (route) => {
        const response = await route.fetch();
        answered?.();
        await released;
        await route.fulfill({ response }).catch(() => undefined); // the page may have aborted it
        handedOver?.();
      });
      const mark = await w.page.evaluate((mfa) => window.bubbleHarness.eventCount(mfa), mfa);
      const code = (OTPAuth.URI.parse(String(enrolled.states.totp_uri)) as OTPAuth.TOTP).generate();
      await w.page.evaluate(({ mfa, code }) => window.bubbleHarness.runAction(mfa, 'verify_challenge', { code }), { mfa, code });
      await within(arrived, 10_000, 'the server to answer the verify');
      await w.page.evaluate((mfa) => window.bubbleHarness.runAction(mfa, 'sign_out', {}), mfa);
      await w.page.evaluate((mfa) => window.bubbleHarness.waitForState(mfa, 'is_signed_in', false), mfa);
      release?.();
      // The held answer has reached the page (or the page had dropped its request) and Verify has ended, its result discarded.
      await within(delivered, 10_000, 'the held verify answer to be handed to the page');
      await waitMfaActionDropped(w.page, mfa, 'verify_challenge', 'challenge_verified', mark);

      const events = (await w.page.evaluate((mfa) => window.bubbleHarness.events(mfa), mfa)).slice(mark).map((e) => e.event);
      assert.deepEqual(events, ['assurance_level_changed', 'signed_out'], events.join(' → '));
      const s = await w.page.evaluate((mfa) => window.bubbleHarness.states(mfa), mfa);
      assert.deepEqual([s.is_signed_in, s.current_level, s.totp_secret], [false, null, null]);
      const sessions = await w.page.evaluate(() => Object.keys(localStorage).filter((k) => /auth-token$/.test(k) && localStorage.getItem(k)));
      assert.deepEqual(sessions, [], 'no session stored');

      await w.page.unroute('**/auth/v1/factors/*/verify');
      await w.page.reload({ waitUntil: 'load' });
      await w.page.waitForFunction(() => window.bubbleHarness?.ready === true);
      const again = await w.page.evaluate(() => window.bubbleHarness.place('supabase_mfa'));
      await waitForPageStartup(w.page, again);
      assert.equal((await w.page.evaluate((n) => window.bubbleHarness.states(n), again)).is_signed_in, false, 'signed out after a reload');
      assert.deepEqual(await w.page.evaluate(() => window.bubbleHarness.violations()), []);
      assert.deepEqual(w.pageErrors, []);
    } finally {
      await w.page.context().close();
    }
  });
});

describe('two Supabase MFA elements on one page (a reusable header and the page, Chromium, real server)', () => {
  test('they follow one session: sign-in and sign-out on one show on the other; one logout request', { skip }, async () => {
    const user = await testbed.createUser();
    const w = await bed!.open({ elements: ['supabase_mfa'] });
    const logouts: string[] = [];
    w.page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/auth/v1/logout') logouts.push(r.url());
    });
    try {
      const [a, b] = await w.page.evaluate(() => [window.bubbleHarness.place('supabase_mfa'), window.bubbleHarness.place('supabase_mfa')]);
      const other = () => w.page.evaluate((n) => ({ states: window.bubbleHarness.states(n), events: window.bubbleHarness.events(n).map((e) => e.event) }), b!);
      const signedIn = await runMfaAction(w.page, a!, 'sign_in', { email: user.email, password: user.password }, 'signed_in');
      assert.equal(signedIn.ev.event, 'signed_in', JSON.stringify(signedIn.states));
      await w.page.waitForFunction((n) => window.bubbleHarness.states(n).is_signed_in === true, b!);
      const seen = await other();
      assert.equal(seen.states.user_email, user.email);
      assert.equal(seen.states.current_level, 'aal1');
      assert.ok(seen.events.includes('signed_in'));

      const out = await runMfaAction(w.page, a!, 'sign_out', {}, 'signed_out');
      assert.equal(out.ev.event, 'signed_out');
      await w.page.waitForFunction((n) => window.bubbleHarness.states(n).is_signed_in === false, b!);
      const after = await other();
      assert.equal(after.states.user_id, null);
      assert.equal(after.states.error_code, null);
      assert.equal(after.events.at(-1), 'signed_out');
      assert.equal(logouts.length, 1, 'the session is revoked once');
      assert.deepEqual(w.pageErrors, []);
    } finally {
      await w.page.context().close();
    }
  });
});
