/**
 * Row 1: page weight. gzip -9 bytes of what the plugin adds to a page (element headers + code
 * boxes, computed by build/size-report.ts exactly as the build prints it) for the three page
 * shapes, against the gzip size of the anchor bundle.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipBytes, pageWeights } from '../build/size-report.js';
import { readRuntimeManifest } from '../build/runtime-delivery.js';
import type { ChunkFile } from '../shared/chunks/chunk-map.js';
import type { BuiltPlugin } from './plugin-files.js';

/** Issue target for a sign-in page in hosted mode (the core only; chunks load on first use). */
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
 * The hosted runtime mode: one entry file (dist/runtime/, listed in its manifest) serves every
 * element, and chunks (role "chunk": the QR pipeline with DOMPurify and the QR code element, the
 * code input element, WebAuthn with GoTrueClient's passkey methods and the security key and passkey
 * actions, GoTrueClient's signUp, GoTrueClient's setSession, the Enroll a factor action with GoTrueClient's enroll, unenroll and
 * refresh) load on first use. Each file
 * is a download of its own, so each is gzipped on its own and the sizes summed. First download =
 * the entry file + the page's code boxes (+ the QR chunk on pages with the QR element, which
 * shows a QR at once); "on first enroll" = what an MFA page fetches later, the first time it
 * enrolls a factor (the enroll chunk; for an authenticator app the QR chunk too) or uses a security key or passkey (the WebAuthn chunk), or runs Set session (the set-session chunk), or
 * signs a user up (the sign-up chunk), or when it has a code input (the code input chunk); repeat visit = the code boxes (the files are cached; the
 * <script src> tag in the header is not counted). Null when the build wrote no hosted file.
 */
export function hostedWeightRows(plugin: BuiltPlugin, root: string, anchor: string): WeightRow[] | null {
  const manifestPath = join(root, 'dist', 'runtime', 'manifest.json');
  if (!existsSync(manifestPath)) return null;
  const manifest = readRuntimeManifest(manifestPath);
  const read = (file: string | undefined) => (file ? [readFileSync(join(root, 'dist', 'runtime', file), 'utf8')] : []);
  const entry = read(manifest.entry);
  const chunk = (name: ChunkFile) => read(manifest.chunks[name]);
  const qrChunk = chunk('qr');
  const webauthnChunk = chunk('webauthn');
  const signUpChunk = chunk('sign-up');
  const setSessionChunk = chunk('set-session');
  const enrollChunk = chunk('enroll');
  const codeChunk = chunk('code-input');
  const anchorGzip = gzipBytes(anchor);
  const kinds: Array<{ label: string; dirs: string[]; showsQr: boolean }> = [
    { label: 'MFA element page', dirs: [plugin.mfa.dir], showsQr: false },
    { label: 'QR element page', dirs: [plugin.qr.dir], showsQr: true },
    { label: 'MFA + QR page', dirs: [plugin.mfa.dir, plugin.qr.dir], showsQr: true },
  ];
  const rows: WeightRow[] = [];
  const row = (label: string, texts: string[], target: number) => {
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
  for (const { label, dirs, showsQr } of kinds) {
    const boxes = [...plugin.files]
      .filter(([path]) => dirs.some((d) => path.startsWith(`${d}/`)) && path.endsWith('.js') && !/\/(preview|reset)\.js$/.test(path))
      .map(([, text]) => text)
      .join('\n');
    const signIn = label === 'MFA element page';
    row(`${label}, first download`, [...entry, ...(showsQr ? qrChunk : []), boxes], signIn ? HOSTED_FIRST_DOWNLOAD_TARGET_BYTES : Number.NaN);
    // An authenticator app's QR is read in the enroll chunk too: no DOMPurify, no QR chunk.
    if (signIn && enrollChunk.length) row(`${label}, on first enroll, phone or authenticator app (enroll chunk)`, enrollChunk, Number.NaN);
    if (signIn && webauthnChunk.length) row(`${label}, on first security key check or passkey (WebAuthn chunk)`, webauthnChunk, Number.NaN);
    if (signIn && webauthnChunk.length)
      row(`${label}, on first security key enroll (WebAuthn + enroll chunks)`, [...webauthnChunk, ...enrollChunk], Number.NaN);
    if (signIn && signUpChunk.length) row(`${label}, on first sign-up (sign-up chunk)`, signUpChunk, Number.NaN);
    if (signIn && setSessionChunk.length) row(`${label}, on first Set session (set-session chunk)`, setSessionChunk, Number.NaN);
    if (signIn && codeChunk.length) row(`${label}, with a code input (code input chunk)`, codeChunk, Number.NaN);
    row(`${label}, repeat visit`, [boxes], Number.NaN);
  }
  return rows;
}
