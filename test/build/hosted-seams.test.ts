/**
 * What loads on first use is chosen in the sources (entries/hosted-runtime.ts registers the
 * `.lazy.ts` twins; the MFA element picks its twins by `__HOSTED__`, shared/chunks/hosted.d.ts).
 * That only works if esbuild drops the branch not taken entirely: these tests build each runtime
 * as the build does and again with the twins it must not carry cut out (empty modules), and
 * require the same bytes. A module-level side effect in a bundled twin's imports would land in the
 * hosted core (or a lazy twin's in an inline runtime) and fail here.
 */
import { sideEffectFree } from '../../build/side-effect-free.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { authTrimPlans, runtimeBuilds } from '../../build/bundle.js';
import { authJsDirect } from '../../build/auth-js-direct.js';
import { trimAuthJs, type AuthTrimPlan } from '../../build/trim-auth.js';
import { loadPluginDef } from '../../build/plugin-def.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** Each bundled module and its lazy twin (same exports). */
const TWINS = [
  ['shared/qr/enrollment-qr.ts', 'shared/qr/enrollment-qr.lazy.ts'],
  ['elements/supabase-mfa/webauthn-actions.ts', 'elements/supabase-mfa/webauthn-actions.lazy.ts'],
  ['elements/qr-code/element.ts', 'elements/qr-code/element.lazy.ts'],
  ['elements/code-input/element.ts', 'elements/code-input/element.lazy.ts'],
] as const;

/** Resolves the given modules, when imported from anywhere but their twin, to empty stand-ins with the same export names. */
function cut(files: readonly string[], twinOf: (file: string) => string): Plugin {
  const paths = new Map(files.map((f) => [resolve(ROOT, f), f]));
  return {
    name: 'cut',
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        const path = resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
        const file = paths.get(path);
        // A lazy twin may take the light parts of its bundled module (its types, its input check).
        return file && args.importer !== resolve(ROOT, twinOf(file)) ? { path, namespace: 'cut' } : undefined;
      });
      b.onLoad({ filter: /.*/, namespace: 'cut' }, (args) => {
        const names = [...readFileSync(args.path, 'utf8').matchAll(/^export (?:async )?(?:function|const) ([\w$]+)/gm)].map((m) => m[1]!);
        return { contents: names.map((n) => `export const ${n} = undefined;`).join('\n'), loader: 'js' };
      });
    },
  };
}

async function text(options: BuildOptions, plan: AuthTrimPlan | null, forward: boolean, extra: Plugin[] = []): Promise<string> {
  const out = await build({
    ...options,
    bundle: true,
    write: false,
    // Minified as the build does, but with the modules' own names: what stays is then the same
    // text whatever else esbuild renamed.
    minifySyntax: true,
    minifyWhitespace: true,
    legalComments: 'none',
    logLevel: 'silent',
    plugins: [...extra, sideEffectFree(), authJsDirect(ROOT), trimAuthJs(ROOT, { plan, forward })],
  });
  return out.outputFiles[0]!.text;
}

test('the hosted core carries nothing of the bundled modules its lazy twins stand in for', async () => {
  const def = loadPluginDef();
  const plans = await authTrimPlans(def, ROOT);
  const { hosted } = runtimeBuilds(def, ROOT);
  const bundled = TWINS.map(([b]) => b);
  const twinOf = (f: string) => TWINS.find(([b]) => b === f)![1];
  const asBuilt = await text(hosted, plans.hosted ?? null, true);
  assert.ok(asBuilt.includes('"the QR code element"'), 'the core registers the lazy QR code element');
  assert.equal(asBuilt, await text(hosted, plans.hosted ?? null, true, [cut(bundled, twinOf)]));
});

test('the inline runtimes carry nothing of the lazy twins', async () => {
  const def = loadPluginDef();
  const plans = await authTrimPlans(def, ROOT);
  const lazy = TWINS.map(([, l]) => l);
  const twinOf = (f: string) => TWINS.find(([, l]) => l === f)![0];
  for (const [name, options] of Object.entries(runtimeBuilds(def, ROOT).inline)) {
    const asBuilt = await text(options, plans[name] ?? null, false);
    assert.equal(asBuilt, await text(options, plans[name] ?? null, false, [cut(lazy, twinOf)]), `the ${name} runtime`);
  }
});
