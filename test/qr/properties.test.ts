/**
 * Property tests (fast-check) of the QR paths:
 *  - the reader the QR code element keeps (read-qr.ts): random text, random bytes and real QR
 *    SVGs with random markup spliced in never throw, and give either invalid_qr or a redrawn QR
 *    (clean markup, the same modules as a well-formed source would give);
 *  - QRs drawn by the encoder (lean-qr, encode-qr.ts) and by Supabase's own generator's
 *    drawing (goqrsvg's rects, dev/fixtures/supabase-qr.ts) read back to the same modules;
 *  - the MFA element's QR code (SVG) for random otpauth links: exactly the redrawn QR, within its
 *    size budget, and it scans (jsqr) to the link.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isCleanQrSvgState } from '../../dev/mfa-harness/index.js';
import { moduleRectsSvg, otpauthUri, REALISTIC_ISSUER, supabaseQrSvg } from '../../dev/fixtures/index.js';
import { encodeQr, enrollmentQr, prepareQr, qrMatricesEqual, readQr, renderQrSvg, type QrMatrix } from '../../shared/qr/index.js';
import { hasQrStructure } from '../../shared/qr/qr-structure.js';
import { HOSTILE_SVGS } from '../fixtures/hostile-svgs.js';
import { assertCleanQrSvg, decodeWithJsqr, jsdomWindow } from '../helpers/qr.js';

const win = jsdomWindow();
const SMALL = supabaseQrSvg('HELLO');
const OURS = renderQrSvg(SMALL.matrix, {});

/** What prepareQr may answer: invalid_qr, or clean markup redrawn from the modules it read. */
function assertRedrawnOrRefused(source: unknown): QrMatrix | null {
  const read = readQr(source);
  const prepared = prepareQr(source, win);
  if (read.error) {
    assert.equal(read.error.code, 'invalid_qr');
    assert.equal(prepared.error?.code, 'invalid_qr');
    return null;
  }
  assert.ok(hasQrStructure(read.data));
  assert.equal(prepared.data?.svg, renderQrSvg(read.data, {}), 'the markup is the modules redrawn, nothing else');
  assertCleanQrSvg(prepared.data.svg, win);
  return read.data;
}

/** Text a fuzzer would splice into markup: random, plus the pieces hostile SVGs are made of. */
const splice = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '<script>window.__pwned(1)</script>',
    ' onload="window.__pwned(1)"',
    '<foreignObject><img src=x onerror=alert(1)></foreignObject>',
    '<style>@import "http://127.0.0.1:9/x"</style>',
    ' href="http://127.0.0.1:9/x"',
    ' xlink:href="javascript:alert(1)"',
    '</svg><img src=x onerror=alert(1)>',
    '<!--',
    ']]>',
    '<![CDATA[',
    '&lt;',
    '"',
    "'",
    '\u0000',
    '<rect x="0" y="0" width="3" height="3" style="fill:black;stroke:none" />',
  ),
);

describe('QR reader properties (fast-check)', () => {
  it('random text and bytes never throw: invalid_qr or a redrawn QR', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.anything()), (source) => {
        assertRedrawnOrRefused(source);
      }),
      { numRuns: 300 },
    );
  });

  it('real QR SVGs (Supabase’s, ours, their data URIs) with random markup spliced in: refused, or the same modules redrawn', () => {
    const sources = [SMALL.svg, OURS, `data:image/svg+xml;utf-8,${SMALL.svg}`, `data:image/svg+xml;base64,${Buffer.from(OURS).toString('base64')}`];
    fc.assert(
      fc.property(fc.constantFrom(...sources), fc.nat(), splice, (source, at, text) => {
        const where = at % (source.length + 1);
        const read = assertRedrawnOrRefused(source.slice(0, where) + text + source.slice(where));
        // Whatever is accepted after the splice is still this QR (a splice may only add inert whitespace or a comment).
        if (read) assert.ok(qrMatricesEqual(read, SMALL.matrix), 'accepted with other modules');
      }),
      { numRuns: 400 },
    );
  });

  it('every hostile corpus entry, with a random prefix or suffix, never throws and never yields other markup', () => {
    fc.assert(
      fc.property(fc.constantFrom(...HOSTILE_SVGS.filter((h) => h.input.length < 100_000)), fc.constantFrom('', ' ', '\n', '\uFEFF'), (h, pad) => {
        assertRedrawnOrRefused(pad + h.input + pad);
      }),
      { numRuns: 200 },
    );
  });
});

describe('encoder and Supabase drawings read back to the same modules (fast-check)', () => {
  const text = fc.string({ minLength: 1, maxLength: 200 });

  it('a QR drawn by the encoder, as Supabase would draw it (goqrsvg rects) and as we draw it, reads back to its modules', () => {
    fc.assert(
      fc.property(text, (t) => {
        const m = encodeQr(t);
        assert.ok(m.data, 'the encoder takes any text of this length');
        assert.ok(hasQrStructure(m.data), 'finders, separators and timing lines where a QR has them');
        for (const drawn of [moduleRectsSvg(m.data), renderQrSvg(m.data, {}), renderQrSvg(m.data, { quietZone: 0 })]) {
          const back = readQr(drawn);
          assert.ok(back.data && qrMatricesEqual(back.data, m.data));
        }
      }),
      { numRuns: 60 },
    );
  });

  it("Supabase's own generator's QR (error correction H, transposed) reads back to its modules, in every form auth-js passes it", () => {
    fc.assert(
      fc.property(text, (t) => {
        const { svg, matrix } = supabaseQrSvg(t);
        for (const source of [svg, `data:image/svg+xml;utf-8,${svg}`, `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`]) {
          const back = readQr(source);
          assert.ok(back.data && qrMatricesEqual(back.data, matrix));
        }
      }),
      { numRuns: 20 },
    );
  });
});

describe('the MFA element’s QR code (SVG) (fast-check)', () => {
  const base32 = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'), minLength: 16, maxLength: 32 });
  const email = fc.emailAddress().filter((e) => e.length <= 80);
  const issuer = fc.constantFrom(REALISTIC_ISSUER, 'Acme', 'my-app.example.com');

  it('is exactly the redrawn QR, within 12 KB, read back by the QR code element, and scans to the link', () => {
    fc.assert(
      fc.property(issuer, email, base32, (i, e, secret) => {
        const uri = otpauthUri(i, e, secret);
        const qr = enrollmentQr(uri, win);
        assert.ok(qr.data, qr.error?.message ?? 'refused');
        assert.ok(isCleanQrSvgState(qr.data.svg), qr.data.svg.slice(0, 200));
        assert.ok(qr.data.svg.length <= 12 * 1024, `${qr.data.svg.length} characters`);
        const back = readQr(qr.data.svg);
        assert.ok(back.data);
        assert.equal(decodeWithJsqr(back.data), uri);
      }),
      { numRuns: 25 },
    );
  });
});
