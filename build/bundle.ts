/**
 * esbuild bundles:
 * - one browser runtime per runtime name in plugin.json (entries/<name>-runtime.ts), each
 *   self-sufficient, for inline headers;
 * - the hosted runtime: every runtime in one script (shared code once), served as a file;
 * - one self-contained preview script per element that has elements/<dir>/preview.ts, inlined
 *   in its preview code box (the editor may not run headers);
 * - one self-contained Node bundle per server-side action, inlined in its code box, so
 *   Bubble's node-module install step is not needed.
 */
import { sideEffectFree } from './side-effect-free.js';
import { build, type BuildOptions } from 'esbuild';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ElementDef, PluginDef } from './plugin-def.js';
import { CHUNK_FILES, type ChunkFile } from '../shared/chunks/chunk-map.js';
import { planFor, trimAuthJs, type AuthTrimPlan } from './trim-auth.js';
import { authJsDirect } from './auth-js-direct.js';
import { secondPass } from './second-pass.js';
import { sanitizerDefaults } from './sanitizer-defaults.js';

export interface Bundles {
  /**
   * Script text per runtime name in plugin.json, e.g. "qr" (DOMPurify, the QR pipeline and the
   * QR code element) and "mfa" (the auth client, the DOM-free QR reader and the MFA element).
   */
  runtimes: Record<string, string>;
  /**
   * Every runtime in one script, for hosted delivery (one download serves every element), minus
   * the parts a page loads on first use (`chunks`).
   */
  hosted: string;
  /** Hosted mode only: chunk name → script that registers the chunk (shared/chunks/registry.ts). */
  chunks: Record<string, string>;
  /** Per element name: a script that defines `__supabaseMfaPreview.run`, or absent. */
  previews: Record<string, string>;
  /** Per server action name: a script that defines `__supabaseMfaServer.run`. */
  server: Record<string, string>;
}

/** Syntax level of the browser bundles (docs/browsers.md). */
export const BROWSER_TARGETS = ['es2022', 'chrome111', 'firefox111', 'safari15'];

export const SERVER_GLOBAL = '__supabaseMfaServer';
export const PREVIEW_GLOBAL = '__supabaseMfaPreview';

/** The hosted core's entry: every element, the rarely used parts as their `.lazy.ts` twins. */
export const HOSTED_ENTRY = 'entries/hosted-runtime.ts';

/** A hosted chunk file's entry (every file of shared/chunks/chunk-map.ts has one). */
export const chunkEntry = (file: ChunkFile) => `entries/${file}-chunk.ts`;

export const runtimeEntry = (name: string) => `entries/${name}-runtime.ts`;
/** An element's source folder: elements/qr-code for the element named qr_code. */
export const elementDir = (el: ElementDef) => `elements/${el.name.replace(/_/g, '-')}`;
export const previewModule = (el: ElementDef) => `${elementDir(el)}/preview.ts`;

/** The runtime names plugin.json uses, in first-use order. */
export function runtimeNames(def: PluginDef): string[] {
  return [...new Set(def.elements.map((e) => e.runtime))];
}

async function bundleText(options: BuildOptions): Promise<string> {
  const result = await build({ bundle: true, write: false, minify: true, legalComments: 'none', logLevel: 'silent', ...options });
  return result.outputFiles![0]!.text;
}

/** What a page downloads gets the second pass too (build/second-pass.ts). */
const browserBundleText = async (options: BuildOptions) => secondPass(await bundleText(options));

/** What every browser bundle shares; `__HOSTED__` is false but in the hosted core and its chunks (shared/chunks/hosted.d.ts). */
const BROWSER: BuildOptions = {
  // Inlined in <script>: esbuild escapes "</script" in strings by default for browsers;
  // build.ts double-checks the output.
  platform: 'browser',
  format: 'iife',
  // Bubble supports the last two versions of evergreen browsers; Safari 15 is the floor we
  // keep (docs/browsers.md). esbuild lowers only the syntax these lack.
  target: BROWSER_TARGETS,
  define: { __HOSTED__: 'false' },
};
const HOSTED_DEFINE = { __HOSTED__: 'true' };

/**
 * The browser builds of the runtimes: one per runtime name (inline, everything bundled), the
 * hosted core (entries/hosted-runtime.ts, with `__HOSTED__` true: the `*.lazy.ts` modules stand in
 * for what its chunks bring; shared/chunks/hosted.d.ts), and every runtime bundled in one script
 * (what the hosted core and its chunks hold together: its trim plan's input).
 */
