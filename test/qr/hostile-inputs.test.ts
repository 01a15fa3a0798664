/**
 * Every hostile input is refused (invalid_qr) or yields clean geometry only. With the current
 * parser all of them are refused; the clean-geometry branch stays so the test states the contract
 * rather than today's choice.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_SOURCE_CHARS, normalizeQrSource, prepareQr, type QrWindow } from '../../shared/qr/index.js';
import { BEACON_ORIGIN, HOSTILE_SVGS, PWNED_GLOBAL } from '../fixtures/hostile-svgs.js';
import { assertCleanQrSvg, jsdomWindow } from '../helpers/qr.js';

const win = jsdomWindow();

describe('hostile corpus', () => {
  it('has at least 110 entries with unique, URL-safe names', () => {
    assert.ok(HOSTILE_SVGS.length >= 110, `${HOSTILE_SVGS.length} entries`);
    assert.equal(new Set(HOSTILE_SVGS.map((h) => h.name)).size, HOSTILE_SVGS.length);
    for (const { name } of HOSTILE_SVGS) assert.match(name, /^[a-z0-9-]+$/);
  });

  it('gives every payload a detectable signal, except the geometry-only entries', () => {
    for (const { name, input } of HOSTILE_SVGS) {
      if (name.startsWith('not-qr-')) continue;
      const signals = [`${PWNED_GLOBAL}('${name}')`, `${BEACON_ORIGIN}/${name}`];
      const visible = readableForms(input).some((text) => signals.some((signal) => text.includes(signal)));
      assert.ok(visible, name);
    }
  });

  for (const { name, input } of HOSTILE_SVGS) {
    it(`${name}: refused or clean`, () => {
      const result = prepareQr(input, win);
      if (result.error) assert.equal(result.error.code, 'invalid_qr');
      else assertCleanQrSvg(result.data!.svg, win);
    });
  }

  it('refuses a 5 MB input on its length, before any parsing', () => {
    const huge = HOSTILE_SVGS.find((h) => h.name === 'huge-5mb')!.input;
    assert.ok(huge.length > MAX_SOURCE_CHARS);
    assert.equal(normalizeQrSource(huge).error?.code, 'invalid_qr');
    // The window is only for DOMPurify, which an input refused on its length never reaches.
    const unusable = new Proxy(
      {},
      {
        get() {
          throw new Error('the input must be refused before anything uses the window');
        },
      },
    ) as unknown as QrWindow;
    assert.equal(prepareQr(huge, unusable).error?.code, 'invalid_qr');
  });
});

/** The input, without NULs, percent-decoded, and every base64 run decoded: where a signal may hide. */
function readableForms(input: string): string[] {
  const forms = [input, input.replaceAll('\u0000', '')];
  try {
    forms.push(decodeURIComponent(input));
  } catch {
    // not percent-encoded
  }
  for (const run of input.match(/[A-Za-z0-9+/]{40,}={0,2}/g) ?? []) forms.push(Buffer.from(run, 'base64').toString('utf8'));
  return forms;
}
