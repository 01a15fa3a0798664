/**
 * The plugin's founding how-to, walked word for word against the REAL Supabase Auth server in
 * Chromium, through the built plugin on the harness page:
 *   Enroll a Factor → an HTML element (a div whose content Bubble sets with jQuery's .html())
 *   shows the QR code (SVG) state, in a white and in a dark group → a phone scans it (jsqr on
 *   a screenshot, at 200 px and up) → Create and verify a challenge with the factor ID and the
 *   6-digit code → aal2 → at the next login, Get AAL says aal1 / next aal2 (the groups) → the
 *   code again → aal2 → Unenroll → next level aal1.
 * And the same Enroll with the server's answer rewritten on the wire by the test bed's gateway
 * (hostile totp.qr_code, uri, secret): the same clean QR, or a refused enroll, never other markup.
 *
 * Skipped, with the reason printed, without Chromium or a real server.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as OTPAuth from 'otpauth';
import type { Page } from 'playwright-core';
import { isCleanQrImage, isCleanQrSvgState, mfaRunner, type QrDomReport, type RealServerPage, startRealServerPage } from '../../dev/mfa-harness/index.js';
import { localOnlySkipReason, realServerSkipReason } from '../../dev/testbed/index.js';
import { ROOT } from '../../dev/bubble-harness/index.js';
import { chromiumMissing, decodeQrPng, screenshotDir } from '../../dev/browser/index.js';
import { HOSTILE_SVGS } from '../fixtures/hostile-svgs.js';
import { assertPageClean } from '../helpers/browser.js';

const skip = chromiumMissing() ?? (await realServerSkipReason());
if (skip) console.log(`how-to skipped: ${skip}`);
/** The hostile variant rewrites answers in the local test bed's gateway. */
const localSkip = skip || localOnlySkipReason("the answer is rewritten in the local test bed's gateway; a remote project has none");

const ISSUER = 'myapp.bubbleapps.io';
const SCREENSHOTS = screenshotDir(ROOT);
const HTML_ELEMENT = 'html-qr';
const GROUPS = { white: '#ffffff', dark: '#1d2230' } as const;
/** The HTML element's sides scanned: from the 200 px the how-to's users pick up. */
const SIDES = [200, 240, 320];

let bed: RealServerPage | undefined;

before(async () => {
  if (skip) return;
  bed = await startRealServerPage();
  mkdirSync(SCREENSHOTS, { recursive: true });
});
after(async () => {
  await bed?.stop();
});

/** Bubble's HTML element bound to the QR code (SVG) state: its content set with jQuery's .html(). */
function showInHtmlElement(page: Page, svg: unknown): Promise<QrDomReport> {
  return page.evaluate(([id, html]) => window.bubbleHarness.setHtmlElement(id, html), [HTML_ELEMENT, typeof svg === 'string' ? svg : null] as const);
}

/**
 * The later signal before asserting that no payload ran: every image the page holds (what an
 * <img onerror> payload needs) has loaded or failed, and the load / error events that queued
 * have been dispatched (one more task after a frame). The checks above already found no markup
 * but the redrawn QR in the HTML element and the states.
 */
async function imagesSettled(page: Page): Promise<void> {
  await page
    .waitForFunction(() => [...document.images].every((i) => i.complete), undefined, { timeout: 10_000 })
    .catch((e: unknown) => {
      throw new Error(`timed out waiting for the page's images to load or fail (${String(e)})`);
    });
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r))));
}

/** What a phone reads from the group on screen: a screenshot of it, decoded by jsqr. */
async function scan(page: Page, group: keyof typeof GROUPS, side: number): Promise<{ text: string | null; png: Buffer }> {
  await page.evaluate(([id, options]) => window.bubbleHarness.placeHtmlElement(id, options), [HTML_ELEMENT, { side, background: GROUPS[group] }] as const);
  const png = await page.locator(`#${HTML_ELEMENT}-group`).screenshot();
  return { text: decodeQrPng(png), png };
}

async function assuranceLevel(page: Page, mfa: string): Promise<Record<string, unknown>> {
  return page.evaluate(async (mfa) => {
    const h = window.bubbleHarness;
    h.runAction(mfa, 'get_assurance_level', {});
    await h.waitForState(mfa, 'is_busy', false);
    await h.bindingsSettled();
    return h.states(mfa);
  }, mfa);
}

