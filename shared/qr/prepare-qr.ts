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
import type { QrRenderInput } from './render-options.js';
import { renderQrSvg } from './render-qr-svg.js';
import { createSanitizer, type SanitizingWindow } from './sanitize-svg.js';

/** The window whose DOMParser reads the source and whose DOM DOMPurify uses. */
export type QrWindow = SanitizingWindow;

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

export type QrSourcePreparer = (source: unknown, win: QrWindow, options?: QrRenderInput) => Result<PreparedQr>;

function preparerUsing(parse: typeof parseQrSvg): QrSourcePreparer {
  return (source, win, options = {}) => {
    const text = normalizeQrSource(source);
    if (text.error) return fail(text.error);
    const matrix = parse(text.data, win);
    if (matrix.error) return fail(matrix.error);
    const clean = createSanitizer(win)(renderQrSvg(matrix.data, options));
    if (clean.error) return fail(clean.error);
    const svg = clean.data;
    return ok({ svg, dataUri: svgToDataUri(svg), size: matrix.data.size, bytes: svg.length });
  };
}

/** For the QR code element: Supabase's QR in any of its forms, or our own output fed back. */
export const prepareQr: QrSourcePreparer = /* @__PURE__ */ preparerUsing(parseQrSvg);

/** For the MFA element: the QR in the server's enroll answer, which is always Supabase's format. */
export const prepareSupabaseQr: QrSourcePreparer = /* @__PURE__ */ preparerUsing(parseSupabaseQrSvg);
