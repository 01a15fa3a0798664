/**
 * How element headers bring the browser runtime. See README ("Bringing the plugin into Bubble")
 * and docs/bubble-format.md ("Headers").
 *
 * inline (default): each element's header holds its runtime as an inline <script>. Nothing to
 *   upload; every page carries the runtime's bytes in its HTML, and a page with two element
 *   types carries the shared code twice (the second copy is skipped at run time, not at load).
 * hosted: the build also writes the runtime as content-hashed files in dist/runtime/; given the
 *   URL where each file is served, every element header is a `<script src>` with Subresource
 *   Integrity. All element headers name the same file, so a page downloads it once (browser
 *   cache) and its guard evaluates it once, and it stays cached from page to page.
 *
 * The file list: one entry file (what the headers load: the auth core and every element) and
 * the chunks the entry loads on first use (role "chunk": the QR pipeline with DOMPurify and the
 * QR code element, the code input element, WebAuthn with the passkey methods and the security key
 * and passkey actions, sign-up). Each
 * gets a URL and an integrity hash through the same manifest and URL map; the header carries
 * the chunks' URLs and hashes (data-supabase-mfa-chunks), so the entry file's content does not
 * depend on where the chunks are uploaded.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Bundles } from './bundle.js';
import type { ElementDef } from './plugin-def.js';
import { CHUNK_MAP_ATTRIBUTE } from '../shared/chunks/chunk-map.js';

export interface RuntimeFile {
  /** Loaded by element headers ("entry"), or by the runtime itself later ("chunk"). */
  role: 'entry' | 'chunk';
  /** File name in dist/runtime/: <base>.<content hash>.js. */
  file: string;
  /** What the header tags and the run-once guard call it. */
  name: string;
  text: string;
  /** Subresource Integrity value (sha384). */
  integrity: string;
}

export type Delivery =
  | { mode: 'inline' }
  | {
      mode: 'hosted';
      urls: Record<string, string>;
      /**
       * Bubble's Shared-tab uploads as its sync wrote them (`assets` of shared_tech_params.json),
       * carried into the output so that pushing the plugin back does not drop them.
       */
      assets?: Record<string, unknown>;
    };

/** The global that records which runtime scripts already ran on this page. */
const LOADED = 'SupabaseMfaBubbleLoaded';

/** Wraps a runtime so that a second copy on the same page does nothing. */
export function runOnce(key: string, code: string): string {
  return `(function(){var l=window.${LOADED}=window.${LOADED}||{};if(l[${JSON.stringify(key)}])return;l[${JSON.stringify(key)}]=1;\n${code.trim()}\n})();\n`;
}

export const sri = (text: string) => `sha384-${createHash('sha384').update(text).digest('base64')}`;

/** The hosted runtime files (written in every build, so they can be uploaded before switching). */
export function runtimeFiles(bundles: Bundles): RuntimeFile[] {
  const hash = createHash('sha256').update(bundles.hosted).digest('hex').slice(0, 16);
  const name = 'supabase-mfa-runtime';
  const file = `${name}.${hash}.js`;
  const text = runOnce(file, bundles.hosted);
  const chunks = Object.entries(bundles.chunks).map(([chunk, code]): RuntimeFile => {
    const chunkName = `supabase-mfa-${chunk}`;
    const chunkFile = `${chunkName}.${createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`;
    return { role: 'chunk', file: chunkFile, name: chunk, text: code, integrity: sri(code) };
  });
  return [{ role: 'entry', file, name, text, integrity: sri(text) }, ...chunks];
}

/** dist/runtime/manifest.json: what to upload and the integrity each header checks. */
export function runtimeManifest(files: RuntimeFile[]): string {
  return `${JSON.stringify({ files: files.map(({ role, file, name, integrity, text }) => ({ role, file, name, integrity, bytes: Buffer.byteLength(text) })) }, null, 2)}\n`;
}

/** What a manifest lists, by role: the entry's file name and each chunk's (by chunk name). */
export interface ManifestFiles {
  entry: string;
  chunks: Record<string, string>;
}

