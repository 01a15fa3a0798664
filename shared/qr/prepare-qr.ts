/**
 * A QR source as sanitised SVG markup:
 *   read (read-qr.ts: geometry only) → render (numbers and colours only) → sanitise (allow-list gate).
 * Nothing from the source text survives into the output except which modules are dark. The QR
 * code element draws the same read with createElementNS instead (draw-qr.ts: no markup, no
 * DOMPurify); this markup form is for tools, the bench and the tests, which compare the two.
 */
import { fail, ok, type Result } from '../result.js';
import { readQr } from './read-qr.js';
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

/** Supabase's QR in any of its forms, the MFA element's QR code (SVG), or the older QR code text. */
export function prepareQr(source: unknown, win: QrWindow, options: QrRenderInput = {}): Result<PreparedQr> {
  const matrix = readQr(source);
  if (matrix.error) return fail(matrix.error);
  const clean = createSanitizer(win)(renderQrSvg(matrix.data, options));
  if (clean.error) return fail(clean.error);
  return ok({ svg: clean.data, size: matrix.data.size });
}
