/**
 * Shared by the QR tests: a jsdom window, rasterising for jsqr, reading a QR SVG back as a phone
 * would, and the "clean output" check.
 */
import assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { decodeQrPng } from '../../dev/browser/index.js';
import { ENROLLMENT_QR_LABEL, parseQrSvg, readQrCodeText, type QrWindow } from '../../shared/qr/index.js';
import type { QrMatrix } from '../../shared/qr/qr-matrix.js';

/** One window for all tests in a file, as the plugin keeps one per page. */
export function jsdomWindow(): QrWindow {
  return new JSDOM('').window;
}

/** Light quiet zone around the modules; each module an N×N block of black or white RGBA pixels. */
export function rasterise(m: QrMatrix, pixelsPerModule = 4, quietZone = 4) {
  const side = (m.size + 2 * quietZone) * pixelsPerModule;
  const data = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const row = Math.floor(y / pixelsPerModule) - quietZone;
      const col = Math.floor(x / pixelsPerModule) - quietZone;
      const inside = row >= 0 && col >= 0 && row < m.size && col < m.size;
      if (inside && m.dark[row * m.size + col] === 1) data.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3);
    }
  }
  return { data, width: side, height: side };
}

/** The text jsqr reads from the matrix, or null. */
export function decodeWithJsqr(m: QrMatrix): string | null {
  const { data, width, height } = rasterise(m);
  return jsQR(data, width, height, { inversionAttempts: 'dontInvert' })?.data ?? null;
}

/**
 * Reads a QR SVG (ours or Supabase's) back the way a phone would: its modules rasterised and
 * decoded by jsqr. Null when it is not a QR or jsqr cannot read it.
 */
export function decodeQrSvg(svg: string): string | null {
  const m = parseQrSvg(svg);
  return m.error ? null : decodeWithJsqr(m.data);
}

/** Reads the plugin's QR code text (the QR code element still accepts it) back as a phone would. */
export function decodeQrCodeText(text: string): string | null {
  const m = readQrCodeText(text);
  return m.error ? null : decodeWithJsqr(m.data);
}

/**
 * Reads a PNG data URI (qr_code_image state) back as a phone would: decoded by pngjs, a PNG
 * decoder that checks every chunk's CRC and the zlib checksum, then read by jsqr
 * (dev/browser/browser.ts's decodeQrPng, as the screenshots are).
 */
export function decodeQrImageState(dataUri: string): { text: string | null; width: number; height: number } {
  const prefix = 'data:image/png;base64,';
  assert.ok(dataUri.startsWith(prefix), `not a PNG data URI: ${dataUri.slice(0, 40)}`);
  const bytes = Buffer.from(dataUri.slice(prefix.length), 'base64');
  const { width, height } = PNG.sync.read(bytes);
  return { text: decodeQrPng(bytes), width, height };
}

const ALLOWED_ATTRIBUTES: Record<string, readonly string[]> = {
  svg: ['xmlns', 'viewBox', 'shape-rendering', 'role', 'aria-label'],
  rect: ['x', 'y', 'width', 'height', 'fill'],
  path: ['d', 'fill'],
};
const NUMBER = /^\d+$/;
const COLOUR = /^(#[0-9a-f]{6}|rgba\(\d{1,3},\d{1,3},\d{1,3},(0|1|0?\.\d{1,3})\))$/;
const VALUE_PATTERNS: Record<string, RegExp> = {
  xmlns: /^http:\/\/www\.w3\.org\/2000\/svg$/,
  viewBox: /^0 0 \d+ \d+$/,
  'shape-rendering': /^crispEdges$/,
  x: NUMBER,
  y: NUMBER,
  width: NUMBER,
  height: NUMBER,
  fill: COLOUR,
  d: /^M\d+ \d+[hv\-\d]+z(m-?\d+ ?-?\d+[hv\-\d]+z)*$/,
  role: /^img$/,
  'aria-label': new RegExp(`^${ENROLLMENT_QR_LABEL}$`),
};
const FORBIDDEN_SUBSTRINGS = ['script', 'on', 'href', 'url(', 'javascript', 'foreignObject', 'style'];

/**
 * Asserts that `svg` is clean output: only svg/rect/path elements, only our attributes, each with
 * a numeric or colour value, read both as XML (as an <img> would) and as HTML (as a page would).
 */
export function assertCleanQrSvg(svg: string, win: QrWindow): void {
  for (const word of FORBIDDEN_SUBSTRINGS) {
    assert.ok(!svg.toLowerCase().includes(word.toLowerCase()), `output contains "${word}": ${svg.slice(0, 200)}`);
  }
  const xml = new win.DOMParser().parseFromString(svg, 'image/svg+xml').documentElement;
  assertCleanTree(xml);
  const host = new win.DOMParser().parseFromString(`<div>${svg}</div>`, 'text/html').body.firstElementChild!;
  assert.equal(host.children.length, 1);
  assertCleanTree(host.firstElementChild!);
}

function assertCleanTree(root: Element): void {
  assert.equal(root.localName, 'svg');
  assert.equal(root.namespaceURI, 'http://www.w3.org/2000/svg');
  const children = [...root.children];
  assert.deepEqual(
    children.map((el) => el.localName),
    ['rect', 'path'],
  );
  assert.equal(root.childNodes.length, 2, 'no text or comment nodes');
  for (const el of [root, ...children]) {
    assert.equal(el.namespaceURI, 'http://www.w3.org/2000/svg');
    assert.equal(el.children.length, el === root ? 2 : 0);
    for (const name of el.getAttributeNames()) {
      assert.ok(ALLOWED_ATTRIBUTES[el.localName]?.includes(name), `<${el.localName}> has attribute ${name}`);
      const value = el.getAttribute(name)!;
      assert.match(value, VALUE_PATTERNS[name]!, `${name}="${value.slice(0, 80)}"`);
    }
  }
}
