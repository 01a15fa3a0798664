/**
 * `npm run build`: plugin.json → types → typecheck → esbuild → dist/bubble-plugin/ (Bubble's
 * GitHub-sync layout) + dist/runtime/ (the hosted runtime files) + dist/PASTE-GUIDE.md, then the
 * gzip weight a page pays.
 *
 * Runtime delivery (see README, "Bringing the plugin into Bubble"): inline by default;
 * hosted with `--runtime-url=<base URL>` or `--runtime-urls=<map.json>` (or the environment
 * variables SUPABASE_MFA_RUNTIME_URL / SUPABASE_MFA_RUNTIME_URLS).
 * Fails with a clear message when plugin.json is invalid or the sources use a state, event or
 * field that plugin.json does not declare (the generated types make that a type error).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPluginDef, PluginDefError } from './plugin-def.js';
import { writeGeneratedTypes } from './generate-types.js';
import { authTrimPlans, bundleAll } from './bundle.js';
import { AUTH_TRIM_PLAN_FILE, authTrimPlanText } from './auth-trim-plan.js';
import { bubbleLayout } from './bubble-layout.js';
import { bubbleHabitProblems, secureCaptionLeaks } from './bubble-habits.js';
import { deliveryFrom, runtimeFiles, runtimeManifest, type DeliveryOptions } from './runtime-delivery.js';
import { pasteGuide } from './paste-guide.js';
import { gzipBytes, pageWeights } from './size-report.js';
import { folderName } from './ids.js';
import { REFERENCE_PATH, referenceMarkdown } from './reference-doc.js';

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
export async function buildPlugin(ROOT = REPO, opts: DeliveryOptions & { env?: NodeJS.ProcessEnv } = {}): Promise<Map<string, string>> {
  const OUT_DIR = join(ROOT, 'dist', 'bubble-plugin');
  const RUNTIME_DIR = join(ROOT, 'dist', 'runtime');
  const def = loadPluginDef(join(ROOT, 'plugin.json'), join(ROOT, 'plugin.schema.json'));
  writeGeneratedTypes(def, join(ROOT, 'shared', 'generated', 'plugin.ts'));
  typecheck(ROOT);
  const plans = await authTrimPlans(def, ROOT);
  const bundles = await bundleAll(def, ROOT, plans);
  const hostedFiles = runtimeFiles(bundles);
  const delivery = deliveryFrom(opts, hostedFiles, opts.env);
  if (delivery.mode === 'inline') {
    for (const [name, code] of Object.entries(bundles.runtimes)) {
      if (/<\/script/i.test(code)) throw new Error(`The ${name} runtime contains "</script": it cannot be inlined in a header.`);
    }
  }
  const files = bubbleLayout(def, bundles, { delivery, runtimeFiles: hostedFiles });
  const habits = [...bubbleHabitProblems(files, def), ...secureCaptionLeaks(new Map(hostedFiles.map((f) => [`dist/runtime/${f.file}`, f.text])), def)];
  if (habits.length) throw new Error(`The output would not be what Bubble writes:\n${habits.map((p) => `  - ${p}`).join('\n')}`);

  rmSync(OUT_DIR, { recursive: true, force: true });
  for (const [path, text] of files) {
    const full = join(OUT_DIR, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  rmSync(RUNTIME_DIR, { recursive: true, force: true });
  mkdirSync(RUNTIME_DIR, { recursive: true });
  for (const f of hostedFiles) writeFileSync(join(RUNTIME_DIR, f.file), f.text);
  writeFileSync(join(RUNTIME_DIR, 'manifest.json'), runtimeManifest(hostedFiles));
  writeFileSync(join(ROOT, 'dist', 'PASTE-GUIDE.md'), pasteGuide(def, bundles, files));
  const referencePath = join(ROOT, REFERENCE_PATH);
  if (!existsSync(referencePath) || readFileSync(referencePath, 'utf8') !== referenceMarkdown(def)) {
    console.log(`Note: ${REFERENCE_PATH} is stale; \`npm run reference\` rewrites it from plugin.json.`);
  }
  const planFile = join(ROOT, AUTH_TRIM_PLAN_FILE);
  if (!existsSync(planFile) || readFileSync(planFile, 'utf8') !== authTrimPlanText(ROOT, plans)) {
    console.log(
      `Note: the auth trim plan changed (${AUTH_TRIM_PLAN_FILE}); \`npm run trim-plan\` rewrites it: review its diff (docs/upgrading-supabase-js.md).`,
    );
  }

  const weights = pageWeights(
    files,
    def.elements.map((e) => ({ name: e.display, dir: `elements/${folderName(e.id)}` })),
  );
  console.log(`Built ${files.size} files into ${OUT_DIR.replace(`${ROOT}/`, '')}/ and dist/PASTE-GUIDE.md`);
  console.log(
    delivery.mode === 'inline'
      ? `Runtime: inline in element headers (hosted files written to dist/runtime/ too: ${hostedFiles.map((f) => f.file).join(', ')})`
      : `Runtime: hosted; headers load ${hostedFiles.map((f) => delivery.urls[f.file]).join(', ')} (upload dist/runtime/ there)`,
  );
  for (const f of hostedFiles)
    console.log(
      `  hosted ${f.file.padEnd(45)} ${(gzipBytes(f.text) / 1024).toFixed(1).padStart(6)} KB gzip  (${(Buffer.byteLength(f.text) / 1024).toFixed(1)} KB raw)`,
    );
  console.log('What a page loads (headers + code boxes):');
  for (const w of weights)
    console.log(`  ${w.page.padEnd(45)} ${(w.gzipBytes / 1024).toFixed(1).padStart(6)} KB gzip  (${(w.rawBytes / 1024).toFixed(1)} KB raw)`);
  return files;
}

function cliOptions(argv: string[]): DeliveryOptions {
  const opts: DeliveryOptions = {};
  for (const a of argv) {
    const m = /^--(runtime-urls?)=(.*)$/.exec(a);
    if (m?.[1] === 'runtime-url') opts.runtimeUrl = m[2];
    else if (m?.[1] === 'runtime-urls') opts.runtimeUrls = resolve(m[2]!);
    else if (a !== '--types-only') throw new Error(`unknown option ${a} (known: --runtime-url=<base URL>, --runtime-urls=<map.json>)`);
  }
  return opts;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  Promise.resolve()
    .then(() => buildPlugin(REPO, cliOptions(process.argv.slice(2))))
    .catch((e: unknown) => {
      console.error(e instanceof PluginDefError || e instanceof Error ? `Build failed: ${e.message}` : e);
      process.exit(1);
    });
}
