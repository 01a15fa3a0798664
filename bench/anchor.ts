/**
 * The anchor every row compares with: what a plugin would ship if it simply bundled the libraries
 * it needs, i.e. supabase-js (createClient) plus DOMPurify, built by esbuild in the same run as
 * ours (minified, browser, IIFE, the same browser targets and legal-comment setting as
 * build/bundle.ts, so only the contents differ).
 *
 * A bare `import { createClient } …; import DOMPurify …` would be tree-shaken to nothing, so the
 * entry re-exports both under a global, `SupabaseAnchor`, as a plugin using them would.
 */
import { build } from 'esbuild';
import { BROWSER_TARGETS } from '../build/bundle.js';

export const ANCHOR_GLOBAL = 'SupabaseAnchor';
export const ANCHOR_SOURCE = "import { createClient } from '@supabase/supabase-js';\nimport DOMPurify from 'dompurify';\nexport { createClient, DOMPurify };\n";

export async function buildAnchor(root: string): Promise<string> {
  const result = await build({
    stdin: { contents: ANCHOR_SOURCE, resolveDir: root, loader: 'ts', sourcefile: 'anchor-entry.ts' },
    bundle: true,
    write: false,
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    platform: 'browser',
    format: 'iife',
    globalName: ANCHOR_GLOBAL,
    target: BROWSER_TARGETS,
  });
  const text = result.outputFiles[0]?.text;
  if (!text) throw new Error('esbuild produced no anchor bundle');
  if (/<\/script/i.test(text)) throw new Error('the anchor bundle contains "</script" and cannot be inlined');
  return text;
}
