/**
 * esbuild plugin: resolves `@supabase/supabase-js` to the `@supabase/auth-js` package that
 * supabase-js itself depends on and re-exports. Everything the plugin imports (the auth client,
 * the admin API, error helpers, types) comes from there, and supabase-js's own index has
 * top-level code the plugin must not run: on Bubble's Node 18 servers it prints a Node-version
 * deprecation warning on every server-side action.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'esbuild';

export function authJsDirect(root: string): Plugin {
  return {
    name: 'auth-js-direct',
    setup(b) {
      // auth-js as supabase-js resolves it (the exact version it pins), not any other copy.
      const supabaseJs = dirname(createRequire(join(root, 'package.json')).resolve('@supabase/supabase-js/package.json'));
      const authJsEntry = createRequire(join(supabaseJs, 'package.json')).resolve('@supabase/auth-js');
      const moduleEntry = join(dirname(authJsEntry), '..', 'module', 'index.js');
      b.onResolve({ filter: /^@supabase\/supabase-js$/ }, () => ({ path: moduleEntry }));
    },
  };
}
