/**
 * What the QR code element reads from its QR source: the modules, and nothing else. Accepted:
 * the MFA element's QR code (SVG) state, Supabase's SVG in any of its forms (raw, the data URIs),
 * an otpauth://totp/ link (drawn by the encoder, encode-qr.ts) and the plugin's older QR code
 * text (qr-code-text.ts). Apart from prepare-qr.ts so that the
 * element, which draws with createElementNS (draw-qr.ts), does not bundle DOMPurify.
 */
import { fail, type Result } from '../result.js';
import { encodeQr } from './encode-qr.js';
import { invalidQr } from './invalid-qr.js';
import { MAX_SOURCE_CHARS, normalizeQrSource } from './normalize-source.js';
import { isOtpauthTotpUri } from './otpauth-uri.js';
import { parseQrSvg } from './parse-qr-svg.js';
import { isQrCodeText, readQrCodeText } from './qr-code-text.js';
import type { QrMatrix } from './qr-matrix.js';

export function readQr(source: unknown): Result<QrMatrix> {
  // Length first: a hostile multi-megabyte source costs one check, not a trim (normalize-source.ts).
  const trimmed = typeof source === 'string' && source.length <= MAX_SOURCE_CHARS ? source.trim() : '';
  if (isQrCodeText(trimmed)) return readQrCodeText(trimmed);
  if (trimmed.startsWith('otpauth:')) return isOtpauthTotpUri(trimmed) ? encodeQr(trimmed) : invalidQr();
  const text = normalizeQrSource(source);
  return text.error ? fail(text.error) : parseQrSvg(text.data);
}
