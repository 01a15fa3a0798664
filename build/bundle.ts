/**
 * esbuild bundles: two browser runtimes (inlined in the elements' headers) and one
 * self-contained Node 18 bundle per server-side action (inlined in its code box, so Bubble's
 * node-module install step is not needed).
 */
import { build, type BuildOptions } from 'esbuild';
import { resolve } from 'node:path';
import type { PluginDef } from './plugin-def.js';
import { trimAuthJs } from './trim-auth.js';
import { authJsDirect } from './auth-js-direct.js';

export interface Bundles {
  /**
   * Runtime script text per runtime name in plugin.json: "qr" (DOMPurify, the QR pipeline and
   * the QR code element) and "mfa" (the auth client, the QR pipeline and the MFA element).
   */
  runtimes: Record<'qr' | 'mfa', string>;
  /** Per server action name: a script that defines `__supabaseMfaServer.run`. */
  server: Record<string, string>;
}

export const SERVER_GLOBAL = '__supabaseMfaServer';

const RUNTIME_ENTRIES = {
  qr: 'entries/qr-runtime.ts',
  mfa: 'entries/mfa-runtime.ts',
} as const;

async function bundleText(options: BuildOptions): Promise<string> {
  const result = await build({ bundle: true, write: false, minify: true, legalComments: 'none', logLevel: 'silent', ...options });
  return result.outputFiles![0]!.text;
}

export async function bundleAll(def: PluginDef, root: string): Promise<Bundles> {
  const browser: BuildOptions = {
    platform: 'browser',
    format: 'iife',
    // Evergreen browsers of the last few years (Bubble's own editor needs as much).
    target: ['es2020', 'chrome87', 'firefox78', 'safari15'],
    // Inlined in <script>: esbuild escapes "</script" in strings by default for browsers;
    // build.ts double-checks the output.
    plugins: [authJsDirect(root), trimAuthJs(root)],
  };
  const [qr, mfa] = await Promise.all((['qr', 'mfa'] as const).map((name) => bundleText({ ...browser, entryPoints: [resolve(root, RUNTIME_ENTRIES[name])] })));

  const server: Record<string, string> = {};
  for (const action of def.server_actions) {
    server[action.name] = await bundleText({
      platform: 'node',
      target: 'node18',
      format: 'iife',
      plugins: [authJsDirect(root)],
      globalName: SERVER_GLOBAL,
      stdin: {
        contents: `import { serverActions } from './server/admin-actions.ts';\nexport const run = serverActions[${JSON.stringify(action.name)}];\n`,
        resolveDir: root,
        loader: 'ts',
      },
    });
  }
  return { runtimes: { qr: qr!, mfa: mfa! }, server };
}
