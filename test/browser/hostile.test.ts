/**
 * Hostile input in a real Chromium page, zero tolerance.
 *
 * 1. Every input of test/fixtures/hostile-svgs.ts goes into the QR code element's QR source.
 *    Each payload calls window.__pwned(name) or requests http://127.0.0.1:9/<name>; we listen to
 *    every request and dialog, and after each input walk the element's DOM: nothing but QR
 *    geometry (div > svg > rect, path with the renderer's attributes), or nothing at all.
 * 2. A "hostile Supabase" on the page's origin answers the enroll call (POST /auth/v1/factors)
 *    with each hostile input as totp.qr_code (and with hostile totp.uri / secret values). The
 *    Supabase MFA element is signed in from a stored session; Enroll a factor runs through the
 *    element action; a QR code element is bound to its QR code (SVG) state, and an HTML element
 *    gets that state with jQuery's .html(), as the how-to does. The MFA element never reads
 *    totp.qr_code (it draws the checked otpauth URI), so a hostile qr_code still enrolls with the
 *    same clean QR; a hostile uri or secret is refused with invalid_qr. qr_code_svg must be null
 *    or exactly the redrawn QR, qr_code_image null or a PNG, and both boxes hold only QR geometry.
 *
 * One browser, one page per part; state is reset between inputs.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { type HarnessServer, startHarnessServer } from '../../dev/bubble-harness/index.js';
import { isCleanQrImage, isCleanQrSvgState, MFA_PAGE } from '../../dev/mfa-harness/index.js';
import { isSessionCheck, mintSession, storedFor, supabaseLikeResponder } from '../helpers/fixtures.js';
import { chromiumMissing, launchChromium, openWatched, type Watched } from '../../dev/browser/index.js';
import { HOSTILE_SVGS } from '../fixtures/hostile-svgs.js';
import { otpauthUri, supabaseQrSvg } from '../../dev/fixtures/index.js';

const skip = chromiumMissing() ?? false;
const SECRET = 'JBSWY3DPEHPK3PXP';
const GOOD_URI = 'otpauth://totp/x:y?secret=JBSWY3DPEHPK3PXP&issuer=x';
const GOOD_QR = supabaseQrSvg(otpauthUri('x', 'y', SECRET)).svg;

/** Hostile values for the fields builders bind to text and links. */
const HOSTILE_URIS: Array<{ name: string; uri?: string; secret?: string }> = [
  { name: 'uri-javascript', uri: "javascript:window.__pwned('uri-javascript')" },
  { name: 'uri-javascript-mixed-case', uri: "JaVaScRiPt:window.__pwned('uri-javascript-mixed-case')" },
  { name: 'uri-javascript-leading-space', uri: " javascript:window.__pwned('uri-javascript-leading-space')" },
  { name: 'uri-data-html', uri: "data:text/html,<script>window.__pwned('uri-data-html')</script>" },
  { name: 'uri-http-beacon', uri: 'http://127.0.0.1:9/uri-http-beacon' },
  { name: 'uri-otpauth-then-markup', uri: `otpauth://totp/x:y?secret=${SECRET}&issuer="><img src=x onerror="window.__pwned('uri-otpauth-then-markup')">` },
  { name: 'uri-otpauth-hotp', uri: `otpauth://hotp/x:y?secret=${SECRET}&counter=0` },
  { name: 'uri-otpauth-newline', uri: `otpauth://totp/x:y?secret=${SECRET}\n<script>window.__pwned('uri-otpauth-newline')</script>` },
  { name: 'uri-empty', uri: '' },
  { name: 'secret-markup', secret: `${SECRET}<img src=x onerror="window.__pwned('secret-markup')">` },
  { name: 'secret-lowercase-script', secret: "javascript:window.__pwned('secret-lowercase-script')" },
];

