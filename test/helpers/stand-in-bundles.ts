/**
 * Stand-in bundles for build tests whose subject is what the build writes around the bundles
 * (the Bubble layout, the paste guide), not esbuild: each runtime is one recognisable statement,
 * each server action answers which action it is.
 */
import type { Bundles } from '../../build/bundle.js';
import type { PluginDef } from '../../build/plugin-def.js';

export const RUNTIME_MARKERS = { mfa: 'MFA_RUNTIME', qr: 'QR_RUNTIME', code: 'CODE_RUNTIME' } as const;

export function standInBundles(def: PluginDef): Bundles {
  const runtimes = Object.fromEntries(Object.entries(RUNTIME_MARKERS).map(([name, marker]) => [name, `window.${marker}=1`]));
  return {
    runtimes,
    hosted: Object.values(runtimes).join(';'),
    chunks: {},
    previews: {},
    server: Object.fromEntries(def.server_actions.map((a) => [a.name, `var __supabaseMfaServer={run:async()=>({from:${JSON.stringify(a.name)}})};`])),
  };
}
