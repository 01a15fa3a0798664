/**
 * esbuild plugin: resolves `@supabase/supabase-js` to the `@supabase/auth-js` package that
 * supabase-js itself depends on and re-exports. Everything the plugin imports (the auth client,
 * error classes and helpers, types) comes from there, and supabase-js's own index has
 * top-level code the plugin must not run: on Bubble's Node servers it prints a Node-version
 * deprecation warning on every server-side action.
 *
 * `pure` (server bundles): auth-js's modules are treated as free of side effects, so a bundle
 * keeps only what it uses. The server actions use auth-js's error classes and nothing else
 * (their requests go through shared/admin-client.ts); without this, esbuild keeps every module
 * auth-js's index imports (~100 KB), because the package does not declare `sideEffects`.
 */
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import type { Plugin } from 'esbuild';

/**
 * auth-js's ESM folder, as supabase-js resolves it (the exact version it pins). The project's own
 * @supabase/auth-js (what the hosted chunk entries import by path) must be that same copy: the
 * build stops otherwise (docs/upgrading-supabase-js.md).
 */
export function authJsModuleDir(root: string): string {
  const fromRoot = createRequire(join(root, 'package.json'));
  const supabaseJs = dirname(fromRoot.resolve('@supabase/supabase-js/package.json'));
  const authJs = dirname(createRequire(join(supabaseJs, 'package.json')).resolve('@supabase/auth-js/package.json'));
  const own = dirname(fromRoot.resolve('@supabase/auth-js/package.json'));
  if (own !== authJs) {
    throw new Error(
      `@supabase/auth-js: package.json installs ${own}, but supabase-js uses ${authJs}; pin @supabase/auth-js to the version supabase-js depends on (docs/upgrading-supabase-js.md).`,
    );
  }
  return join(authJs, 'dist', 'module');
}

export function authJsDirect(root: string, opts: { pure?: boolean } = {}): Plugin {
  return {
    name: 'auth-js-direct',
    setup(b) {
      // auth-js as supabase-js resolves it (the exact version it pins), not any other copy.
      const moduleDir = authJsModuleDir(root);
      const moduleEntry = join(moduleDir, 'index.js');
      b.onResolve({ filter: /^@supabase\/supabase-js$/ }, () => ({ path: moduleEntry, sideEffects: opts.pure ? false : undefined }));
      if (opts.pure) {
        b.onResolve({ filter: /^\./ }, async (args) => {
          if (!args.importer.startsWith(moduleDir + sep) || args.pluginData === 'inner') return undefined;
          const r = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer, pluginData: 'inner' });
          return r.errors.length ? undefined : { path: r.path, sideEffects: false };
        });
      }
    },
  };
}
