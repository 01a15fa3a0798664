/**
 * The QR code element in Chromium scans: the harness page (built like a Bubble page from
 * dist/bubble-plugin) shows a realistic Supabase QR (version 13: issuer myapp.bubbleapps.io and a
 * long email) and a short one (version 12); we screenshot the element, decode the PNG pixels with
 * jsQR and compare with the otpauth URI — on a light page and a dark page (#111), at 120, 240 and
 * 480 px and in a non-square box (where it must stay square). Screenshots go to docs/screenshots/.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { type HarnessServer, ROOT, startHarnessServer } from '../../dev/bubble-harness/index.js';
import { MFA_PAGE } from '../../dev/mfa-harness/index.js';
import { chromiumMissing, decodeQrPng, launchChromium, openWatched, screenshotDir, screenshotInstance, type Watched } from '../../dev/browser/index.js';
import { EXAMPLE_SECRET, otpauthUri, REALISTIC_EMAIL, REALISTIC_ISSUER, SHORT_EMAIL, supabaseQrSvg } from '../../dev/fixtures/index.js';
import { assertPageClean } from '../helpers/browser.js';

const SCREENSHOTS = screenshotDir(ROOT);
const skip = chromiumMissing() ?? false;

const CODES = [
  { label: 'realistic (v13)', uri: otpauthUri(REALISTIC_ISSUER, REALISTIC_EMAIL, EXAMPLE_SECRET) },
  { label: 'short (v12)', uri: otpauthUri(REALISTIC_ISSUER, SHORT_EMAIL, EXAMPLE_SECRET) },
].map((c) => ({ ...c, ...supabaseQrSvg(c.uri) }));

// The QR element snaps the SVG to whole device pixels per module: without that, crispEdges
// rounds modules unevenly and jsQR failed at ~20 of 51 sizes between 100 and 300 px (200 included).

const BOXES: Array<[number, number]> = [
  [120, 120],
  [240, 240],
  [480, 480],
  [400, 240],
];

let browser: Browser;
let server: HarnessServer;

before(async () => {
  if (skip) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startHarnessServer(MFA_PAGE);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Places a fresh QR element of this size (earlier canvases are taken off the page) and feeds it. */
async function showQr(w: Watched, source: string, width: number, height: number): Promise<string> {
  return w.page.evaluate(
    ({ source, width, height }) => {
      for (const c of Array.from(document.querySelectorAll('.bubble-element'))) c.remove();
      const name = window.bubbleHarness.place('qr_code', { width, height });
      window.bubbleHarness.setFields(name, { qr_source: source });
      return name;
    },
    { source, width, height },
  );
}

for (const theme of ['light', 'dark'] as const) {
  describe(`QR scans on a ${theme} page`, { skip }, () => {
    let w: Watched;
    before(async () => {
      w = await openWatched(browser, server.pageUrl({ elements: ['qr_code'], theme }));
    });
    after(async () => {
      await w?.page.context().close();
    });

    for (const code of CODES) {
      for (const [width, height] of BOXES) {
        test(`${code.label} at ${width}×${height}: screenshot → jsQR → the otpauth URI`, async () => {
          const name = await showQr(w, code.svg, width, height);
          const states = await w.page.evaluate((n) => window.bubbleHarness.states(n), name);
          assert.equal(states.is_valid, true);
          // The code stays square in a non-square box, centred, filling the short side: the
          // background <rect> spans the whole viewBox, so its box is the drawn square.
          const rect = await w.page.locator(`[data-name="${name}"] svg > rect`).boundingBox();
          const canvas = await w.page.locator(`[data-name="${name}"]`).boundingBox();
          assert.ok(rect && canvas);
          assert.ok(Math.abs(rect.width - rect.height) < 1, `square: ${rect.width}×${rect.height}`);
          // As large as the short side allows: all of it, or (if the element snaps to whole pixels
          // per module) less than one more pixel per module short of it.
          const side = code.matrix.size + 8;
          const short = Math.min(width, height);
          assert.ok(rect.width <= short + 0.5 && short - rect.width < side, `fills the short side (${short} px): ${rect.width}`);
          const centre = (a: { x: number; width: number }) => a.x + a.width / 2;
          assert.ok(Math.abs(centre(rect) - centre(canvas)) < 1 && Math.abs(rect.y + rect.height / 2 - (canvas.y + canvas.height / 2)) < 1, 'centred');
          // 16 px of the page around the element: the light quiet zone is the element's own.
          const png = await screenshotInstance(w.page, name, 16);
          const decoded = decodeQrPng(png);
          if (code === CODES[0]) {
            const file = width === height ? `qr-${theme}-${width}.png` : `qr-${theme}-${width}x${height}.png`;
            writeFileSync(join(SCREENSHOTS, file), png);
          }
          assert.equal(decoded, code.uri);
        });
      }
    }

    test('the page stayed clean: no harness violation, no unexpected request, no error, no dialog', async () => {
      await assertPageClean(w);
    });
  });
}

describe('QR scans at every size (pixel snapping)', { skip }, () => {
  test('the realistic code decodes at every square size from 100 to 300 px', async () => {
    const w = await openWatched(browser, server.pageUrl({ elements: ['qr_code'] }));
    try {
      const code = CODES[0]!;
      const failed: number[] = [];
      for (let size = 100; size <= 300; size += 4) {
        const name = await showQr(w, code.svg, size, size);
        if (decodeQrPng(await screenshotInstance(w.page, name, 16)) !== code.uri) failed.push(size);
      }
      assert.deepEqual(failed, [], `failed to decode at ${failed.join(', ')} px`);
    } finally {
      await w.page.context().close();
    }
  });
});