/** Reads dist/runtime/manifest.json as the build wrote it (for the tests and the bench). */
export function readRuntimeManifest(manifestPath: string): ManifestFiles {
  const { files } = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: Array<{ role: string; file: string; name: string }> };
  const entry = files.find((f) => f.role === 'entry');
  if (!entry) throw new Error(`${manifestPath} lists no entry file`);
  return { entry: entry.file, chunks: Object.fromEntries(files.filter((f) => f.role === 'chunk').map((f) => [f.name, f.file])) };
}

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function elementHeader(el: ElementDef, bundles: Bundles, delivery: Delivery, files: RuntimeFile[]): string {
  if (delivery.mode === 'inline') {
    const code = bundles.runtimes[el.runtime];
    if (code === undefined) throw new Error(`no bundle for runtime ${el.runtime}`);
    // Each element type brings its own header; the guard makes a second copy a no-op.
    return `<script data-supabase-mfa-runtime="${el.runtime}">${runOnce(el.runtime, code).trimEnd()}</script>\n`;
  }
  const urlOf = (f: RuntimeFile) => {
    const url = delivery.urls[f.file];
    if (!url) throw new Error(`no URL for ${f.file}`);
    return url;
  };
  const chunks = Object.fromEntries(files.filter((f) => f.role === 'chunk').map((f) => [f.name, { src: urlOf(f), integrity: f.integrity }]));
  const chunkMap = Object.keys(chunks).length ? ` ${CHUNK_MAP_ATTRIBUTE}="${attr(JSON.stringify(chunks))}"` : '';
  return files
    .filter((f) => f.role === 'entry')
    .map(
      (f) => `<script src="${attr(urlOf(f))}" integrity="${f.integrity}" crossorigin="anonymous" data-supabase-mfa-runtime="${f.name}"${chunkMap}></script>\n`,
    )
    .join('');
}

export class DeliveryError extends Error {}

/** Where a runtime file may be served from: https, protocol-relative (Bubble's CDN), or a local test server. */
function checkUrl(url: string, what: string): string {
  const local = /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(url);
  if (!/^(https:)?\/\/[^/\s"'<>]+\/[^\s"'<>]*$/.test(url) && !local) {
    throw new DeliveryError(`${what}: "${url}" is not an https:// (or //host/…) URL; pages would refuse or not find the runtime.`);
  }
  return url;
}

export interface DeliveryOptions {
  /** Base URL (ending in /) where dist/runtime/'s files are served, e.g. a CDN folder. */
  runtimeUrl?: string;
  /**
   * JSON file giving each dist/runtime/ file its own URL: either a map {file name: URL}, or the
   * shared_tech_params.json Bubble's sync wrote after the files were uploaded in the Shared tab
   * (its `assets`, {ID: {name, url}}, are matched by file name and kept in the output).
   */
  runtimeUrls?: string;
}

/** From build options, else SUPABASE_MFA_RUNTIME_URL / SUPABASE_MFA_RUNTIME_URLS, else inline. */
export function deliveryFrom(opts: DeliveryOptions, files: RuntimeFile[], env: NodeJS.ProcessEnv = process.env): Delivery {
  const base = opts.runtimeUrl ?? (env.SUPABASE_MFA_RUNTIME_URL || undefined);
  const mapPath = opts.runtimeUrls ?? (env.SUPABASE_MFA_RUNTIME_URLS || undefined);
  if (base && mapPath) throw new DeliveryError('give either a runtime base URL or a runtime URL map, not both');
  if (!base && !mapPath) return { mode: 'inline' };
  const urls: Record<string, string> = {};
  if (base) {
    const dir = base.endsWith('/') ? base : `${base}/`;
    for (const f of files) urls[f.file] = checkUrl(dir + f.file, 'runtime URL');
    return { mode: 'hosted', urls };
  }
  let map: Record<string, unknown>;
  try {
    map = JSON.parse(readFileSync(mapPath!, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new DeliveryError(`runtime URL map ${mapPath} is not readable JSON: ${(e as Error).message}`);
  }
  let assets: Record<string, unknown> | undefined;
  if (map && typeof map.assets === 'object' && map.assets && !Array.isArray(map.assets)) {
    assets = map.assets as Record<string, unknown>;
    map = {};
    for (const a of Object.values(assets)) {
      const { name, url } = (a ?? {}) as { name?: unknown; url?: unknown };
      if (typeof name === 'string' && typeof url === 'string') map[name] = url;
    }
  }
  const missing = files.filter((f) => typeof map[f.file] !== 'string');
  if (missing.length) {
    throw new DeliveryError(
      `runtime URL map ${mapPath} has no URL for ${missing.map((f) => f.file).join(', ')}: upload ${missing.map((f) => `dist/runtime/${f.file}`).join(', ')} and add its URL (the runtime changed, so its file name did).`,
    );
  }
  for (const f of files) urls[f.file] = checkUrl(map[f.file] as string, `runtime URL for ${f.file}`);
  return assets ? { mode: 'hosted', urls, assets } : { mode: 'hosted', urls };
}
