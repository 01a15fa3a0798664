/**
 * esbuild plugin for the browser runtime: swaps two auth-js modules the plugin can never use
 * in a page for small stand-ins (build/browser-stubs/):
 *   ./GoTrueAdminApi      → only signOut (the rest needs the service role key: never in a page)
 *   ./lib/web3/ethereum   → Sign-In with Ethereum
 * (auth-js's WebAuthn module stays: the MFA element offers security keys and passkeys.)
 * Before swapping, it reads GoTrueClient's source and fails the build if auth-js starts using
 * the admin API for anything but signOut, so an upgrade cannot break sign-out unnoticed.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { Plugin } from 'esbuild';

const STUBS: Record<string, string> = {
  './GoTrueAdminApi': 'admin-signout.js',
  './lib/web3/ethereum': 'ethereum.js',
};

export function checkAdminUse(goTrueClientSource: string): string[] {
  const used = new Set([...goTrueClientSource.matchAll(/this\.admin\.(\w+)/g)].map((m) => m[1]!));
  return [...used].filter((m) => m !== 'signOut');
}

export function trimAuthJs(root: string): Plugin {
  const stubDir = join(root, 'build', 'browser-stubs');
  return {
    name: 'trim-auth-js',
    setup(b) {
      const authJs = dirname(createRequire(join(root, 'package.json')).resolve('@supabase/auth-js/dist/module/GoTrueClient.js'));
      const others = checkAdminUse(readFileSync(join(authJs, 'GoTrueClient.js'), 'utf8'));
      if (others.length) {
        throw new Error(`auth-js's GoTrueClient now uses this.admin.${others.join(', this.admin.')}; update build/browser-stubs/admin-signout.js.`);
      }
      b.onResolve({ filter: /^\.\/(GoTrueAdminApi|lib\/web3\/ethereum)$/ }, (args) => {
        // Only the imports made by GoTrueClient itself; everything else resolves normally.
        if (resolve(args.resolveDir) !== resolve(authJs) || !args.importer.endsWith('GoTrueClient.js')) return undefined;
        return { path: join(stubDir, STUBS[args.path]!) };
      });
    },
  };
}
