/**
 * The one entry the rest of the plugin calls to show a QR code:
 *   normalize (source forms) → parse (geometry only) → render (numbers and colours only)
 *   → sanitise (allow-list gate) → base64 data URI.
 * Nothing from the source text survives into the output except which modules are dark.
 */
import { fail, ok, type Result } from '../result.js';
import { svgToDataUri } from './data-uri.js';
import { normalizeQrSource } from './normalize-source.js';
import { parseQrSvg, parseSupabaseQrSvg } from './parse-qr-svg.js';
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
  /** The same SVG as a base64 data URI, for an <img> or a Bubble Image element. */
  dataUri: string;
  /** Modules per side, without the quiet zone. */
  size: number;
  /** Length of `svg` in bytes (it is ASCII only). */
  bytes: number;
}

/**
 * prepareQr or prepareSupabaseQr with its window already chosen: what code that has no window
 * of its own (the actions) is given. It may answer later: in the hosted runtime the pipeline is
 * loaded on first use (shared/qr/pipeline.ts).
 */
export type QrPreparer = (source: unknown) => Result<PreparedQr> | Promise<Result<PreparedQr>>;

function prepareWith(parse: (svg: string) => Result<QrMatrix>, source: unknown, win: QrWindow, options: QrRenderInput): Result<PreparedQr> {
  const text = normalizeQrSource(source);
  if (text.error) return fail(text.error);
  const matrix = parse(text.data);
  if (matrix.error) return fail(matrix.error);
  const clean = createSanitizer(win)(renderQrSvg(matrix.data, options));
  if (clean.error) return fail(clean.error);
  const svg = clean.data;
  return ok({ svg, dataUri: svgToDataUri(svg), size: matrix.data.size, bytes: svg.length });
}

/** For the QR code element: Supabase's QR in any of its forms, or our own output fed back. */
export function prepareQr(source: unknown, win: QrWindow, options: QrRenderInput = {}): Result<PreparedQr> {
  return prepareWith(parseQrSvg, source, win, options);
}

/** For the MFA element: the QR in the server's enroll answer, which is always Supabase's format. */
export function prepareSupabaseQr(source: unknown, win: QrWindow, options: QrRenderInput = {}): Result<PreparedQr> {
  return prepareWith(parseSupabaseQrSvg, source, win, options);
}
