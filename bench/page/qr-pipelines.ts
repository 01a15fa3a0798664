/**
 * In the page: the three ways of getting Supabase's QR SVG into a page safely, timed the same way.
 *  ours    prepareQr (shared/qr): tokenizer → module matrix → compact SVG → DOMPurify allow-list
 *          (the QR code element given Supabase's SVG).
 *  mfa     the how-to's path: the MFA element draws the otpauth URI as its QR code (SVG) state
 *          and PNG (enrollmentQr: encoder → compact SVG → DOMPurify), an HTML element shows it.
 *  today   the same pipeline with the DOMParser reader it replaced (bench/qr-today.ts).
 *  todayMfa  what a page with both elements did before: the MFA element's pipeline with the
 *          DOMParser reader (its SVG state), then the QR code element's on that SVG.
 *  purify  DOMPurify.sanitize(raw, { USE_PROFILES: { svg: true } }) on Supabase's SVG as is.
 * Each run: the pipeline (source text → safe markup), then the markup put in a box and the
 * page's style and layout forced (getBoundingClientRect); both times are kept.
 */
import DOMPurify from 'dompurify';
import { enrollmentQr, prepareQr, type QrWindow } from '../../shared/qr/index.js';
import { prepareQrWithDomParser } from '../qr-today.js';

export type QrApproach = 'ours' | 'mfa' | 'today' | 'todayMfa' | 'purify';
export const QR_APPROACHES: QrApproach[] = ['ours', 'mfa', 'today', 'todayMfa', 'purify'];

export interface QrRun {
  /** Source text → safe markup, ms. */
  pipeline: number;
  /** Pipeline + insert + forced style/layout, ms. */
  total: number;
  /** Elements inserted (the <svg> included). */
  elements: number;
  problem: string | null;
}

let purifier: ReturnType<typeof DOMPurify> | null = null;

/** One QR as the server sends it: the otpauth URI and Supabase's SVG of it. */
export interface QrSource {
  svg: string;
  uri: string;
}

function toMarkup(approach: QrApproach, { svg, uri }: QrSource): string | null {
  const win = window as unknown as QrWindow & typeof globalThis;
  if (approach === 'ours') return prepareQr(svg, win).data?.svg ?? null;
  if (approach === 'mfa') return enrollmentQr(uri, win).data?.svg ?? null;
  if (approach === 'today') return prepareQrWithDomParser(svg, win).data?.svg ?? null;
  if (approach === 'todayMfa') {
    const state = prepareQrWithDomParser(svg, win);
    return state.data ? (prepareQrWithDomParser(state.data.svg, win).data?.svg ?? null) : null;
  }
  purifier ??= DOMPurify(window);
  return purifier.sanitize(svg, { USE_PROFILES: { svg: true } });
}

export function runQr(approach: QrApproach, source: QrSource): QrRun {
  const box = document.createElement('div');
  box.style.cssText = 'width:240px;height:240px;position:relative';
  document.body.appendChild(box);
  const t0 = performance.now();
  const markup = toMarkup(approach, source);
  const t1 = performance.now();
  box.innerHTML = markup ?? '';
  void box.getBoundingClientRect().height;
  const t2 = performance.now();
  const root = box.querySelector('svg');
  const elements = root ? root.getElementsByTagName('*').length + 1 : 0;
  box.remove();
  return { pipeline: t1 - t0, total: t2 - t0, elements, problem: markup && root ? null : `${approach}: no SVG came out` };
}
