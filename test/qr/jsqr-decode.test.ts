/** The modules we output decode to the original text, in both orientations. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseQrSvg, prepareQr } from '../../shared/qr/index.js';
import { EXAMPLE_SECRET, otpauthUri, REALISTIC_EMAIL, REALISTIC_ISSUER, SHORT_EMAIL, supabaseQrSvg, transposeQrMatrix } from '../../dev/fixtures/index.js';
import { decodeWithJsqr, jsdomWindow } from '../helpers/qr.js';

const win = jsdomWindow();

describe('jsqr reads the prepared code', () => {
  for (const email of [SHORT_EMAIL, REALISTIC_EMAIL]) {
    const text = otpauthUri(REALISTIC_ISSUER, email, EXAMPLE_SECRET);

    it(`as Supabase draws it (transposed): ${email}`, () => {
      const output = parseQrSvg(prepareQr(supabaseQrSvg(text).svg, win).data!.svg).data!;
      // jsqr retries a failed read mirrored about the main diagonal, so it reads this too
      assert.equal(decodeWithJsqr(output), text);
    });

    it(`in the standard orientation: ${email}`, () => {
      const output = parseQrSvg(prepareQr(supabaseQrSvg(text).svg, win).data!.svg).data!;
      assert.equal(decodeWithJsqr(transposeQrMatrix(output)), text);
    });
  }
});
