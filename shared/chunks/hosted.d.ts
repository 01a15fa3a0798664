/**
 * Which browser bundle this code is in, set by the build (build/bundle.ts, esbuild `define`):
 * true in the hosted core, whose rarely used parts load on first use (see the `*.lazy.ts`
 * modules); false in the inline runtimes, which bundle everything. Unbundled code (Node tests)
 * has no such constant, which means bundled too.
 *
 * Read it only as `typeof __HOSTED__ !== 'undefined' && __HOSTED__ ? lazy : bundled`, written out
 * in the ternary itself: esbuild folds the constant there and drops the import of the branch not
 * taken, so neither bundle carries the other's module (through a variable or another module, it
 * would not fold and both would be bundled).
 */
declare const __HOSTED__: boolean;
