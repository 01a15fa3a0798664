/**
 * Imports run one way: entries → elements / server adapters → actions → shared, and the dev
 * tooling (dev/) is used by tests, bench and playground, which never use each other. The test
 * reads every import specifier of every TypeScript file and fails on an import against the flow.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

const ROOT = normalize(join(import.meta.dirname, '..', '..'));

/** What each top-level folder may import from (itself included). Packages are always allowed. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  shared: ['shared'],
  actions: ['actions', 'shared'],
  elements: ['elements', 'actions', 'shared'],
  server: ['server', 'actions', 'shared'],
  entries: ['entries', 'elements', 'server', 'actions', 'shared'],
  build: ['build', 'shared'],
  dev: ['dev', 'build', 'shared'],
  test: ['test', 'dev', 'build', 'entries', 'elements', 'server', 'actions', 'shared'],
  bench: ['bench', 'dev', 'build', 'entries', 'elements', 'server', 'actions', 'shared'],
  playground: ['playground', 'dev', 'build', 'shared'],
  scripts: ['scripts', 'dev', 'build'],
};

/**
 * Each dev/ package states its API in its index.ts (and, for code bundled into a browser page, its
 * in-page.ts): tests, bench, playground and scripts import only those.
 */
const DEV_ENTRY = /^dev\/[\w-]+\/(index|in-page)\.js$/;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(full).isDirectory()) return tsFiles(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

/** Relative import specifiers: `from '…'`, `import '…'`, `import('…')`, `export … from '…'`. */
export function relativeImports(source: string): string[] {
  const out: string[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;
  for (let m = re.exec(source); m; m = re.exec(source)) out.push(m[1]!);
  return out;
}

function topFolder(file: string): string {
  return relative(ROOT, file).split('/')[0]!;
}

function violations(): string[] {
  const found: string[] = [];
  for (const folder of Object.keys(MAY_IMPORT)) {
    let files: string[];
    try {
      files = tsFiles(join(ROOT, folder));
    } catch {
      continue;
    }
    for (const file of files) {
      if (file === import.meta.filename) continue; // its own examples are string literals
      for (const spec of relativeImports(readFileSync(file, 'utf8'))) {
        const target = normalize(join(dirname(file), spec));
        const to = topFolder(target);
        if (!MAY_IMPORT[folder]!.includes(to)) found.push(`${relative(ROOT, file)} imports ${spec} (${folder}/ → ${to}/)`);
        else if (folder !== 'dev' && to === 'dev' && !DEV_ENTRY.test(relative(ROOT, target))) {
          found.push(`${relative(ROOT, file)} imports ${spec} (dev packages are used through their index.ts)`);
        }
      }
    }
  }
  return found;
}

test('the import scanner sees every form of relative import', () => {
  const src = `import a from './a.js';\nimport type { B } from '../b/b.js';\nexport { c } from "../../c.js";\nimport './side.js';\nconst d = await import('../d.js');\nimport x from 'pkg';`;
  assert.deepEqual(relativeImports(src), ['./a.js', '../b/b.js', '../../c.js', './side.js', '../d.js']);
});

test('imports run one way: shared ← actions ← elements / server ← entries; dev tooling apart', () => {
  assert.deepEqual(violations(), []);
});

test('the rule table itself forbids what the layering forbids', () => {
  assert.ok(!MAY_IMPORT.shared!.includes('actions') && !MAY_IMPORT.shared!.includes('elements'));
  assert.ok(!MAY_IMPORT.actions!.includes('elements'));
  for (const tool of ['test', 'bench', 'playground']) {
    for (const other of ['test', 'bench', 'playground'].filter((o) => o !== tool)) assert.ok(!MAY_IMPORT[tool]!.includes(other), `${tool} → ${other}`);
  }
});
