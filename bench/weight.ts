/**
 * Row 1: page weight. gzip -9 bytes of what the plugin adds to a page (element headers + code
 * boxes, computed by build/size-report.ts exactly as the build prints it) for the three page
 * shapes, against the gzip size of the anchor bundle.
 */
import { gzipBytes, pageWeights } from '../build/size-report.js';
import type { BuiltPlugin } from './plugin-files.js';

/** Targets per page kind (gzip), in the order pageWeights gives the kinds: MFA, QR, both. */
export const WEIGHT_TARGETS_BYTES = [38 * 1024, 19 * 1024, 55 * 1024];

/**
 * How the runtimes reach the page. 'inline': each element's header carries its runtime (what the
 * build makes today). 'hosted': a runtime file shared by both elements, one cached download; the
 * hosted mode is being built on another branch, and its rows go through hostedWeightRows below.
 */
export type WeightMode = 'inline' | 'hosted';

export interface WeightRow {
  mode: WeightMode;
  page: string;
  label: string;
  rawBytes: number;
  gzipBytes: number;
  anchorGzipBytes: number;
  anchorRawBytes: number;
  ratio: number;
  targetBytes: number;
  met: boolean;
}

export function pageWeightRows(plugin: BuiltPlugin, anchor: string): WeightRow[] {
  const weights = pageWeights(plugin.files, [
    { name: plugin.mfa.display, dir: plugin.mfa.dir },
    { name: plugin.qr.display, dir: plugin.qr.dir },
  ]);
  const anchorGzip = gzipBytes(anchor);
  const labels = ['MFA element page', 'QR element page', 'MFA + QR page'];
  return weights.map((w, i) => {
    const ratio = w.gzipBytes / anchorGzip;
    return {
      mode: 'inline',
      page: w.page,
      label: labels[i] ?? w.page,
      rawBytes: w.rawBytes,
      gzipBytes: w.gzipBytes,
      anchorGzipBytes: anchorGzip,
      anchorRawBytes: Buffer.byteLength(anchor),
      ratio,
      targetBytes: WEIGHT_TARGETS_BYTES[i] ?? Number.NaN,
      met: w.gzipBytes <= (WEIGHT_TARGETS_BYTES[i] ?? Number.NaN),
    };
  });
}

/**
 * Hook for the hosted runtime mode: its rows (first download per page kind, repeat visit) once the
 * build can make that mode. Until then there is nothing to weigh, and the table says so.
 */
export function hostedWeightRows(_plugin: BuiltPlugin, _anchor: string): WeightRow[] | null {
  return null;
}
