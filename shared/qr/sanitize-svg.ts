/**
 * The last gate before markup is exposed as a state or put in a page: DOMPurify with an allow-list
 * of exactly what render-qr-svg.ts writes (sanitize-config.ts). Our own output passes untouched;
 * if DOMPurify had to remove anything, the markup is not ours and is refused (invalid_qr) rather
 * than used cleaned.
 *
 * Parsed as text/html (DOMPurify's default), because an HTML page is where inline markup ends up.
 */
import DOMPurify, { type DOMPurify as Purifier, type WindowLike } from 'dompurify';
import { ok, type Result } from '../result.js';
import { invalidQr } from './invalid-qr.js';
import { SVG_SANITIZE_CONFIG } from './sanitize-config.js';

export type SanitizingWindow = WindowLike;
export type SvgSanitizer = (svg: string) => Result<string>;

/** Building a DOMPurify instance is costly, so there is one per window. */
const purifiers = new WeakMap<object, Purifier>();

export function createSanitizer(win: SanitizingWindow): SvgSanitizer {
  let purifier = purifiers.get(win);
  if (!purifier) {
    purifier = DOMPurify(win);
    purifier.addHook('uponSanitizeAttribute', onlyTheRootIsNamed);
    purifiers.set(win, purifier);
  }
  const instance = purifier;
  return (svg) => {
    if (!instance.isSupported) return invalidQr();
    const clean = instance.sanitize(svg, SVG_SANITIZE_CONFIG);
    return removedAnything(instance) ? invalidQr() : ok(clean);
  };
}

/**
 * DOMPurify allows attributes per name, on any element; the accessible name belongs on the <svg>
 * only, and its role can only be "img". Anywhere else the attribute is dropped, so the markup is
 * refused like any other removal.
 */
export function onlyTheRootIsNamed(node: Element, data: { attrName: string; attrValue: string; keepAttr: boolean }): void {
  if (data.attrName !== 'role' && data.attrName !== 'aria-label') return;
  if (node.nodeName.toLowerCase() !== 'svg' || (data.attrName === 'role' && data.attrValue !== 'img')) data.keepAttr = false;
}

/**
 * DOMPurify parses into a document's <body> and, since body is not on our allow-list, always
 * reports that container as removed. The HTML parser never creates a second body (a <body> tag in
 * the input only merges into the existing one), so every other removal is the input's.
 */
function removedAnything(purifier: Purifier): boolean {
  return purifier.removed.some((entry) => !('element' in entry && entry.element.nodeName === 'BODY'));
}
