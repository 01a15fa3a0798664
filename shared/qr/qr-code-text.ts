/**
 * The plugin's own compact form of a QR code: which modules are dark, as text that is not markup.
 *
 *   supabase-mfa-qr:1:<side>:<bits>
 *
 * <side> is the number of modules per side (21..177), <bits> the modules row by row, one bit
 * each (1 = dark), packed most significant bit first and written as unpadded base64url. The text
 * holds only letters, digits and ":-_", so a state carrying it is harmless wherever a builder
 * binds it (an HTML element shows it as text), and reading it back needs no parser: the QR code
 * element turns it into a matrix with the checks every source gets, then draws its own SVG.
 * Why not SVG: an SVG state would have to pass DOMPurify in the MFA element too, and DOMPurify
 * is a quarter of that element's download (docs/supabase-mfa.md).
 */
import { base64ToBytes, bytesToBase64, fromBase64Url } from '../base64.js';
import { ok, type Result } from '../result.js';
import { invalidQr } from './invalid-qr.js';
import { createQrMatrix, type QrMatrix } from './qr-matrix.js';
import { hasQrStructure, isPlausibleQrSize } from './qr-structure.js';

export const QR_CODE_TEXT_PREFIX = 'supabase-mfa-qr:1:';

// Longest text a version-40 code gives: prefix, "177:", ceil(177² / 8) bytes in base64url.
const MAX_TEXT_CHARS = QR_CODE_TEXT_PREFIX.length + 4 + Math.ceil((Math.ceil((177 * 177) / 8) * 4) / 3);
const SHAPE = /^supabase-mfa-qr:1:([1-9]\d{1,2}):([A-Za-z0-9_-]+)$/;

export function qrCodeText(m: QrMatrix): string {
  const bytes = new Uint8Array(Math.ceil(m.dark.length / 8));
  for (let i = 0; i < m.dark.length; i++) if (m.dark[i] === 1) bytes[i >> 3]! |= 0x80 >> (i & 7);
  return `${QR_CODE_TEXT_PREFIX}${m.size}:${unpaddedBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_')}`;
}

/** True when the text says it is in this form (whether or not it is a valid one). */
export function isQrCodeText(text: string): boolean {
  return text.startsWith(QR_CODE_TEXT_PREFIX);
}

/**
 * The matrix the text describes, or invalid_qr: anything but the exact shape above, a side that
 * is no QR size, a bit count that does not match it, set padding bits, or modules that do not
 * draw a QR code (finder patterns, timing lines) are all refused.
 */
export function readQrCodeText(text: string): Result<QrMatrix> {
  if (text.length > MAX_TEXT_CHARS) return invalidQr();
  const match = SHAPE.exec(text);
  const side = match ? Number(match[1]) : 0;
  if (!match || !isPlausibleQrSize(side)) return invalidQr();
  const bytes = decodeBase64Url(match[2]!);
  const modules = side * side;
  if (!bytes || bytes.length !== Math.ceil(modules / 8)) return invalidQr();
  const m = createQrMatrix(side);
  for (let i = 0; i < bytes.length * 8; i++) {
    const bit = (bytes[i >> 3]! >> (7 - (i & 7))) & 1;
    if (i < modules) m.dark[i] = bit;
    else if (bit) return invalidQr(); // a padding bit: not text this plugin wrote
  }
  return hasQrStructure(m) ? ok(m) : invalidQr();
}

function decodeBase64Url(text: string): Uint8Array | null {
  // Unpadded base64 never leaves a single character over; and the last character may carry
  // no bits beyond the bytes it completes (atob would ignore them: we refuse them).
  const base64 = fromBase64Url(text);
  if (base64.length % 4 === 1) return null;
  const bytes = base64ToBytes(base64);
  return bytes && unpaddedBase64(bytes) === base64 ? bytes : null;
}

function unpaddedBase64(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/=+$/, '');
}
