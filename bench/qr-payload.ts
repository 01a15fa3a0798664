/**
 * Row 2: the QR our element renders (prepareQr's output with the element's defaults: no colour
 * or quiet-zone overrides) against the SVG Supabase sends, for the realistic issuer + email
 * (version 13) and a short email. Bytes are UTF-8 bytes of the markup; nodes are elements in the
 * SVG (the <svg> itself included), counted on a DOMParser parse.
 */
import { performance } from 'node:perf_hooks';
import { JSDOM } from 'jsdom';
import { prepareQr, type QrWindow } from '../shared/qr/index.js';
import { EXAMPLE_SECRET, otpauthUri, REALISTIC_EMAIL, REALISTIC_ISSUER, SHORT_EMAIL, supabaseQrSvg } from '../dev/fixtures/index.js';

export const QR_TARGET_BYTES = 10 * 1024;
export const QR_TARGET_NODES = 3;

export interface QrCase {
  name: 'realistic' | 'short';
  issuer: string;
  email: string;
  uri: string;
  /** Supabase's raw SVG (what totp.qr_code holds, without auth-js's data: prefix). */
  svg: string;
  modules: number;
  version: number;
}

export interface QrPayloadRow {
  case: QrCase['name'];
  version: number;
  modules: number;
  oursBytes: number;
  oursNodes: number;
  supabaseBytes: number;
  supabaseNodes: number;
  bytesRatio: number;
  /** prepareQr wall time in jsdom, for information only (row 3 times it in Chromium). */
  jsdomPrepareMs: number;
  met: boolean;
}

export function qrCases(): QrCase[] {
  return [
    { name: 'realistic' as const, issuer: REALISTIC_ISSUER, email: REALISTIC_EMAIL },
    { name: 'short' as const, issuer: REALISTIC_ISSUER, email: SHORT_EMAIL },
  ].map((c) => {
    const uri = otpauthUri(c.issuer, c.email, EXAMPLE_SECRET);
    const { svg, matrix } = supabaseQrSvg(uri);
    return { ...c, uri, svg, modules: matrix.size, version: (matrix.size - 17) / 4 };
  });
}

function countElements(win: JSDOM['window'], svg: string): number {
  const doc = new win.DOMParser().parseFromString(svg, 'image/svg+xml');
  if (doc.getElementsByTagName('parsererror').length) throw new Error('the SVG does not parse as XML');
  return 1 + doc.documentElement.getElementsByTagName('*').length;
}

export function qrPayloadRows(cases: QrCase[]): QrPayloadRow[] {
  const dom = new JSDOM('<!doctype html><html><body></body></html>');
  const win = dom.window;
  try {
    return cases.map((c) => {
      const t0 = performance.now();
      const prepared = prepareQr(c.svg, win as unknown as QrWindow);
      const jsdomPrepareMs = performance.now() - t0;
      if (prepared.error) throw new Error(`prepareQr refused the ${c.name} Supabase SVG: [${prepared.error.code}] ${prepared.error.message}`);
      const ours = prepared.data.svg;
      const oursBytes = Buffer.byteLength(ours);
      const oursNodes = countElements(win, ours);
      const supabaseBytes = Buffer.byteLength(c.svg);
      return {
        case: c.name,
        version: c.version,
        modules: c.modules,
        oursBytes,
        oursNodes,
        supabaseBytes,
        supabaseNodes: countElements(win, c.svg),
        bytesRatio: oursBytes / supabaseBytes,
        jsdomPrepareMs,
        met: oursBytes <= QR_TARGET_BYTES && oursNodes <= QR_TARGET_NODES,
      };
    });
  } finally {
    win.close();
  }
}
