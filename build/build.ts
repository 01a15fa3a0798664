/**
 * `npm run build`: plugin.json → types → typecheck → esbuild → dist/bubble-plugin/ (Bubble's
 * GitHub-sync layout) + dist/PASTE-GUIDE.md, then the gzip weight a page pays.
 * Fails with a clear message when plugin.json is invalid or the sources use a state, event or
 * field that plugin.json does not declare (the generated types make that a type error).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPluginDef, PluginDefError } from './plugin-def.js';
import { writeGeneratedTypes } from './generate-types.js';
import { bundleAll } from './bundle.js';
import { bubbleLayout } from './bubble-layout.js';
import { pasteGuide } from './paste-guide.js';
import { pageWeights } from './size-report.js';
import { folderName } from './ids.js';
import { withReference } from './readme-reference.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function typecheck(ROOT: string): void {
  try {
    execFileSync(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')], {
      cwd: ROOT,
      stdio: 'pipe',
    });
  } catch (e) {
    const out = String((e as { stdout?: Buffer }).stdout ?? '') + String((e as { stderr?: Buffer }).stderr ?? '');
    throw new Error(
      `TypeScript found errors. A state, event or field that plugin.json does not declare shows up here as a type error against shared/generated/plugin.ts:\n${out}`,
    );
  }
}

/** Builds the plugin found at `ROOT` (the repository by default; tests build a copy). */
export async function buildPlugin(ROOT = REPO): Promise<Map<string, string>> {
  const OUT_DIR = join(ROOT, 'dist', 'bubble-plugin');
  const def = loadPluginDef(join(ROOT, 'plugin.json'), join(ROOT, 'plugin.schema.json'));
  writeGeneratedTypes(def, join(ROOT, 'shared', 'generated', 'plugin.ts'));
  typecheck(ROOT);
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const bundles = await bundleAll(def, ROOT);
  for (const [name, code] of Object.entries(bundles.runtimes)) {
    if (/<\/script/i.test(code)) throw new Error(`The ${name} runtime contains "</script": it cannot be inlined in a header.`);
  }
  const files = bubbleLayout(def, bundles, version);

  rmSync(OUT_DIR, { recursive: true, force: true });
  for (const [path, text] of files) {
    const full = join(OUT_DIR, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  writeFileSync(join(ROOT, 'dist', 'PASTE-GUIDE.md'), pasteGuide(def, bundles));
  if (withReference(readFileSync(join(ROOT, 'README.md'), 'utf8'), def) !== readFileSync(join(ROOT, 'README.md'), 'utf8')) {
    console.log('Note: the reference section of README.md is stale; `npm run readme` refreshes it from plugin.json.');
  }

  const weights = pageWeights(
    files,
    def.elements.map((e) => ({ name: e.display, dir: `elements/${folderName(e.id)}` })),
  );
  console.log(`Built ${files.size} files into ${OUT_DIR.replace(`${ROOT}/`, '')}/ and dist/PASTE-GUIDE.md`);
  console.log('What a page loads (headers + code boxes):');
  for (const w of weights)
    console.log(`  ${w.page.padEnd(45)} ${(w.gzipBytes / 1024).toFixed(1).padStart(6)} KB gzip  (${(w.rawBytes / 1024).toFixed(1)} KB raw)`);
  return files;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildPlugin().catch((e: unknown) => {
    console.error(e instanceof PluginDefError || e instanceof Error ? `Build failed: ${e.message}` : e);
    process.exit(1);
  });
}
