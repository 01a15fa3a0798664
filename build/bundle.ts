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
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ElementDef, PluginDef } from './plugin-def.js';
import { CHUNK_FILES, type ChunkFile } from '../shared/chunks/chunk-map.js';
import { clientSourceFor, trimAuthJs, type AuthTrimPlan } from './trim-auth.js';
import { methodsModule } from './auth-method-chunks.js';
import { authJsDirect, authJsModuleDir } from './auth-js-direct.js';

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

/** A hosted chunk file's entry (every file of shared/chunks/chunk-map.ts has one). */
export const chunkEntry = (file: ChunkFile) => `entries/${file}-chunk.ts`;

/**
 * The modules the hosted core gets in place of the bundled ones: each `x.ts` becomes its loader
 * `x-chunk.ts` (same exports; it loads a chunk instead).
 */
const HOSTED_SWAPS = ['actions/enroll-factor.ts', 'elements/qr-code/element.ts', 'elements/code-input/element.ts', 'elements/supabase-mfa/webauthn-actions.ts'];

/** esbuild plugin for the hosted core: each swapped module becomes its loader. */
function loadOnFirstUse(root: string): Plugin {
  const swaps = new Map(HOSTED_SWAPS.map((bundled) => [resolve(root, bundled), resolve(root, bundled.replace(/\.ts$/, '-chunk.ts'))]));
  return {
    name: 'load-on-first-use',
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        const path = resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
        const swap = swaps.get(path) ?? swaps.get(`${path}.ts`);
        // A loader may take the light parts of the module it stands in for (e.g. its input check).
        return swap && swap !== args.importer ? { path: swap } : undefined;
      });
    },
  };
}

/** `auth-js/lib/…` in a chunk entry: the file in the auth-js copy supabase-js uses. */
function authJsLib(root: string): Plugin {
  return {
    name: 'auth-js-lib',
    setup(b) {
      b.onResolve({ filter: /^auth-js\/lib\/[\w-]+$/ }, (args) => ({ path: resolve(authJsModuleDir(root), `${args.path.slice('auth-js/'.length)}.js`) }));
    },
  };
}

/** `auth-js/gotrue-methods/<chunk>` in a chunk entry: the GoTrueClient methods that chunk brings. */
function goTrueMethods(root: string, plan: AuthTrimPlan): Plugin {
  const kept = new Set(plan.kept);
  const authJs = authJsModuleDir(root);
  const client = clientSourceFor(plan, readFileSync(resolve(authJs, 'GoTrueClient.js'), 'utf8'));
  return {
    name: 'gotrue-methods',
    setup(b) {
      b.onResolve({ filter: /^auth-js\/gotrue-methods\/[\w-]+$/ }, (args) => ({ path: args.path, namespace: 'gotrue-methods' }));
      b.onLoad({ filter: /.*/, namespace: 'gotrue-methods' }, (args) => ({
        contents: methodsModule(client, args.path.slice('auth-js/gotrue-methods/'.length), kept),
        loader: 'js',
        resolveDir: authJs,
      }));
    },
  };
}

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

export async function bundleAll(def: PluginDef, root: string): Promise<Bundles> {
  const browser: BuildOptions = {
    platform: 'browser',
    format: 'iife',
    // Bubble supports the last two versions of evergreen browsers; Safari 15 is the floor we
    // keep (docs/browsers.md). esbuild lowers only the syntax these lack.
    target: BROWSER_TARGETS,
    // Inlined in <script>: esbuild escapes "</script" in strings by default for browsers;
    // build.ts double-checks the output.
    plugins: [authJsDirect(root), trimAuthJs(root)],
  };
  const names = runtimeNames(def);
  for (const name of names) {
    if (!existsSync(resolve(root, runtimeEntry(name)))) throw new Error(`plugin.json names runtime "${name}", but ${runtimeEntry(name)} does not exist.`);
  }
  const texts = await Promise.all(names.map((name) => bundleText({ ...browser, entryPoints: [resolve(root, runtimeEntry(name))] })));
  const runtimes = Object.fromEntries(names.map((name, i) => [name, texts[i]!]));
  let hostedPlan: AuthTrimPlan | undefined;
  const hosted = await bundleText({
    ...browser,
    plugins: [loadOnFirstUse(root), authJsDirect(root), trimAuthJs(root, { forward: true, onPlan: (p) => (hostedPlan = p) })],
    stdin: { contents: names.map((n) => `import ${JSON.stringify(`./${runtimeEntry(n)}`)};`).join('\n'), resolveDir: root, loader: 'ts' },
  });

  const chunks: Record<string, string> = {};
  const methods = goTrueMethods(root, hostedPlan!);
  for (const file of Object.keys(CHUNK_FILES) as ChunkFile[]) {
    chunks[file] = await bundleText({ ...browser, plugins: [authJsLib(root), methods], entryPoints: [resolve(root, chunkEntry(file))] });
  }

  const previews: Record<string, string> = {};
  for (const el of def.elements) {
    if (!existsSync(resolve(root, previewModule(el)))) continue;
    previews[el.name] = await bundleText({
      ...browser,
      plugins: [],
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
        contents: `import { serverActions } from './server/admin-actions.ts';\nexport const run = serverActions[${JSON.stringify(action.name)}];\n`,
        resolveDir: root,
        loader: 'ts',
      },
    });
  }
  return { runtimes, hosted, chunks, previews, server };
}
