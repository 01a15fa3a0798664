/**
 * Reads the modules out of a QR code SVG, and nothing else.
 *
 * The text is parsed by the given window's DOMParser as image/svg+xml: an inert XML document
 * (no script runs, nothing loads, no layout) that is never attached to a page. Only geometry is
 * read from it; the code shown to users is drawn afresh from the resulting matrix
 * (render-qr-svg.ts), so nothing from the source text is ever put in a page.
 *
 * Before parsing, markup-precheck.ts bounds the parser's work (flat structure, element count, no
 * DOCTYPE/ENTITY/CDATA). Two shapes are accepted, and anything beyond them is refused (invalid_qr)
 * rather than cleaned:
 *  (a) Supabase's: rect elements only, see read-module-rects.ts;
 *  (b) ours: one background rect and one path, see read-outline-path.ts, so that the QR element
 *      accepts the MFA element's (already sanitised) output back.
 * Refusing, not stripping: a source carrying a script, a handler, a foreign element or a stray
 * attribute is not what Supabase sends, so its geometry is not to be trusted either, and the
 * builder is better served by a clear error than by a silently "repaired" code.
 */
import { ok, type Result } from '../result.js';
import { invalidQr } from './invalid-qr.js';
import { isFlatMarkupWithinLimits } from './markup-precheck.js';
import type { QrMatrix } from './qr-matrix.js';
import { readModuleRects } from './read-module-rects.js';
import { readOutlinePath } from './read-outline-path.js';
import { SVG_NS } from './svg-namespace.js';

export interface SvgParsingWindow {
  DOMParser: typeof DOMParser;
}

/** Attributes each element may carry. Namespace declarations are attributes in the DOM too. */
const ALLOWED_ATTRIBUTES: Record<string, ReadonlySet<string>> = {
  svg: new Set(['xmlns', 'xmlns:xlink', 'width', 'height', 'viewBox', 'shape-rendering']),
  rect: new Set(['x', 'y', 'width', 'height', 'style', 'fill']),
  path: new Set(['d', 'fill']),
};

/** Reads Supabase's format or our own (the QR code element accepts both). */
export function parseQrSvg(svgText: string, win: SvgParsingWindow): Result<QrMatrix> {
  return parseShapes(svgText, win, readOutlinePath);
}

/**
 * Reads Supabase's format only: what the MFA element gets from the server's enroll answer.
 * Without the outline reader, the MFA runtime does not ship it (and accepts less).
 */
export function parseSupabaseQrSvg(svgText: string, win: SvgParsingWindow): Result<QrMatrix> {
  return parseShapes(svgText, win, null);
}

function parseShapes(svgText: string, win: SvgParsingWindow, readOutline: typeof readOutlinePath | null): Result<QrMatrix> {
  if (!isFlatMarkupWithinLimits(svgText)) return invalidQr();
  let doc: Document;
  try {
    doc = new win.DOMParser().parseFromString(svgText, 'image/svg+xml');
  } catch {
    return invalidQr();
  }
  const shapes = collectShapes(doc);
  if (!shapes) return invalidQr();
  const { rects, paths } = shapes;
  const matrix =
    paths.length === 0 ? readModuleRects(rects) : readOutline && paths.length === 1 && rects.length === 1 ? readOutline(paths[0]!, rects[0]!) : null;
  return matrix ? ok(matrix) : invalidQr();
}

/**
 * The rect and path children of the root <svg>, or null when the document holds anything else:
 * a parse error, another root, another element, nesting, text, an unexpected attribute.
 */
function collectShapes(doc: Document): { rects: Element[]; paths: Element[] } | null {
  const root = doc.documentElement;
  if (!root || !isSvgElement(root, 'svg') || !hasOnlyAllowedAttributes(root, 'svg')) return null;
  // Browsers report XML errors with a <parsererror> element, which Chrome puts inside the root.
  if (doc.getElementsByTagNameNS('*', 'parsererror').length > 0) return null;
  for (let node = doc.firstChild; node; node = node.nextSibling) {
    // Supabase puts a comment before the root; nothing else may sit beside it.
    if (node !== root && node.nodeType !== node.COMMENT_NODE) return null;
  }

  const rects: Element[] = [];
  const paths: Element[] = [];
  for (let node = root.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === node.TEXT_NODE) {
      if (node.nodeValue?.trim()) return null;
      continue;
    }
    if (node.nodeType !== node.ELEMENT_NODE) return null; // comment, CDATA, processing instruction
    const el = node as Element;
    if (el.firstChild !== null) return null;
    if (isSvgElement(el, 'rect') && hasOnlyAllowedAttributes(el, 'rect')) rects.push(el);
    else if (isSvgElement(el, 'path') && hasOnlyAllowedAttributes(el, 'path')) paths.push(el);
    else return null;
  }
  return { rects, paths };
}

function isSvgElement(el: Element, localName: string): boolean {
  return el.namespaceURI === SVG_NS && el.localName === localName;
}

function hasOnlyAllowedAttributes(el: Element, localName: string): boolean {
  const allowed = ALLOWED_ATTRIBUTES[localName]!;
  for (const name of el.getAttributeNames()) if (!allowed.has(name)) return false;
  return true;
}