/** What is bound to the page from an error/enrolled outcome; checked for every input. */
interface Outcome {
  event: string;
  states: Record<string, unknown>;
  /** What the HTML element holds after .html(qr_code_svg). */
  html: { shape: string; problems: string[] };
}

let browser: Browser;
let server: HarnessServer;
const counts = { qrInputs: 0, enrollInputs: 0, executions: 0, unexpectedRequests: 0, dialogs: 0, rendered: 0, refused: 0 };

before(async () => {
  if (skip) return;
  server = await startHarnessServer(MFA_PAGE);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (!skip) console.log(`hostile inputs: ${JSON.stringify(counts)}`);
});

/** One frame and one task: what a payload queued at once (a load or error event, a zero timer) has run. */
const tick = (w: Watched) => w.page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r))));

/**
 * The later signal before asserting that no payload ran: canaries put straight into the page
 * (outside the plugin's elements) after every input, with the corpus's late mechanisms (an SMIL
 * animation's begin and end, a failed image in SVG and in HTML), each calling window.__canary.
 * Once all have fired, a payload of the same kind placed before them would have fired too. They
 * load nothing (a data: URL) and are removed afterwards.
 */
async function canariesFired(w: Watched): Promise<void> {
  const names = await w.page.evaluate(() => {
    const fired: string[] = [];
    (window as unknown as { __canary: (n: string) => void }).__canary = (n) => fired.push(n);
    (window as unknown as { __canaries: string[] }).__canaries = fired;
    const box = document.createElement('div');
    box.id = 'canaries';
    box.innerHTML =
      '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9">' +
      '<animate onbegin="__canary(\'smil-begin\')" attributeName="x" dur="1ms"/>' +
      '<animate onend="__canary(\'smil-end\')" attributeName="x" dur="1ms"/>' +
      '<image href="data:," onerror="__canary(\'svg-image-error\')"/></svg>' +
      '<img src="data:," onerror="__canary(\'img-error\')">';
    document.body.append(box);
    return ['smil-begin', 'smil-end', 'svg-image-error', 'img-error'];
  });
  await w.page
    .waitForFunction((n) => n.every((x) => (window as unknown as { __canaries: string[] }).__canaries.includes(x)), names, { timeout: 10_000 })
    .catch(async (e: unknown) => {
      const fired = await w.page.evaluate(() => (window as unknown as { __canaries: string[] }).__canaries);
      throw new Error(`timed out waiting for the canaries ${names.join(', ')} to fire (fired: ${fired.join(', ') || 'none'}) (${String(e)})`);
    });
  await w.page.evaluate(() => document.getElementById('canaries')?.remove());
}

describe('the detectors', { skip }, () => {
  test('catch a payload that does run: __pwned, the beacon request, a dialog and the DOM walk', async () => {
    const w = await openWatched(browser, server.pageUrl({ elements: ['qr_code'] }));
    try {
      const qr = await w.page.evaluate(() => window.bubbleHarness.place('qr_code'));
      // The payload's alert (its last step) reaches this process as a dialog event.
      const dialogShown = w.page.waitForEvent('dialog', { timeout: 10_000 });
      // Bypass the plugin: put live markup straight into the element's box.
      await w.page.evaluate((qr) => {
        const box = document.querySelector(`[data-name="${qr}"] > div`)!;
        box.innerHTML = `<img src="http://127.0.0.1:9/canary" onerror="window.__pwned('canary'); alert('canary')">`;
      }, qr);
      await w.page.waitForFunction(() => (window.__pwnedCalls ?? []).length > 0);
      await dialogShown;
      assert.deepEqual(await w.pwned(), ['canary']);
      assert.ok(
        w.unexpected.some((r) => r.url === 'http://127.0.0.1:9/canary'),
        JSON.stringify(w.unexpected),
      );
      assert.deepEqual(w.dialogs, ['alert: canary']);
      const report = await w.page.evaluate((qr) => window.bubbleHarness.qrReport(qr), qr);
      assert.equal(report.shape, 'invalid');
    } finally {
      await w.page.context().close();
    }
  });
});

