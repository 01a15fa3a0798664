/**
 * Reads the modules out of a QR code SVG, and nothing else.
 *
 * Supabase's exact output takes a fast path (read-supabase-svg.ts) that can only accept; everything
 * else, and anything it does not accept, is read by svg-markup.ts, a strict tokenizer for the two accepted shapes, not by a DOM
 * parser: nothing is built, nothing runs, nothing loads. Only geometry is read from it; the code
 * shown to users is drawn afresh from the resulting matrix (render-qr-svg.ts), so nothing from the
 * source text is ever put in a page. Two shapes are accepted, and anything beyond them is refused
 * (invalid_qr) rather than cleaned:
 *  (a) Supabase's: rect elements only, see read-module-rects.ts;
 *  (b) ours: one background rect and one path, see read-outline-path.ts, so that the QR element
 *      accepts the MFA element's QR code (SVG) state.
 * Refusing, not stripping: a source carrying a script, a handler, a foreign element or a stray
 * attribute is not what Supabase sends, so its geometry is not to be trusted either, and the
 * builder is better served by a clear error than by a silently "repaired" code.
 */
import { ok, type Result } from '../result.js';
import { invalidQr } from './invalid-qr.js';
import type { QrMatrix } from './qr-matrix.js';
import { readModuleRects } from './read-module-rects.js';
import { readOutlinePath } from './read-outline-path.js';
import { readSupabaseSvg } from './read-supabase-svg.js';
import { readSvgShapes, type SvgShapes } from './svg-markup.js';

/** Reads Supabase's format or our own (the QR code element accepts both). */
export function parseQrSvg(svgText: string): Result<QrMatrix> {
  const fast = readSupabaseSvg(svgText);
  return fast ? ok(fast) : matrixOf(readSvgShapes(svgText), readOutlinePath);
}

/** The matrix the shapes draw; exported for the bench, which feeds it shapes read by a DOM parser. */
export function matrixOf(shapes: SvgShapes | null, readOutline: typeof readOutlinePath | null): Result<QrMatrix> {
  if (!shapes) return invalidQr();
  const { rects, paths } = shapes;
  const matrix =
    paths.length === 0 ? readModuleRects(rects) : readOutline && paths.length === 1 && rects.length === 1 ? readOutline(paths[0]!, rects[0]!) : null;
  return matrix ? ok(matrix) : invalidQr();
}
