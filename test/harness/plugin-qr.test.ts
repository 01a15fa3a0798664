/**
 * The built QR code element (dist/bubble-plugin) on the strict Bubble harness in jsdom: every
 * form of a Supabase QR renders as div > svg > (rect, path) with a viewBox and no size; garbage
 * shows nothing and reports invalid_qr; update() with unchanged properties does not touch the DOM;
 * 'not ready' data is honoured. Scanning the pixels happens in Chromium (test/browser/qr.test.ts).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanHarnessPerTest, type JsdomHarness } from '../../dev/bubble-harness/index.js';
import { inspectQrCanvas } from '../../dev/mfa-harness/index.js';
import { authJsQrCode, EXAMPLE_SECRET, otpauthUri, REALISTIC_EMAIL, REALISTIC_ISSUER, supabaseQrSvg } from '../../dev/fixtures/index.js';

const harness = cleanHarnessPerTest(); // each test ends with assertClean()

function page(): JsdomHarness {
  return harness();
}

const URI = otpauthUri(REALISTIC_ISSUER, REALISTIC_EMAIL, EXAMPLE_SECRET);
const { svg: SUPABASE_SVG, matrix } = supabaseQrSvg(URI);
const SIDE = matrix.size + 2 * 4;

const FORMS: Array<[string, string]> = [
  ['raw Supabase SVG', SUPABASE_SVG],
  ['auth-js form (data:image/svg+xml;utf-8, + raw SVG)', authJsQrCode(SUPABASE_SVG)],
  ['base64 data URI', `data:image/svg+xml;base64,${Buffer.from(SUPABASE_SVG).toString('base64')}`],
  ['percent-encoded data URI', `data:image/svg+xml;charset=utf-8,${encodeURIComponent(SUPABASE_SVG)}`],
  ['with surrounding whitespace', `\n  ${SUPABASE_SVG}  \n`],
];

describe('a Supabase QR in every form', () => {
  for (const [label, source] of FORMS) {
    test(`${label}: is_valid yes, exactly div > svg > (rect, path), viewBox, no width/height`, () => {
      const h = page();
      const el = h.harness.place('Supabase MFA QR code', { fields: { qr_source: source } });
      assert.equal(el.states.is_valid, true);
      assert.equal(el.states.error_code, null);
      assert.deepEqual(el.eventNames(), []);
      const report = inspectQrCanvas(el.canvas);
      assert.deepEqual(report.problems, []);
      assert.equal(report.shape, 'qr');
      assert.equal(report.viewBox, `0 0 ${SIDE} ${SIDE}`, 'the module grid plus a 4-module quiet zone');
      const svg = el.canvas.querySelector('svg')!;
      assert.equal(svg.hasAttribute('width'), false);
      assert.equal(svg.hasAttribute('height'), false);
      assert.equal(el.canvas.firstElementChild!.getAttribute('aria-label'), 'QR code to scan with your authenticator app');
    });
  }

  test('the MFA element output (compact SVG) round-trips through the QR element unchanged', () => {
    const h = page();
    const a = h.harness.place('Supabase MFA QR code', { fields: { qr_source: SUPABASE_SVG } });
    const compact = a.canvas.querySelector('svg')!.outerHTML.replace(/ style="[^"]*"/, '');
    const b = h.harness.place('Supabase MFA QR code', { fields: { qr_source: compact } });
    assert.equal(b.states.is_valid, true);
    assert.equal(b.canvas.innerHTML, a.canvas.innerHTML);
  });

  test('colours, quiet zone and label fields are applied', () => {
    const h = page();
    const el = h.harness.place('Supabase MFA QR code', {
      fields: { qr_source: SUPABASE_SVG, foreground: 'rgba(20, 30, 90, 1)', background: 'rgba(250, 250, 240, 1)', quiet_zone: 2, label: 'Scan me' },
    });
    assert.equal(el.states.is_valid, true);
    const report = inspectQrCanvas(el.canvas);
    assert.deepEqual(report.problems, []);
    assert.equal(report.viewBox, `0 0 ${matrix.size + 4} ${matrix.size + 4}`);
    assert.equal(el.canvas.firstElementChild!.getAttribute('aria-label'), 'Scan me');
    const fills = Array.from(el.canvas.querySelectorAll('rect, path')).map((e) => e.getAttribute('fill'));
    assert.equal(fills.length, 2);
    assert.notDeepEqual(fills, ['#ffffff', '#000000']);
  });
});

describe('not a QR code', () => {
  for (const [label, source] of [
    ['plain text', 'hello world'],
    ['an otpauth link that is not TOTP', 'otpauth://hotp/x:y?secret=JBSWY3DPEHPK3PXP&counter=0'],
    ['an SVG without modules', '<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>'],
    ['a PNG data URI', 'data:image/png;base64,iVBORw0KGgo='],
    ['a truncated Supabase SVG', SUPABASE_SVG.slice(0, SUPABASE_SVG.length / 2)],
  ] as const) {
    test(`${label}: is_valid no, invalid_qr, the error event, an empty box`, async () => {
      const h = page();
      const el = h.harness.place('Supabase MFA QR code', { fields: { qr_source: source } });
      if (source.startsWith('data:image/png')) await el.waitForEvent('error', { timeout: 5000 }); // PNGs are read asynchronously
      assert.equal(el.states.is_valid, false);
      assert.equal(el.states.error_code, 'invalid_qr');
      assert.match(String(el.states.error_message), /not a QR code/);
      assert.deepEqual(el.eventNames(), ['error']);
      assert.equal(el.events[0]!.states.error_code, 'invalid_qr', 'states before the event');
      assert.equal(inspectQrCanvas(el.canvas).shape, 'empty');
      assert.equal(el.debug.length, 1);
    });
  }

  test('valid → garbage → valid: the box empties and refills, the error clears', () => {
    const h = page();
    const el = h.harness.place('Supabase MFA QR code', { fields: { qr_source: SUPABASE_SVG } });
    el.setFields({ qr_source: '<svg onload="alert(1)"></svg>' });
    assert.equal(inspectQrCanvas(el.canvas).shape, 'empty');
    assert.equal(el.states.error_code, 'invalid_qr');
    el.setFields({ qr_source: SUPABASE_SVG });
    assert.equal(inspectQrCanvas(el.canvas).shape, 'qr');
    assert.deepEqual([el.states.is_valid, el.states.error_code, el.states.error_message], [true, null, null]);
    assert.deepEqual(el.eventNames(), ['error']);
  });

  test('an empty source shows nothing, with no error', () => {
    const h = page();
    const el = h.harness.place('Supabase MFA QR code');
    assert.deepEqual([el.states.is_valid, el.states.error_code], [false, null]);
    el.setFields({ qr_source: '   ' });
    assert.deepEqual([el.states.is_valid, el.states.error_code], [false, null]);
    assert.deepEqual(el.eventNames(), []);
    assert.equal(inspectQrCanvas(el.canvas).shape, 'empty');
  });
});

describe('update() is idempotent', () => {
  test('update with the same properties 20 times: zero DOM mutations, no publish, no event', async () => {
    const h = page();
    const el = h.harness.place('Supabase MFA QR code', { fields: { qr_source: SUPABASE_SVG } });
    const mutations: unknown[] = [];
    const observer = new h.window.MutationObserver((records) => mutations.push(...records));
    observer.observe(el.canvas, { subtree: true, childList: true, attributes: true, characterData: true });
    const publishes = el.publishes.length;
    for (let i = 0; i < 20; i++) el.rerunUpdate();
    el.setFields({ qr_source: SUPABASE_SVG });
    // An SVG source is drawn synchronously: the records not yet delivered are taken here, no wait needed.
    mutations.push(...observer.takeRecords());
    observer.disconnect();
    assert.equal(el.runs.update, 22);
    assert.equal(mutations.length, 0);
    assert.equal(el.publishes.length, publishes);
    assert.deepEqual(el.eventNames(), []);
  });

  test('garbage repeated: the error event fires once, not on every update', () => {
    const h = page();
    const el = h.harness.place('Supabase MFA QR code', { fields: { qr_source: 'nope' } });
    for (let i = 0; i < 5; i++) el.rerunUpdate();
    assert.deepEqual(el.eventNames(), ['error']);
    assert.equal(el.debug.length, 1);
  });

  test('a changed colour re-renders', () => {
    const h = page();
    const el = h.harness.place('Supabase MFA QR code', { fields: { qr_source: SUPABASE_SVG } });
    const before = el.canvas.innerHTML;
    el.setFields({ foreground: 'rgba(0, 0, 128, 1)' });
    assert.notEqual(el.canvas.innerHTML, before);
  });
});

describe("Bubble's 'not ready' and page life", () => {
  test('a source still loading: nothing happens until it arrives, then update runs whole and renders', () => {
    const h = page();
    const el = h.harness.place('Supabase MFA QR code', { fields: { qr_source: SUPABASE_SVG }, loading: ['qr_source'] });
    assert.equal(el.states.is_valid, false);
    assert.equal(inspectQrCanvas(el.canvas).shape, 'empty');
    el.arrive();
    assert.equal(el.runs.update, 2);
    assert.equal(el.states.is_valid, true);
    assert.equal(inspectQrCanvas(el.canvas).shape, 'qr');
  });

  test('two QR elements on a page: the header loads once, both render independently', () => {
    const h = page();
    const a = h.harness.place('Supabase MFA QR code', { fields: { qr_source: SUPABASE_SVG } });
    const b = h.harness.place('Supabase MFA QR code', { fields: { qr_source: 'garbage' } });
    assert.equal(h.window.document.querySelectorAll('script').length, 0, 'headers are evaluated, not inserted, in jsdom');
    assert.deepEqual([a.states.is_valid, b.states.is_valid], [true, false]);
    assert.deepEqual([a.eventNames(), b.eventNames()], [[], ['error']]);
  });

  test('the editor preview draws a placeholder code on its own: no header, no runtime, no context, no states', () => {
    const h = page();
    const el = h.harness.preview('Supabase MFA QR code');
    assert.equal((h.window as unknown as Record<string, unknown>).SupabaseMfaBubble, undefined, 'no runtime on the page');
    assert.equal(inspectQrCanvas(el.canvas).shape, 'qr');
    assert.equal(el.canvas.querySelector('[role="img"]')?.getAttribute('aria-label'), 'QR code to scan with your authenticator app');
    assert.deepEqual(el.publishes, []);
  });
});

describe('what builders bind besides Supabase’s SVG', () => {
  test("the MFA element's QR code (SVG), its QR code image and an otpauth://totp/ link draw the QR; a link with markup in it is refused", async () => {
    const { JSDOM } = await import('jsdom');
    const { enrollmentQr, encodeQr } = await import('../../shared/qr/index.js');
    const state = enrollmentQr(URI, new JSDOM('').window as never).data!.svg;
    const encoded = encodeQr(URI).data!;
    const h = page();
    for (const source of [state, URI]) {
      const el = h.harness.place('Supabase MFA QR code', { fields: { qr_source: source } });
      assert.equal(el.states.is_valid, true);
      const report = inspectQrCanvas(el.canvas);
      assert.deepEqual(report.problems, []);
      assert.equal(report.viewBox, `0 0 ${encoded.size + 8} ${encoded.size + 8}`, 'the encoder’s code, with the quiet zone');
    }
    // The QR code image (PNG) too, read asynchronously.
    const fromImage = h.harness.place('Supabase MFA QR code', { fields: { qr_source: enrollmentQr(URI, new JSDOM('').window as never).data!.image } });
    await fromImage.waitForState('is_valid', true, { timeout: 5000 });
    assert.equal(inspectQrCanvas(fromImage.canvas).viewBox, `0 0 ${encoded.size + 8} ${encoded.size + 8}`);
    for (const bad of [`${URI}"><img src=x onerror=alert(1)>`, 'otpauth://hotp/x:y?secret=JBSWY3DPEHPK3PXP', 'otpauth://totp/x y']) {
      const el = h.harness.place('Supabase MFA QR code', { fields: { qr_source: bad } });
      assert.equal(el.states.is_valid, false);
      assert.equal(el.states.error_code, 'invalid_qr');
      assert.equal(inspectQrCanvas(el.canvas).shape, 'empty');
    }
  });
});
