/**
 * Row 1: page weight. gzip -9 bytes of what the plugin adds to a page (element headers + code
 * boxes, computed by build/size-report.ts exactly as the build prints it) for the three page
 * shapes, against the gzip size of the anchor bundle.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipBytes, pageText, pageWeights } from '../build/size-report.js';
import { readRuntimeManifest } from '../build/runtime-delivery.js';
import type { ChunkFile } from '../shared/chunks/chunk-map.js';
import type { BuiltPlugin } from './plugin-files.js';

/** Issue target for a sign-in page in hosted mode (the core only; chunks load on first use). */
export const HOSTED_FIRST_DOWNLOAD_TARGET_BYTES = 25 * 1024;

/** Targets per page kind (gzip), in the order pageWeights gives the kinds: MFA, QR, both. */
export const WEIGHT_TARGETS_BYTES = [45 * 1024, 19 * 1024, 58 * 1024];

/** Issue target for the enroll chunk, which carries the QR drawing and DOMPurify. */
export const ENROLL_CHUNK_TARGET_BYTES = 20 * 1024;

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
 * The hosted runtime mode: one entry file (dist/runtime/, listed in its manifest) serves every
 * element, and chunks (shared/chunks/chunk-map.ts) load on first use. Each file is a download of
 * its own, so each is gzipped on its own and the sizes summed. First download = the entry file +
 * the page's code boxes (+ the QR chunk on pages with the QR element, which shows a QR at once);
 * the MFA page (a sign-in page) also gets a row per chunk it fetches the first time it needs it;
 * repeat visit = the code boxes (the files are cached; the <script src> tag in the header is not
 * counted). The build always writes the hosted files; a missing manifest fails the row.
 */
export function hostedWeightRows(plugin: BuiltPlugin, root: string, anchor: string): WeightRow[] {
  const manifest = readRuntimeManifest(join(root, 'dist', 'runtime', 'manifest.json'));
  const read = (file: string | undefined) => (file ? [readFileSync(join(root, 'dist', 'runtime', file), 'utf8')] : []);
  const chunk = (name: ChunkFile) => read(manifest.chunks[name]);
  const entry = read(manifest.entry);
  const anchorGzip = gzipBytes(anchor);
  /** What an MFA page fetches later, the first time it needs each (the enroll chunk also reads an authenticator app's QR). */
  const onFirstUse: Array<[string, ChunkFile[]]> = [
    ['on first enroll, phone or authenticator app (enroll chunk)', ['enroll']],
    ['on first security key check or passkey (WebAuthn chunk)', ['webauthn']],
    ['on first security key enroll (WebAuthn + enroll chunks)', ['webauthn', 'enroll']],
    ['on first sign-up (sign-up chunk)', ['sign-up']],
    ['on first Set session (set-session chunk)', ['set-session']],
    ['with a code input (code input chunk)', ['code-input']],
  ];
  const kinds = [
    { label: 'MFA element page', dirs: [plugin.mfa.dir], showsQr: false, signIn: true },
    { label: 'QR element page', dirs: [plugin.qr.dir], showsQr: true, signIn: false },
    { label: 'MFA + QR page', dirs: [plugin.mfa.dir, plugin.qr.dir], showsQr: true, signIn: false },
  ];
  const rows: WeightRow[] = [];
  const row = (label: string, texts: string[], target = Number.NaN) => {
    const gzip = texts.reduce((n, t) => n + gzipBytes(t), 0);
    rows.push({
      mode: 'hosted',
      page: label,
      label,
      rawBytes: texts.reduce((n, t) => n + Buffer.byteLength(t), 0),
      gzipBytes: gzip,
      anchorGzipBytes: anchorGzip,
      anchorRawBytes: Buffer.byteLength(anchor),
      ratio: gzip / anchorGzip,
      targetBytes: target,
      met: gzip <= target,
    });
  };
  for (const { label, dirs, showsQr, signIn } of kinds) {
    const boxes = pageText(plugin.files, dirs, { headers: false });
    row(`${label}, first download`, [...entry, ...(showsQr ? chunk('qr') : []), boxes], signIn ? HOSTED_FIRST_DOWNLOAD_TARGET_BYTES : Number.NaN);
    if (signIn)
      for (const [when, files] of onFirstUse)
        row(`${label}, ${when}`, files.flatMap(chunk), files.join() === 'enroll' ? ENROLL_CHUNK_TARGET_BYTES : Number.NaN);
    row(`${label}, repeat visit`, [boxes]);
  }
  return rows;
}