for (const group of Object.keys(GROUPS) as Array<keyof typeof GROUPS>) {
  describe(`the how-to, HTML element in a ${group} group (Chromium, real server)`, () => {
    test('enroll → HTML element shows the SVG → scan → verify with ID and code → aal2 → AAL at login → unenroll → aal1', { skip }, async () => {
      const user = await bed!.testbed.createUser();
      const w = await bed!.open({ elements: ['supabase_mfa'], theme: group === 'dark' ? 'dark' : 'light' });
      try {
        const mfa = await w.page.evaluate(() => window.bubbleHarness.place('supabase_mfa'));
        const run = mfaRunner(w.page, mfa);
        await run.expect('sign_in', { email: user.email, password: user.password }, 'signed_in');

        // Enroll a Factor: an ID and the QR code as SVG.
        const enrolled = await run.expect('enroll_factor', { factor_type: 'totp', friendly_name: `Phone ${group}`, issuer: ISSUER }, 'factor_enrolled');
        const s = enrolled.states;
        assert.match(String(s.factor_id), /^[0-9a-f-]{36}$/);
        assert.ok(isCleanQrSvgState(s.qr_code_svg), `the QR code (SVG) is the redrawn QR: ${String(s.qr_code_svg).slice(0, 160)}`);
        assert.ok(String(s.qr_code_svg).startsWith('<svg'));
        assert.ok(String(s.qr_code_svg).length <= 12 * 1024, `${String(s.qr_code_svg).length} characters`);
        assert.equal(enrolled.ev.states.qr_code_svg, s.qr_code_svg, 'published before factor_enrolled fired');
        assert.ok(isCleanQrImage(s.qr_code_image));
        for (const value of Object.values(s)) assert.ok(!String(value).includes('supabase-mfa-qr:'), 'no state holds the private QR text');

        // The HTML element references it; what it then holds is the QR's geometry only, and it scans.
        await scan(w.page, group, SIDES[0]!);
        const shown = await showInHtmlElement(w.page, s.qr_code_svg);
        assert.deepEqual([shown.shape, shown.problems], ['qr', []]);
        for (const side of SIDES) {
          const { text, png } = await scan(w.page, group, side);
          if (side === 240) writeFileSync(join(SCREENSHOTS, `how-to-html-element-${group}.png`), png);
          assert.equal(text, s.totp_uri, `the ${side} px HTML element in the ${group} group scans to the TOTP link`);
        }

        // Create and verify a challenge with the ID and the 6-digit code from the app.
        const otp = OTPAuth.URI.parse(String(s.totp_uri)) as OTPAuth.TOTP;
        const verified = await run.expect('challenge_and_verify', { factor_id: s.factor_id, code: otp.generate() }, 'challenge_verified');
        assert.deepEqual([verified.states.current_level, verified.states.next_level], ['aal2', 'aal2']);
        assert.equal(verified.states.qr_code_svg, null, 'the QR is wiped after verify');
        assert.equal((await showInHtmlElement(w.page, verified.states.qr_code_svg)).shape, 'empty', 'so the HTML element empties');
        await w.page.locator('#protected').waitFor({ state: 'visible', timeout: 5000 });

        // At the next login, Get AAL drives the groups: aal1 now, aal2 possible → ask for the code.
        await run.expect('sign_out', {}, 'signed_out');
        await run.expect('sign_in', { email: user.email, password: user.password }, 'signed_in');
        const atLogin = await assuranceLevel(w.page, mfa);
        assert.deepEqual([atLogin.current_level, atLogin.next_level, atLogin.error_code], ['aal1', 'aal2', null]);
        assert.equal(await w.page.locator('#protected').isVisible(), false);
        const challenged = await run.expect('create_challenge', { factor_id: s.factor_id }, 'challenge_created');
        await run.expect(
          'verify_challenge',
          { factor_id: s.factor_id, challenge_id: challenged.states.challenge_id, code: otp.generate({ timestamp: Date.now() + 30_000 }) },
          'challenge_verified',
        );
        const passed = await assuranceLevel(w.page, mfa);
        assert.deepEqual([passed.current_level, passed.next_level], ['aal2', 'aal2']);

        // Unenroll a factor: the next level is aal1 again.
        const removed = await run.expect('unenroll_factor', { factor_id: s.factor_id }, 'factor_unenrolled');
        assert.equal(removed.states.next_level, 'aal1');
        assert.equal((await assuranceLevel(w.page, mfa)).next_level, 'aal1');

        assert.deepEqual(await w.pwned(), []);
        await assertPageClean(w);
      } finally {
        await w.page.context().close();
      }
    });
  });
}

