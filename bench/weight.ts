/**
 * Row 1: page weight. gzip -9 bytes of what the plugin adds to a page (element headers + code
 * boxes, computed by build/size-report.ts exactly as the build prints it) for the three page
 * shapes, against the gzip size of the anchor bundle.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipBytes, pageWeights } from '../build/size-report.js';
import type { BuiltPlugin } from './plugin-files.js';

/** Issue target for a sign-in page in hosted mode, before load-on-first-use chunks exist. */
export const HOSTED_FIRST_DOWNLOAD_TARGET_BYTES = 25 * 1024;

/** Targets per page kind (gzip), in the order pageWeights gives the kinds: MFA, QR, both. */
export const WEIGHT_TARGETS_BYTES = [38 * 1024, 19 * 1024, 55 * 1024];

/**
 * How the runtimes reach the page. 'inline': each element's header carries its runtime (what the
 * build makes today). 'hosted': a runtime file shared by both elements, one cached download; the
 * hosted file is written next to the inline build (dist/runtime/); hostedWeightRows weighs it.
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
 * The hosted runtime mode: one file (dist/runtime/, listed in its manifest) serves both elements,
 * so every page kind downloads the same file once, and nothing of it on a repeat visit (cached).
 * First download = that file + the page's code boxes (the headers then hold only a <script src>
 * tag, not counted); repeat visit = the code boxes. Null when the build wrote no hosted file.
 */
export function hostedWeightRows(plugin: BuiltPlugin, root: string, anchor: string): WeightRow[] | null {
  const manifestPath = join(root, 'dist', 'runtime', 'manifest.json');
  if (!existsSync(manifestPath)) return null;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: Array<{ file: string }> };
  const runtime = manifest.files.map((f) => readFileSync(join(root, 'dist', 'runtime', f.file), 'utf8')).join('\n');
  const anchorGzip = gzipBytes(anchor);
  const kinds: Array<{ label: string; dirs: string[] }> = [
    { label: 'MFA element page', dirs: [plugin.mfa.dir] },
    { label: 'QR element page', dirs: [plugin.qr.dir] },
    { label: 'MFA + QR page', dirs: [plugin.mfa.dir, plugin.qr.dir] },
  ];
  const rows: WeightRow[] = [];
  for (const { label, dirs } of kinds) {
    const boxes = [...plugin.files]
      .filter(([path]) => dirs.some((d) => path.startsWith(`${d}/`)) && path.endsWith('.js') && !/\/(preview|reset)\.js$/.test(path))
      .map(([, text]) => text)
      .join('\n');
    for (const [visit, text] of [
      ['first download', `${runtime}\n${boxes}`],
      ['repeat visit', boxes],
    ] as const) {
      const gzip = gzipBytes(text);
      const target = visit === 'first download' && label === 'MFA element page' ? HOSTED_FIRST_DOWNLOAD_TARGET_BYTES : Number.NaN;
      rows.push({
        mode: 'hosted',
        page: `${label}, ${visit}`,
        label: `${label}, ${visit}`,
        rawBytes: Buffer.byteLength(text),
        gzipBytes: gzip,
        anchorGzipBytes: anchorGzip,
        anchorRawBytes: Buffer.byteLength(anchor),
        ratio: gzip / anchorGzip,
        targetBytes: target,
        met: gzip <= target,
      });
    }
  }
  return rows;
}
