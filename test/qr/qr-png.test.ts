/**
 * The QR code image (shared/qr/qr-png.ts): a PNG that a real decoder (pngjs, which checks every
 * chunk's CRC and the zlib checksum) reads, black on white, whole pixels per module with the
 * quiet zone, and that jsqr scans to the TOTP link, at every QR size.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { encodeQr, enrollmentQr, MIN_IMAGE_SIDE, qrPng, qrPngDataUri } from '../../shared/qr/index.js';
import { EXAMPLE_SECRET, otpauthUri, REALISTIC_EMAIL, REALISTIC_ISSUER, SHORT_EMAIL, supabaseQrSvg } from '../../dev/fixtures/index.js';
import { decodeQrImageState, jsdomWindow } from '../helpers/qr.js';

describe('QR code PNG', () => {
  const cases = {
    'version 1': 'HELLO',
    'short email (version 12)': otpauthUri(REALISTIC_ISSUER, SHORT_EMAIL, EXAMPLE_SECRET),
    'realistic email (version 13)': otpauthUri(REALISTIC_ISSUER, REALISTIC_EMAIL, EXAMPLE_SECRET),
    'longest email (version 21)': otpauthUri(REALISTIC_ISSUER, `${'x'.repeat(242)}@example.com`, EXAMPLE_SECRET),
  };
  for (const [label, text] of Object.entries(cases)) {
    it(`${label}: decodes, scans to the text, at least ${MIN_IMAGE_SIDE} px with whole pixels per module`, () => {
      const { matrix } = supabaseQrSvg(text);
      const decoded = decodeQrImageState(qrPngDataUri(matrix));
      assert.equal(decoded.text, text);
      assert.equal(decoded.width, decoded.height);
      assert.ok(decoded.width >= MIN_IMAGE_SIDE, `${decoded.width} px`);
      assert.equal(decoded.width % (matrix.size + 8), 0, 'a whole number of pixels per module, quiet zone of 4');
    });
  }

  it('draws each module as a black or white square, and the quiet zone white', () => {
    const { matrix } = supabaseQrSvg(cases['realistic email (version 13)']);
    const png = PNG.sync.read(Buffer.from(qrPng(matrix)));
    const scale = png.width / (matrix.size + 8);
    for (let y = 0; y < png.height; y++) {
      for (let x = 0; x < png.width; x++) {
        const row = Math.floor(y / scale) - 4;
        const col = Math.floor(x / scale) - 4;
        const dark = row >= 0 && col >= 0 && row < matrix.size && col < matrix.size && matrix.dark[row * matrix.size + col] === 1;
        const at = (y * png.width + x) * 4;
        const rgba = [...png.data.subarray(at, at + 4)];
        assert.deepEqual(rgba, dark ? [0, 0, 0, 255] : [255, 255, 255, 255], `pixel ${x},${y}`);
      }
    }
  });

  it('version 40, the largest image (one stored block of 17,760 bytes), decodes and scans', () => {
    const text = 'x'.repeat(1273);
    const { matrix } = supabaseQrSvg(text);
    assert.equal(matrix.size, 177);
    const decoded = decodeQrImageState(qrPngDataUri(matrix));
    assert.equal(decoded.width, 370);
    assert.equal(decoded.text, text);
  });

  it('is what the MFA element publishes as QR code image, and scans to the TOTP link', () => {
    const uri = cases['realistic email (version 13)'];
    const matrix = encodeQr(uri).data!;
    const image = enrollmentQr(uri, jsdomWindow()).data?.image;
    assert.equal(image, qrPngDataUri(matrix));
    assert.ok(image);
    assert.match(image, /^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    assert.equal(decodeQrImageState(image).text, uri);
  });
});