/** The issue's hostile shapes, injected around a QR: script, handlers, foreignObject, style, external hrefs, markup after </svg>, the data URIs. */
const HOSTILE_QR_CODES = HOSTILE_SVGS.filter((h) => h.name.startsWith('qr-') || h.name.startsWith('script-') || h.name.startsWith('source-data-'));
/** Answers that are not an otpauth TOTP link or a base32 secret: the enroll is refused. */
const HOSTILE_FIELDS: Array<{ name: string; uri?: string; secret?: string }> = [
  { name: 'uri-javascript', uri: "javascript:window.__pwned('uri-javascript')" },
  { name: 'uri-with-markup', uri: `otpauth://totp/x:y?secret=JBSWY3DPEHPK3PXP&issuer="><img src=x onerror="window.__pwned('uri-with-markup')">` },
  { name: 'uri-data-html', uri: "data:text/html,<script>window.__pwned('uri-data-html')</script>" },
  { name: 'secret-markup', secret: `JBSWY3DPEHPK3PXP<img src=x onerror="window.__pwned('secret-markup')">` },
];

describe('the how-to with a hostile or odd enroll answer, rewritten in the gateway (Chromium, real server)', () => {
  test(`${HOSTILE_QR_CODES.length} hostile qr_code answers give the same clean QR; ${HOSTILE_FIELDS.length} hostile links or secrets are refused; nothing runs or loads`, {
    skip: localSkip,
  }, async () => {
    const gateway = bed!.testbed.gateway!;
    let hostile: { qr_code?: string; uri?: string; secret?: string } = {};
    gateway.rewriteAuthResponses(({ method, path, status, body }) => {
      if (method !== 'POST' || path !== '/factors' || status !== 200) return undefined;
      const answer = JSON.parse(body) as { totp?: Record<string, string> };
      if (answer.totp) Object.assign(answer.totp, hostile);
      return JSON.stringify(answer);
    });
    const user = await bed!.testbed.createUser();
    const w = await bed!.open({ elements: ['supabase_mfa'] });
    try {
      const mfa = await w.page.evaluate(() => window.bubbleHarness.place('supabase_mfa'));
      const run = mfaRunner(w.page, mfa);
      await run.expect('sign_in', { email: user.email, password: user.password }, 'signed_in');
      await w.page.evaluate((id) => window.bubbleHarness.placeHtmlElement(id, { side: 240, background: '#ffffff' }), HTML_ELEMENT);
      const failures: string[] = [];
      const enroll = async (name: string) => {
        // A refused enroll leaves the last good enrollment as it was: wiped first, as between the hostile page test's inputs.
        await w.page.evaluate((mfa) => window.bubbleHarness.runAction(mfa, 'clear_enrollment', {}), mfa);
        const out = await run('enroll_factor', { factor_type: 'totp', friendly_name: name }, 'factor_enrolled');
        const html = await showInHtmlElement(w.page, out.states.qr_code_svg);
        if (html.shape === 'invalid') failures.push(`${name}: the HTML element holds ${html.problems.join('; ')}`);
        // Markup in no state but the redrawn QR.
        if (out.states.qr_code_svg !== null && !isCleanQrSvgState(out.states.qr_code_svg)) failures.push(`${name}: qr_code_svg is not the redrawn QR`);
        for (const [k, v] of Object.entries(out.states)) if (k !== 'qr_code_svg' && String(v).includes('<')) failures.push(`${name}: ${k} holds markup`);
        return { out, html };
      };

      for (const h of HOSTILE_QR_CODES) {
        hostile = { qr_code: h.input };
        const { out, html } = await enroll(h.name);
        if (out.event !== 'factor_enrolled') {
          failures.push(`${h.name}: ${out.event} [${String(out.states.error_code)}]`);
          continue;
        }
        if (html.shape !== 'qr') failures.push(`${h.name}: the HTML element shows ${html.shape}`);
        const { text } = await scan(w.page, 'white', 240);
        if (text !== out.states.totp_uri) failures.push(`${h.name}: scans to ${String(text)}, not the factor's link`);
      }
      for (const h of HOSTILE_FIELDS) {
        hostile = { ...(h.uri !== undefined ? { uri: h.uri } : {}), ...(h.secret !== undefined ? { secret: h.secret } : {}) };
        const { out, html } = await enroll(h.name);
        if (out.event !== 'error' || out.states.error_code !== 'invalid_qr')
          failures.push(`${h.name}: ${out.event} [${String(out.states.error_code)}], not refused`);
        for (const k of ['qr_code_svg', 'qr_code_image', 'totp_secret', 'totp_uri']) if (out.states[k] !== null) failures.push(`${h.name}: ${k} set`);
        if (html.shape !== 'empty') failures.push(`${h.name}: the HTML element shows ${html.shape}`);
      }
      await imagesSettled(w.page);
      assert.deepEqual(failures, []);
      assert.deepEqual(await w.pwned(), [], 'nothing ran');
      await assertPageClean(w);
    } finally {
      gateway.rewriteAuthResponses(undefined);
      await w.page.context().close();
    }
  });
});
