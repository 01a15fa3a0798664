/**
 * What may exist under a QR code element's canvas: its box (a div) holding nothing, or exactly
 * one <svg> with a background <rect> and one <path> of dark modules, with only the attributes
 * the renderer writes and values made of numbers, path commands and colours. Environment-
 * agnostic (jsdom tests and the Chromium page both walk the live DOM with it).
 */

const BOX_ATTRS = new Set(['role', 'style', 'aria-label']);
const SVG_ATTRS = new Set(['xmlns', 'viewBox', 'shape-rendering', 'role', 'aria-label', 'style']);
const RECT_ATTRS = new Set(['x', 'y', 'width', 'height', 'fill']);
const PATH_ATTRS = new Set(['d', 'fill', 'fill-rule']);
const NUMBER = /^\d+(\.\d+)?$/;
const COLOUR = /^(#[0-9a-fA-F]{3,8}|rgba?\(\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*(,\s*(0|1|0?\.\d+)\s*)?\))$/;
const PATH_DATA = /^[MmHhVvZzLl0-9 .,-]+$/;
/**
 * Exactly the two sizes the element writes: fluid (no layout yet), or square and snapped to whole
 * device pixels per module. At a devicePixelRatio other than 1 the snapped side is a fractional
 * number of CSS pixels (81 modules × 5 device px at ratio 2 = 202.5px), so the number may have
 * decimals; nothing but that number is allowed.
 */
const SVG_STYLE = /^(width:(\d+(\.\d+)?)px;height:\2px;display:block|width:100%;height:100%;max-width:100%;max-height:100%;display:block)$/;
const BOX_STYLE = /^[a-z-]+:\s*[0-9a-z%-]+(\s*;\s*[a-z-]+:\s*[0-9a-z%-]+)*;?$/;
import { SVG_NS } from '../../shared/qr/svg-namespace.js';

export interface QrDomReport {
  /** 'empty' (box with nothing), 'qr' (box > svg > rect, path), or 'invalid'. */
  shape: 'empty' | 'qr' | 'invalid';
  problems: string[];
  viewBox: string | null;
}

function attrProblems(el: Element, allowed: Set<string>, where: string): string[] {
  const out: string[] = [];
  for (const a of Array.from(el.attributes)) {
    if (!allowed.has(a.name)) {
      out.push(`${where} has attribute ${a.name}="${a.value.slice(0, 60)}"`);
      continue;
    }
    const v = a.value;
    const ok =
      a.name === 'xmlns'
        ? v === SVG_NS
        : a.name === 'viewBox'
          ? /^0 0 \d+ \d+$/.test(v)
          : a.name === 'shape-rendering'
            ? v === 'crispEdges'
            : a.name === 'fill-rule'
              ? v === 'evenodd' || v === 'nonzero'
              : a.name === 'fill'
                ? COLOUR.test(v)
                : a.name === 'd'
                  ? PATH_DATA.test(v)
                  : a.name === 'style'
                    ? where === 'box'
                      ? BOX_STYLE.test(v)
                      : SVG_STYLE.test(v.replace(/\s+/g, ''))
                    : a.name === 'role'
                      ? v === 'img'
                      : a.name === 'aria-label'
                        ? !/[<>]/.test(v)
                        : NUMBER.test(v);
    if (!ok) out.push(`${where} ${a.name}="${v.slice(0, 80)}" is not an allowed value`);
  }
  return out;
}

/** Walks the element's canvas; any node or attribute beyond the QR geometry is a problem. */
export function inspectQrCanvas(canvas: Element): QrDomReport {
  const problems: string[] = [];
  const nodes = Array.from(canvas.childNodes);
  if (nodes.length !== 1 || nodes[0]!.nodeType !== 1 || (nodes[0] as Element).tagName !== 'DIV') {
    return { shape: 'invalid', problems: [`canvas holds ${nodes.map((n) => n.nodeName).join(', ') || 'nothing'} instead of one div`], viewBox: null };
  }
  const box = nodes[0] as Element;
  problems.push(...attrProblems(box, BOX_ATTRS, 'box'));
  return inspectQrBox(box, problems);
}

/**
 * Walks a box that should hold one QR <svg> and nothing else: the QR code element's box, or an
 * HTML element's content after the MFA element's QR code (SVG) state was put in it.
 */
export function inspectQrBox(box: Element, problems: string[] = []): QrDomReport {
  const inBox = Array.from(box.childNodes);
  if (inBox.length === 0) return { shape: problems.length ? 'invalid' : 'empty', problems, viewBox: null };
  const svg = inBox[0] as Element;
  if (inBox.length !== 1 || svg.nodeType !== 1 || svg.localName !== 'svg' || svg.namespaceURI !== SVG_NS) {
    problems.push(`box holds ${inBox.map((n) => n.nodeName).join(', ')} instead of one <svg>`);
    return { shape: 'invalid', problems, viewBox: null };
  }
  problems.push(...attrProblems(svg, SVG_ATTRS, 'svg'));
  if (!svg.hasAttribute('viewBox')) problems.push('svg has no viewBox');
  const kids = Array.from(svg.childNodes);
  const names = kids.map((n) => (n.nodeType === 1 ? (n as Element).localName : n.nodeName));
  if (names.join(',') !== 'rect,path') problems.push(`svg holds ${names.join(', ') || 'nothing'} instead of rect, path`);
  for (const k of kids) {
    if (k.nodeType !== 1) continue;
    const el = k as Element;
    if (el.namespaceURI !== SVG_NS) problems.push(`${el.localName} is not in the SVG namespace`);
    if (el.childNodes.length) problems.push(`${el.localName} has child nodes`);
    problems.push(...attrProblems(el, el.localName === 'rect' ? RECT_ATTRS : PATH_ATTRS, el.localName));
  }
  return { shape: problems.length ? 'invalid' : 'qr', problems, viewBox: svg.getAttribute('viewBox') };
}

/**
 * The MFA element's QR code (SVG) state, exactly as shared/qr/render-qr-svg.ts writes it with the
 * defaults and the enrollment label: a square viewBox, the white background, one path of path
 * letters and numbers in black. Anything else (another element, attribute, text, a second root) fails.
 */
const QR_SVG_STATE = new RegExp(
  '^<svg xmlns="http://www\\.w3\\.org/2000/svg" viewBox="0 0 (\\d+) \\1" shape-rendering="crispEdges" role="img" aria-label="[A-Za-z ]+">' +
    '<rect x="0" y="0" width="\\1" height="\\1" fill="#ffffff"></rect><path d="M[0-9hvzm -]+" fill="#000000"></path></svg>$',
);
const PNG_DATA_URI = /^data:image\/png;base64,([A-Za-z0-9+/]+={0,2})$/;
const PNG_SIGNATURE = '\x89PNG\r\n\x1a\n';

/** Whether a qr_code_svg state value is the plugin's redrawn QR, and nothing else. */
export function isCleanQrSvgState(text: unknown): boolean {
  return typeof text === 'string' && QR_SVG_STATE.test(text);
}

/** Whether a qr_code_image state value is a base64 PNG data URI (an image, nothing else). */
export function isCleanQrImage(text: unknown): boolean {
  const base64 = typeof text === 'string' ? PNG_DATA_URI.exec(text)?.[1] : undefined;
  return base64 !== undefined && atob(base64.slice(0, 12)).startsWith(PNG_SIGNATURE);
}