describe('hostile QR sources in the QR code element', { skip }, () => {
  let w: Watched;
  let qr: string;
  before(async () => {
    w = await openWatched(browser, server.pageUrl({ elements: ['qr_code'] }));
    qr = await w.page.evaluate(() => window.bubbleHarness.place('qr_code', { width: 240, height: 240 }));
  });
  after(async () => {
    await w?.page.context().close();
  });

  test(`all ${HOSTILE_SVGS.length} inputs: zero executions, zero requests, only QR geometry or nothing`, async () => {
    assert.ok(HOSTILE_SVGS.length >= 110, `the corpus has ${HOSTILE_SVGS.length} inputs`);
    const failures: string[] = [];
    for (const { name, input } of HOSTILE_SVGS) {
      const requestsBefore = w.unexpected.length;
      const result = await w.page.evaluate(
        ({ qr, input }) => {
          const h = window.bubbleHarness;
          const before = h.eventCount(qr);
          h.setFields(qr, { qr_source: input });
          return {
            report: h.qrReport(qr),
            states: h.states(qr),
            newEvents: h
              .events(qr)
              .slice(before)
              .map((e) => e.event),
          };
        },
        { qr, input },
      );
      await tick(w);
      const after = await w.page.evaluate((qr) => window.bubbleHarness.qrReport(qr), qr);
      counts.qrInputs++;
      const problems: string[] = [];
      if (result.report.shape === 'invalid') problems.push(...result.report.problems);
      if (after.shape === 'invalid') problems.push(`after a tick: ${after.problems.join('; ')}`);
      if (result.report.shape === 'qr') {
        counts.rendered++;
        if (result.states.is_valid !== true) problems.push('shows a QR but is_valid is not yes');
      } else {
        counts.refused++;
        if (result.states.error_code !== 'invalid_qr') problems.push(`nothing shown but error_code is ${String(result.states.error_code)}`);
        if (result.newEvents.join() !== 'error') problems.push(`events ${result.newEvents.join()} instead of one error`);
      }
      if (name.startsWith('not-qr-') && result.report.shape !== 'empty') problems.push('not a QR code, yet something is shown');
      if (w.unexpected.length > requestsBefore)
        problems.push(
          `requests: ${w.unexpected
            .slice(requestsBefore)
            .map((r) => r.url)
            .join(', ')}`,
        );
      if (problems.length) failures.push(`${name}: ${problems.join('; ')}`);
      // Reset between inputs (an empty source empties the box).
      await w.page.evaluate((qr) => window.bubbleHarness.setFields(qr, { qr_source: null }), qr);
    }
    // Payloads that fire late (animations, failed loads) would have fired before the canaries.
    await canariesFired(w);
    const pwned = await w.pwned();
    counts.executions += pwned.length;
    counts.unexpectedRequests += w.unexpected.length;
    counts.dialogs += w.dialogs.length;
    assert.deepEqual(failures, []);
    assert.deepEqual(pwned, [], 'no payload ran');
    assert.deepEqual(w.unexpected, [], 'no request left the page');
    assert.deepEqual(w.dialogs, []);
    assert.deepEqual(w.pageErrors, []);
    assert.deepEqual(await w.page.evaluate(() => window.bubbleHarness.violations()), []);
  });
});