export function runtimeBuilds(def: PluginDef, root: string): { inline: Record<string, BuildOptions>; hosted: BuildOptions; allBundled: BuildOptions } {
  const names = runtimeNames(def);
  for (const name of names) {
    if (!existsSync(resolve(root, runtimeEntry(name)))) throw new Error(`plugin.json names runtime "${name}", but ${runtimeEntry(name)} does not exist.`);
  }
  const inline = Object.fromEntries(names.map((name) => [name, { ...BROWSER, entryPoints: [resolve(root, runtimeEntry(name))] }]));
  const allBundled: BuildOptions = {
    ...BROWSER,
    stdin: { contents: names.map((n) => `import ${JSON.stringify(`./${runtimeEntry(n)}`)};`).join('\n'), resolveDir: root, loader: 'ts' },
  };
  return { inline, hosted: { ...BROWSER, define: HOSTED_DEFINE, entryPoints: [resolve(root, HOSTED_ENTRY)] }, allBundled };
}

/** Which build a trim plan is for: a runtime name, or "hosted" (the hosted core and its chunks). */
export type AuthTrimPlans = Record<string, AuthTrimPlan>;

/**
 * The auth trim plan of every browser build that carries the auth client, derived from the
 * plugin's code (build/trim-auth.ts). The hosted core's client also serves the code in its chunks
 * (e.g. the passkey actions call it), so its plan is derived from every runtime, bundled.
 */
export async function authTrimPlans(def: PluginDef, root: string): Promise<AuthTrimPlans> {
  const builds = runtimeBuilds(def, root);
  const plans: AuthTrimPlans = {};
  for (const [name, options] of Object.entries(builds.inline)) {
    const plan = await planFor(root, options);
    if (plan) plans[name] = plan;
  }
  const hosted = await planFor(root, builds.allBundled);
  if (hosted) plans.hosted = hosted;
  return plans;
}

export async function bundleAll(def: PluginDef, root: string, plans?: AuthTrimPlans): Promise<Bundles> {
  const builds = runtimeBuilds(def, root);
  const trimPlans = plans ?? (await authTrimPlans(def, root));
  const plan = (name: string) => trimPlans[name] ?? null;
  const inline = Object.entries(builds.inline);
  const texts = await Promise.all(
    inline.map(([name, options]) =>
      browserBundleText({ ...options, plugins: [sanitizerDefaults(root), sideEffectFree(), authJsDirect(root), trimAuthJs(root, { plan: plan(name) })] }),
    ),
  );
  const runtimes = Object.fromEntries(inline.map(([name], i) => [name, texts[i]!]));
  const hosted = await browserBundleText({
    ...builds.hosted,
    plugins: [sanitizerDefaults(root), sideEffectFree(), authJsDirect(root), trimAuthJs(root, { plan: plan('hosted'), forward: true })],
  });

  // Each chunk is its own script; what it carries of auth-js is cut by the hosted core's plan.
  const chunks: Record<string, string> = {};
  for (const file of Object.keys(CHUNK_FILES) as ChunkFile[]) {
    chunks[file] = await browserBundleText({
      ...BROWSER,
      define: HOSTED_DEFINE,
      entryPoints: [resolve(root, chunkEntry(file))],
      plugins: [sanitizerDefaults(root), sideEffectFree(), trimAuthJs(root, { plan: plan('hosted'), chunk: file })],
    });
  }

  const previews: Record<string, string> = {};
  for (const el of def.elements) {
    if (!existsSync(resolve(root, previewModule(el)))) continue;
    previews[el.name] = await browserBundleText({
      ...BROWSER,
      plugins: [sanitizerDefaults(root)],
      globalName: PREVIEW_GLOBAL,
      stdin: {
        contents: [
          `import { preview } from ${JSON.stringify(`./${previewModule(el)}`)};`,
          `import { guard } from './shared/bubble/guard.ts';`,
          // No context in the editor: failures have nowhere to go but must not throw.
          `export const run = (instance: never, properties: never) => guard(${JSON.stringify(`${el.name}.preview`)}, () => undefined, () => preview(instance, properties));`,
        ].join('\n'),
        resolveDir: root,
        loader: 'ts',
      },
    });
  }

  const server: Record<string, string> = {};
  for (const action of def.server_actions) {
    server[action.name] = await bundleText({
      platform: 'node',
      // Runs on the Node 22 Bubble is told to use (SA_NODE_VERSION), and on 18 should a builder switch back.
      target: 'node18',
      format: 'iife',
      plugins: [authJsDirect(root, { pure: true })],
      globalName: SERVER_GLOBAL,
      stdin: {
        contents: `export { ${action.name} as run } from './server/admin-actions.ts';\n`,
        resolveDir: root,
        loader: 'ts',
      },
    });
  }
  return { runtimes, hosted, chunks, previews, server };
}
