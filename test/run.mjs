// Runs every *.test.ts under test/ with Node's own test runner (TypeScript through tsx).
// `node test/run.mjs unit` skips the suites that need a browser or the auth server;
// `node test/run.mjs browser` runs only the Chromium suites (npm run screenshots).
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const onlyUnit = process.argv[2] === 'unit';
const onlyBrowser = process.argv[2] === 'browser';
const HEAVY = ['test/e2e/', 'test/browser/'];

function collect(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return collect(full);
    return name.endsWith('.test.ts') ? [relative(root, full)] : [];
  });
}

const files = collect(join(root, 'test'))
  .filter((f) => !onlyUnit || !HEAVY.some((h) => f.startsWith(h)))
  .filter((f) => !onlyBrowser || f.startsWith('test/browser/'))
  .sort();
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
