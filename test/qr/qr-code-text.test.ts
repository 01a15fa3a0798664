/**
 * The MFA element's QR code text (shared/qr/qr-code-text.ts): what it writes reads back to the
 * same modules and scans to the TOTP link, in the QR code element too; everything off its exact
 * shape, or that is not a QR code, is refused with invalid_qr and draws nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prepareQr, QR_CODE_TEXT_PREFIX, qrCodeText, qrMatricesEqual, readQrCodeText, type QrMatrix } from '../../shared/qr/index.js';
import { EXAMPLE_SECRET, otpauthUri, REALISTIC_EMAIL, REALISTIC_ISSUER, supabaseQrSvg } from '../../dev/fixtures/index.js';
import { decodeQrCodeText, decodeQrSvg, jsdomWindow } from '../helpers/qr.js';

const win = jsdomWindow();
const uri = otpauthUri(REALISTIC_ISSUER, REALISTIC_EMAIL, EXAMPLE_SECRET);
const { svg, matrix } = supabaseQrSvg(uri);
const text = qrCodeText(matrix);

/** The text of a matrix with its bits changed by `edit`, written the way qrCodeText writes. */
function edited(m: QrMatrix, edit: (dark: Uint8Array) => void): string {
  const copy = { size: m.size, dark: m.dark.slice() };
  edit(copy.dark);
  return qrCodeText(copy);
}

describe('QR code text', () => {
  it('is short, markup-free text that reads back to the same modules and scans to the link', () => {
    assert.match(text, /^supabase-mfa-qr:1:69:[A-Za-z0-9_-]+$/);
    assert.ok(text.length < 850, `${text.length} characters for a version-13 code`);
    const back = readQrCodeText(text);
    assert.ok(back.data && qrMatricesEqual(back.data, matrix));
    assert.equal(decodeQrCodeText(text), uri);
  });

  it('round-trips versions 1, 5, 18 and 40 (both bit remainders of a byte, both base64 remainders)', () => {
    for (const payload of ['HELLO', 'x'.repeat(40), 'x'.repeat(300), 'x'.repeat(1273)]) {
      const m = supabaseQrSvg(payload).matrix;
      const back = readQrCodeText(qrCodeText(m));
      assert.ok(back.data && qrMatricesEqual(back.data, m), `size ${m.size}`);
    }
  });

  it('the QR element draws it as it draws the Supabase SVG it was read from', () => {
    const drawn = prepareQr(text, win);
    assert.ok(drawn.data);
    assert.equal(drawn.data.svg, prepareQr(svg, win).data?.svg);
    assert.equal(decodeQrSvg(drawn.data.svg), uri);
    // Bubble may hand the field over with surrounding whitespace.
    assert.equal(prepareQr(`  ${text}\n`, win).data?.svg, drawn.data.svg);
  });

  const body = text.slice(QR_CODE_TEXT_PREFIX.length);
  const refused: Record<string, string> = {
    'the prefix alone': QR_CODE_TEXT_PREFIX,
    'another version': text.replace(':1:', ':2:'),
    'upper-case prefix': text.replace('supabase-mfa-qr', 'SUPABASE-MFA-QR'),
    'a side that is no QR size': text.replace(':69:', ':70:'),
    'a side that does not match the bits': text.replace(':69:', ':73:'),
    'a side with a leading zero': text.replace(':69:', ':069:'),
    'one character short': text.slice(0, -1),
    'one character over': `${text}A`,
    'base64 padding': `${text}==`,
    'a standard base64 character': `${QR_CODE_TEXT_PREFIX}69:+${body.split(':')[1]!.slice(1)}`,
    'a slash': `${QR_CODE_TEXT_PREFIX}69:/${body.split(':')[1]!.slice(1)}`,
    'a space inside': `${text.slice(0, 40)} ${text.slice(40)}`,
    markup: `${QR_CODE_TEXT_PREFIX}69:<svg onload=alert(1)>`,
    'a script URL': `${QR_CODE_TEXT_PREFIX}69:javascript:alert(1)`,
    'a padding bit set': (() => {
      // 69² = 4761 modules: the last byte carries 1 module and 7 padding bits.
      const bytes = Buffer.from(body.split(':')[1]!, 'base64url');
      bytes[bytes.length - 1]! |= 0x01;
      return `${QR_CODE_TEXT_PREFIX}69:${bytes.toString('base64url')}`;
    })(),
    'unused bits in the last base64 character': (() => {
      const last = body.at(-1)!;
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      return text.slice(0, -1) + alphabet[alphabet.indexOf(last) ^ 1];
    })(),
    'a broken finder pattern': edited(matrix, (dark) => {
      dark[0] = 0;
    }),
    'broken timing lines': edited(matrix, (dark) => {
      dark[6 * 69 + 10] = 1 - dark[6 * 69 + 10]!;
    }),
    'all light': edited(matrix, (dark) => dark.fill(0)),
    'all dark': edited(matrix, (dark) => dark.fill(1)),
  };

  for (const [name, bad] of Object.entries(refused)) {
    it(`refuses ${name}`, () => {
      assert.notEqual(bad, text);
      assert.equal(readQrCodeText(bad).error?.code, 'invalid_qr');
      const drawn = prepareQr(bad, win);
      assert.equal(drawn.error?.code, 'invalid_qr');
      assert.equal(drawn.data, null);
    });
  }
});
