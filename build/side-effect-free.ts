/**
 * esbuild plugin: packages whose only top-level work is building a default instance or a table are marked
 * free of side effects, so a bundle that imports them without calling them carries none of them.
 * DOMPurify is the case: the MFA element's handler table imports enrolling (which sanitises the
 * QR) for the inline runtime, and the hosted core picks the lazy twin by `__HOSTED__` instead; the
 * dead branch is dropped, and without this mark DOMPurify (≈ 11 KB gzip) would stay in the core
 * for the default instance its module creates on load; lean-qr's encoder likewise builds its
 * Galois-field tables on load.
 */
import type { Plugin } from 'esbuild';

const PACKAGES = /^(dompurify|lean-qr(\/[\w-]+)?)$/;

export function sideEffectFree(): Plugin {
  return {
    name: 'side-effect-free',
    setup(b) {
      b.onResolve({ filter: PACKAGES }, async (args) => {
        if (args.pluginData === 'side-effect-free') return undefined;
        const found = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'side-effect-free' });
        return found.errors.length ? undefined : { path: found.path, sideEffects: false };
      });
    },
  };
}
