/**
 * The QR pipeline as the plugin ran it before the tokenizer (svg-markup.ts): the source parsed by
 * the window's DOMParser as image/svg+xml, the shapes collected from the DOM, then the same
 * readers, renderer and DOMPurify gate as today. Kept here, and only here, as the bench's
 * comparison ("today's approach"); the plugin does not ship it.
 */
import { fail, ok, type Result } from '../shared/result.js';
import { matrixOf, normalizeQrSource, renderQrSvg, createSanitizer, type PreparedQr, type QrWindow } from '../shared/qr/index.js';
import { readOutlinePath } from '../shared/qr/read-outline-path.js';
import { SVG_NS } from '../shared/qr/svg-namespace.js';
import { INVALID_QR_MESSAGE, MfaError } from '../shared/errors.js';
import { isFlatMarkupWithinLimits } from './qr-today-precheck.js';

export type DomQrWindow = QrWindow & { DOMParser: typeof DOMParser };

const ALLOWED_ATTRIBUTES: Record<string, ReadonlySet<string>> = {
  svg: new Set(['xmlns', 'xmlns:xlink', 'width', 'height', 'viewBox', 'shape-rendering']),
  rect: new Set(['x', 'y', 'width', 'height', 'style', 'fill']),
  path: new Set(['d', 'fill']),
};

const invalid = <T>(): Result<T> => fail(new MfaError('invalid_qr', INVALID_QR_MESSAGE));

/** The QR element's prepareQr as it was: DOMParser instead of the tokenizer. */
export function prepareQrWithDomParser(source: unknown, win: DomQrWindow): Result<PreparedQr> {
  const text = normalizeQrSource(source);
  if (text.error) return fail(text.error);
  if (!isFlatMarkupWithinLimits(text.data)) return invalid();
  let doc: Document;
  try {
    doc = new win.DOMParser().parseFromString(text.data, 'image/svg+xml');
  } catch {
    return invalid();
  }
  const matrix = matrixOf(collectShapes(doc), readOutlinePath);
  if (matrix.error) return fail(matrix.error);
  const clean = createSanitizer(win)(renderQrSvg(matrix.data, {}));
  if (clean.error) return fail(clean.error);
  return ok({ svg: clean.data, size: matrix.data.size });
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
    if (node !== root && node.nodeType !== node.COMMENT_NODE) return null;
  }
  const rects: Element[] = [];
  const paths: Element[] = [];
  for (let node = root.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === node.TEXT_NODE) {
      if (node.nodeValue?.trim()) return null;
      continue;
    }
    if (node.nodeType !== node.ELEMENT_NODE) return null;
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
