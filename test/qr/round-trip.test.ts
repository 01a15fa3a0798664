/**
 * Same modules out as in: Supabase's SVG (in each source form) → prepareQr → parse our output
 * back → the matrix the Supabase SVG shows.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_SOURCE_CHARS, parseQrSvg, prepareQr, qrMatricesEqual, renderQrSvg, type QrMatrix } from '../../shared/qr/index.js';
import {
  authJsQrCode,
  EXAMPLE_SECRET,
  moduleRectsSvg,
  otpauthUri,
  REALISTIC_EMAIL,
  REALISTIC_ISSUER,
  SHORT_EMAIL,
  supabaseQrSvg,
  transposeQrMatrix,
} from '../../dev/fixtures/index.js';
import { jsdomWindow } from '../helpers/qr.js';

const win = jsdomWindow();

/** The four ways the QR source arrives. */
function sourceForms(svg: string): Record<string, string> {
  return {
    raw: svg,
    'auth-js data URI': authJsQrCode(svg),
    'percent-encoded data URI': `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`,
    'base64 data URI': `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
  };
}

function assertRoundTrip(source: string, expected: QrMatrix): void {
  const prepared = prepareQr(source, win);
  assert.equal(prepared.error, null);
  const { svg, size } = prepared.data!;
  assert.equal(size, expected.size);
  const back = parseQrSvg(svg);
  assert.equal(back.error, null);
  assert.ok(qrMatricesEqual(back.data!, expected), 'same modules out as in');
}

const texts: Record<string, string> = {
  'short email (version 12)': otpauthUri(REALISTIC_ISSUER, SHORT_EMAIL, EXAMPLE_SECRET),
  'realistic email (version 13)': otpauthUri(REALISTIC_ISSUER, REALISTIC_EMAIL, EXAMPLE_SECRET),
  'tiny text (version 1)': 'HELLO',
  'longest email (version 21)': otpauthUri(REALISTIC_ISSUER, `${'x'.repeat(242)}@example.com`, EXAMPLE_SECRET),
};

describe('prepareQr round trip', () => {
  for (const [label, text] of Object.entries(texts)) {
    const { svg, matrix } = supabaseQrSvg(text);
    for (const [form, source] of Object.entries(sourceForms(svg))) {
      it(`${label}, ${form}`, () => {
        assertRoundTrip(source, matrix);
      });
    }
  }

  it('reads the non-transposed orientation as drawn too', () => {
    const { matrix } = supabaseQrSvg(texts['realistic email (version 13)']!);
    const standard = transposeQrMatrix(matrix);
    assertRoundTrip(moduleRectsSvg(standard), standard);
  });

  it('accepts its own output back, in every source form and with any look', () => {
    const { svg, matrix } = supabaseQrSvg(texts['realistic email (version 13)']!);
    const first = prepareQr(svg, win, { foreground: 'rgba(20, 40, 120, 0.9)', background: '#ffeecc', quietZone: 0 });
    for (const source of Object.values(sourceForms(first.data!.svg))) assertRoundTrip(source, matrix);
  });

  it('version 40: parses the Supabase SVG, and its compact form round-trips', () => {
    const { svg, matrix } = supabaseQrSvg('x'.repeat(1273));
    assert.equal(matrix.size, 177);
    // 2.4 MB: more than any realistic enrollment, and over the source cap (see normalize-source.ts).
    assert.ok(svg.length > MAX_SOURCE_CHARS);
    assert.equal(prepareQr(svg, win).error?.code, 'invalid_qr');
    const parsed = parseQrSvg(svg);
    assert.ok(parsed.data && qrMatricesEqual(parsed.data, matrix));
    for (const source of Object.values(sourceForms(renderQrSvg(matrix, {})))) assertRoundTrip(source, matrix);
  });
});
