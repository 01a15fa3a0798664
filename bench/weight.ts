/**
 * Row 1: page weight. gzip -9 bytes of what the plugin adds to a page (element headers + code
 * boxes, computed by build/size-report.ts exactly as the build prints it) for the three page
 * shapes, against the gzip size of the anchor bundle.
 */
import { gzipBytes, pageWeights } from '../build/size-report.js';
import type { BuiltPlugin } from './plugin-files.js';

export const WEIGHT_TARGET_BYTES = 40 * 1024;
export const WEIGHT_TARGET_RATIO = 0.55;

export interface WeightRow {
  page: string;
  label: string;
  rawBytes: number;
  gzipBytes: number;
  anchorGzipBytes: number;
  anchorRawBytes: number;
  ratio: number;
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
      page: w.page,
      label: labels[i] ?? w.page,
      rawBytes: w.rawBytes,
      gzipBytes: w.gzipBytes,
      anchorGzipBytes: anchorGzip,
      anchorRawBytes: Buffer.byteLength(anchor),
      ratio,
      met: w.gzipBytes <= WEIGHT_TARGET_BYTES && ratio <= WEIGHT_TARGET_RATIO,
    };
  });
}
