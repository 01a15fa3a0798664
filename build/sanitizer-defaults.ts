/**
 * DOMPurify carries default lists for configs that leave them to it: every HTML tag and attribute
 * it deems safe, the SVG, MathML and XML attributes its profiles add, and the elements whose
 * content KEEP_CONTENT drops. The plugin's one sanitiser (shared/qr/sanitize-svg.ts) never reaches
 * them: its config (shared/qr/sanitize-config.ts) names its own ALLOWED_TAGS and ALLOWED_ATTR and
 * turns profiles and KEEP_CONTENT off, and DOMPurify reads those lists only for a setting left to
 * its default or for a profile. So the build writes them as empty lists: about 2 KB gzip wherever
 * DOMPurify travels (the inline MFA page, the hosted enroll chunk).
 *
 * The lists DOMPurify reads under any config stay as they are: the SVG and MathML tag lists behind
 * its namespace checks, the URI-safe attributes, the data-URI tags.
 *
 * The build stops if DOMPurify's source no longer declares each list once, if any module but the
 * sanitiser imports DOMPurify, if the sanitiser calls DOMPurify other than through `sanitize` (with
 * this config) and `addHook`, or if the config stops naming its own lists.
 * test/build/sanitizer-defaults.test.ts watches the stock DOMPurify read nothing of those lists
 * while it sanitises hostile markup under the plugin's config, and runs the cut one beside it:
 * same output, same removals.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'esbuild';
import { SVG_SANITIZE_CONFIG } from '../shared/qr/sanitize-config.js';

/** The one module of the plugin that may import DOMPurify. */
export const SANITIZER_MODULE = join('shared', 'qr', 'sanitize-svg.ts');

/** DOMPurify's default-only lists, as its ES build declares them (the source's names). */
export const DEFAULT_ONLY_LISTS = [
  { what: 'HTML tags', declaration: /^const html\$1 = freeze\(\[[^\]]*\]\);$/m, empty: 'const html$1 = freeze([]);' },
  { what: 'HTML attributes', declaration: /^const html = freeze\(\[[^\]]*\]\);$/m, empty: 'const html = freeze([]);' },
  { what: 'SVG attributes', declaration: /^const svg = freeze\(\[[^\]]*\]\);$/m, empty: 'const svg = freeze([]);' },
  { what: 'MathML attributes', declaration: /^const mathMl = freeze\(\[[^\]]*\]\);$/m, empty: 'const mathMl = freeze([]);' },
  { what: 'XML attributes', declaration: /^const xml = freeze\(\[[^\]]*\]\);$/m, empty: 'const xml = freeze([]);' },
  {
    what: 'elements whose content KEEP_CONTENT drops',
    declaration: /^\tconst DEFAULT_FORBID_CONTENTS = addToSet\(\{\}, \[[^\]]*\]\);$/m,
    empty: '\tconst DEFAULT_FORBID_CONTENTS = addToSet({}, []);',
  },
];

/** Why the sanitiser's config would reach a default list (none: the cut applies). */
export function configReachesDefaults(config: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (!Array.isArray(config.ALLOWED_TAGS)) problems.push('it leaves ALLOWED_TAGS to the default');
  if (!Array.isArray(config.ALLOWED_ATTR)) problems.push('it leaves ALLOWED_ATTR to the default');
  if (config.USE_PROFILES !== false) problems.push('it uses a profile');
  if (config.KEEP_CONTENT !== false) problems.push('it keeps the content of removed elements');
  return problems;
}

/** DOMPurify's ES module with its default-only lists empty. */
export function withoutDefaultLists(source: string): string {
  let out = source;
  for (const list of DEFAULT_ONLY_LISTS) {
    const found = out.match(new RegExp(list.declaration.source, 'gm')) ?? [];
    if (found.length !== 1) throw new Error(`DOMPurify no longer declares its default ${list.what} as build/sanitizer-defaults.ts expects; update it.`);
    out = out.replace(list.declaration, () => list.empty);
  }
  return out;
}

/**
 * What in the sanitiser's source would let DOMPurify read a default list: a call other than
 * sanitize / addHook (isValidAttribute or setConfig, for one, can parse a config of their own), or a
 * sanitize call that is not given the plugin's config.
 */
export function sanitizerCallProblems(sanitizerSource: string): string[] {
  const allowed = new Set(['sanitize', 'addHook', 'isSupported', 'removed']);
  const others = [...new Set([...sanitizerSource.matchAll(/\b(?:purifier|instance|DOMPurify)\s*\.\s*(\w+)/g)].map((m) => m[1]!))].filter(
    (n) => !allowed.has(n),
  );
  const calls = sanitizerSource.match(/\.sanitize\s*\(/g)?.length ?? 0;
  const withConfig = sanitizerSource.match(/\.sanitize\s*\(\s*\w+\s*,\s*SVG_SANITIZE_CONFIG\s*\)/g)?.length ?? 0;
  return [
    ...others.map((n) => `the sanitiser calls DOMPurify's ${n}`),
    ...(calls === 0 || calls !== withConfig ? ['a sanitize call is not given SVG_SANITIZE_CONFIG'] : []),
  ];
}

export function sanitizerDefaults(root: string): Plugin {
  return {
    name: 'sanitizer-defaults',
    setup(b) {
      const sanitizer = join(root, SANITIZER_MODULE);
      const problems = [...configReachesDefaults(SVG_SANITIZE_CONFIG), ...sanitizerCallProblems(readFileSync(sanitizer, 'utf8'))];
      b.onResolve({ filter: /^dompurify$/ }, (args) => {
        if (args.importer !== sanitizer) throw new Error(`${args.importer} imports DOMPurify; only ${SANITIZER_MODULE} may (build/sanitizer-defaults.ts).`);
        if (problems.length)
          throw new Error(`The sanitiser's DOMPurify config would read the lists the build cuts: ${problems.join('; ')} (build/sanitizer-defaults.ts).`);
        return undefined;
      });
      b.onLoad({ filter: /[\\/]dompurify[\\/]dist[\\/]purify\.es\.mjs$/ }, (args) => ({
        contents: withoutDefaultLists(readFileSync(args.path, 'utf8')),
        loader: 'js',
      }));
    },
  };
}
