/**
 * Draws a QR code for a text with lean-qr's small encoder (lean-qr/nano), as a QrMatrix: what the
 * MFA element shows after Enroll. It encodes the otpauth:// URI the enroll answer gives (checked
 * first, see actions/enroll-factor.ts) instead of reading the server's SVG, so nothing of that
 * SVG reaches a state, and a hostile or odd SVG in the answer changes nothing. Why an encoder
 * and not the SVG reader here: docs/qr-encoder.md (lighter, and less of our own code).
 *
 * Error correction M (15 %), the level the QR standard suggests for screens: a smaller code
 * (larger modules at a given width) than Supabase's level H, so it scans from a small box. The
 * encoder's output is used as is (the property tests check its structure and that it reads back).
 */
import { correction, generate } from 'lean-qr/nano';
import { ok, type Result } from '../result.js';
import { invalidQr } from './invalid-qr.js';
import { createQrMatrix, type QrMatrix } from './qr-matrix.js';

export function encodeQr(text: string): Result<QrMatrix> {
  let code: ReturnType<typeof generate>;
  try {
    code = generate(text, { minCorrectionLevel: correction.M });
  } catch {
    return invalidQr(); // too long for any QR version
  }
  const m = createQrMatrix(code.size);
  for (let row = 0; row < m.size; row++) for (let col = 0; col < m.size; col++) m.dark[row * m.size + col] = code.get(col, row) ? 1 : 0;
  return ok(m);
}
