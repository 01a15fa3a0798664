/**
 * The one entry the QR code element calls to show a QR code:
 *   read (the MFA element's QR code text, or an SVG: normalize its form, then parse geometry only)
 *   → render (numbers and colours only)
 *   → sanitise (allow-list gate).
 * Nothing from the source text survives into the output except which modules are dark.
 */
import { fail, ok, type Result } from '../result.js';
import { MAX_SOURCE_CHARS, normalizeQrSource } from './normalize-source.js';
import { parseQrSvg } from './parse-qr-svg.js';
import { isQrCodeText, readQrCodeText } from './qr-code-text.js';
import type { QrMatrix } from './qr-matrix.js';
import type { QrRenderInput } from './render-options.js';
import { renderQrSvg } from './render-qr-svg.js';
import { createSanitizer, type SanitizingWindow } from './sanitize-svg.js';

/** The window whose DOM DOMPurify uses (the source itself is never parsed by a DOM). */
export type QrWindow = SanitizingWindow;

/** A QR code ready for a page: the only shape in which the plugin passes one on. */
export interface PreparedQr {
  /** Sanitised SVG markup, safe to put in a page. */
  svg: string;
  /** Modules per side, without the quiet zone. */
  size: number;
}

/** For the QR code element: Supabase's QR in any of its forms, the MFA element's QR code text, or our own SVG fed back. */
export function prepareQr(source: unknown, win: QrWindow, options: QrRenderInput = {}): Result<PreparedQr> {
  const matrix = readQrSource(source);
  if (matrix.error) return fail(matrix.error);
  const clean = createSanitizer(win)(renderQrSvg(matrix.data, options));
  if (clean.error) return fail(clean.error);
  return ok({ svg: clean.data, size: matrix.data.size });
}

function readQrSource(source: unknown): Result<QrMatrix> {
  // Length first: a hostile multi-megabyte source costs one check, not a trim (normalize-source.ts).
  const trimmed = typeof source === 'string' && source.length <= MAX_SOURCE_CHARS ? source.trim() : '';
  if (isQrCodeText(trimmed)) return readQrCodeText(trimmed);
  const text = normalizeQrSource(source);
  return text.error ? fail(text.error) : parseQrSvg(text.data);
}