describe('a hostile Supabase answering Enroll a factor', { skip }, () => {
  let w: Watched;
  let mfa: string;
  let qr: string;
  let answer: { qr_code: string; uri: string; secret: string } = { qr_code: GOOD_QR, uri: GOOD_URI, secret: SECRET };
  const authLog: Array<{ method: string; path: string }> = [];

  before(async () => {
    server.setApi(
      supabaseLikeResponder(({ method, path }) => {
        if (method === 'POST' && path === '/auth/v1/factors') {
          return { status: 200, body: { id: randomUUID(), type: 'totp', friendly_name: '', totp: answer } };
        }
        return { status: 404, body: { code: 'not_found', msg: `unexpected ${method} ${path}` } };
      }, authLog),
    );
    const session = mintSession();
    const keys = { 'Supabase URL': server.url, 'Supabase anon key': 'anon-key' };
    w = await openWatched(browser, server.pageUrl({ elements: ['supabase_mfa', 'qr_code'], keys }), {
      storage: storedFor(server.url, session),
      // The enroll calls, and the one background check of the restored session.
      allowed: (r) => (r.method() === 'POST' && new URL(r.url()).pathname === '/auth/v1/factors') || isSessionCheck(r.method(), r.url()),
    });
    ({ mfa, qr } = await w.page.evaluate(() => {
      const h = window.bubbleHarness;
      const mfa = h.place('supabase_mfa');
      const qr = h.place('qr_code', { width: 240, height: 240 });
      h.bind(qr, 'qr_source', mfa, 'qr_code_svg');
      h.placeHtmlElement('html-qr', { side: 240, background: '#ffffff' });
      return { mfa, qr };
    }));
    await w.page.evaluate((mfa) => window.bubbleHarness.waitForState(mfa, 'is_signed_in', true), mfa);
  });
  after(async () => {
    server.setApi(undefined);
    await w?.page.context().close();
  });

  /** The control's QR code (SVG): every accepted answer with the same URI must give exactly it. */
  let control: string | undefined;

  async function enroll(): Promise<Outcome> {
    return w.page.evaluate(
      async ({ mfa }) => {
        const h = window.bubbleHarness;
        h.runAction(mfa, 'clear_enrollment');
        const after = h.eventCount(mfa);
        h.runAction(mfa, 'enroll_factor', { factor_type: 'totp' });
        await h.waitForState(mfa, 'is_busy', false);
        const ev = h
          .events(mfa)
          .slice(after)
          .find((e) => e.event === 'factor_enrolled' || e.event === 'error');
        await h.bindingsSettled();
        const states = h.states(mfa);
        const html = h.setHtmlElement('html-qr', (states.qr_code_svg as string | null) ?? null);
        return { event: ev?.event ?? 'none', states, html };
      },
      { mfa },
    );
  }

  function check(name: string, out: Outcome, qrReport: { shape: string; problems: string[] }, mustRefuse: boolean): string[] {
    const problems: string[] = [];
    const s = out.states;
    if (out.event === 'none') problems.push('neither factor_enrolled nor error fired');
    if (s.is_busy !== false) problems.push('is_busy stayed yes');
    if (s.qr_code_svg !== null && !isCleanQrSvgState(s.qr_code_svg)) problems.push(`qr_code_svg is not the redrawn QR: ${String(s.qr_code_svg).slice(0, 120)}`);
    if ((out.html.shape === 'qr') !== (s.qr_code_svg !== null)) problems.push(`the HTML element holds ${out.html.shape}: ${out.html.problems.join('; ')}`);
    if (s.qr_code_image !== null && !isCleanQrImage(s.qr_code_image)) problems.push('qr_code_image is not a base64 PNG data URI');
    if (out.event === 'error') {
      if (s.error_code !== 'invalid_qr') problems.push(`error_code ${String(s.error_code)} instead of invalid_qr`);
      for (const k of ['qr_code_svg', 'qr_code_image', 'totp_secret', 'totp_uri']) if (s[k] !== null) problems.push(`${k} set after an invalid answer`);
    } else if (out.event === 'factor_enrolled') {
      if (mustRefuse) problems.push('accepted although the answer is not a QR / not an otpauth TOTP link');
      if (!isCleanQrSvgState(s.qr_code_svg) || !isCleanQrImage(s.qr_code_image)) problems.push('enrolled without a clean QR');
      if (typeof s.totp_uri !== 'string' || !s.totp_uri.startsWith('otpauth://totp/') || /[\s<>"'`]/.test(s.totp_uri))
        problems.push(`totp_uri ${String(s.totp_uri)}`);
    }
    if (qrReport.shape === 'invalid') problems.push(`QR element DOM: ${qrReport.problems.join('; ')}`);
    if ((qrReport.shape === 'qr') !== (s.qr_code_svg !== null))
      problems.push(`the bound QR element shows ${qrReport.shape} for qr_code_svg ${s.qr_code_svg === null ? 'null' : 'set'}`);
    return problems.map((p) => `${name}: ${p}`);
  }

  test('a well-formed answer enrolls (control)', async () => {
    answer = { qr_code: GOOD_QR, uri: GOOD_URI, secret: SECRET };
    const out = await enroll();
    const report = await w.page.evaluate((qr) => window.bubbleHarness.qrReport(qr), qr);
    assert.equal(out.event, 'factor_enrolled', JSON.stringify(out.states));
    assert.deepEqual(check('control', out, report, false), []);
    assert.equal(report.shape, 'qr');
    assert.equal(out.html.shape, 'qr', out.html.problems.join('; '));
    control = out.states.qr_code_svg as string;
  });

  test(`all ${HOSTILE_SVGS.length} hostile qr_code answers: the same clean QR (drawn from the URI), zero executions, zero unexpected requests`, async () => {
    const failures: string[] = [];
    // Enroll calls only: the restored session's one background check (GET /auth/v1/user) may land meanwhile.
    const enrolls = () => authLog.filter((r) => r.method === 'POST' && r.path === '/auth/v1/factors').length;
    const posts = enrolls();
    for (const { name, input } of HOSTILE_SVGS) {
      answer = { qr_code: input, uri: GOOD_URI, secret: SECRET };
      const out = await enroll();
      await tick(w);
      const report = await w.page.evaluate((qr) => window.bubbleHarness.qrReport(qr), qr);
      counts.enrollInputs++;
      failures.push(...check(name, out, report, false));
      if (out.event === 'factor_enrolled' && out.states.qr_code_svg !== control) failures.push(`${name}: a QR other than the one drawn from the URI`);
    }
    await canariesFired(w);
    assert.equal(enrolls() - posts, HOSTILE_SVGS.length, 'exactly one enroll request per input');
    assert.deepEqual(failures, []);
  });

  test(`${HOSTILE_URIS.length} hostile totp uri / secret answers are refused with invalid_qr`, async () => {
    const failures: string[] = [];
    for (const { name, uri, secret } of HOSTILE_URIS) {
      answer = { qr_code: GOOD_QR, uri: uri ?? GOOD_URI, secret: secret ?? SECRET };
      const out = await enroll();
      await tick(w);
      const report = await w.page.evaluate((qr) => window.bubbleHarness.qrReport(qr), qr);
      counts.enrollInputs++;
      failures.push(...check(name, out, report, true));
      if (out.event !== 'error') failures.push(`${name}: not refused`);
    }
    assert.deepEqual(failures, []);
  });

  test('the page stayed clean: zero executions, zero unexpected requests, no dialog, no violation', async () => {
    await canariesFired(w);
    const pwned = await w.pwned();
    counts.executions += pwned.length;
    counts.unexpectedRequests += w.unexpected.length;
    counts.dialogs += w.dialogs.length;
    assert.deepEqual(pwned, []);
    assert.deepEqual(w.unexpected, []);
    assert.ok(authLog.filter((r) => isSessionCheck(r.method, r.path)).length <= 1, 'the restored session was checked once');
    assert.deepEqual(
      authLog.filter((r) => !(r.method === 'POST' && r.path === '/auth/v1/factors') && !isSessionCheck(r.method, r.path)),
      [],
      'besides that check, the element only ever called the enroll endpoint',
    );
    assert.deepEqual(w.dialogs, []);
    assert.deepEqual(w.pageErrors, []);
    assert.deepEqual(await w.page.evaluate(() => window.bubbleHarness.violations()), []);
  });
});
