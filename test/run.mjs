// Runs every *.test.ts under test/ with Node's own test runner (TypeScript through tsx).
// `node test/run.mjs unit` skips the suites that need a browser or the auth server;
// `node test/run.mjs browser` runs only the Chromium suites (npm run screenshots).
// `--profiles` (npm test) then re-runs the suites that walk whole deployments (recipe, lifecycle,
// WebAuthn) under the test bed's other profiles (dev/testbed/profile.ts): a self-hosted server
// (tokens without iss) and new-style API keys through a gateway that translates them; the default
// run already covers the platform profile with legacy keys, and the custom-domain profile has its
// own suite. `--profiles=self-hosted` runs only the named ones. Against a remote project
// (SUPABASE_URL) the profiles cannot be played and are left out, saying so.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const onlyUnit = args.includes('unit');
const onlyBrowser = args.includes('browser');
const HEAVY = ['test/e2e/', 'test/browser/'];

/** The extra runs: name → the test bed's environment for it. */
const PROFILE_RUNS = {
  'self-hosted': { TESTBED_PROFILE: 'self-hosted' },
  'new-keys': { TESTBED_KEYS: 'new' },
};
const PROFILE_SUITES = ['test/e2e/recipe.test.ts', 'test/e2e/lifecycle.test.ts', 'test/browser/webauthn.test.ts'];

function profilesAsked() {
  const flag = args.find((a) => a === '--profiles' || a.startsWith('--profiles='));
  if (!flag) return [];
  const named = flag.includes('=')
    ? flag
        .slice(flag.indexOf('=') + 1)
        .split(',')
        .filter(Boolean)
    : Object.keys(PROFILE_RUNS);
  const unknown = named.filter((n) => !(n in PROFILE_RUNS));
  if (unknown.length) {
    console.error(`unknown profile run(s): ${unknown.join(', ')} (have: ${Object.keys(PROFILE_RUNS).join(', ')})`);
    process.exit(2);
  }
  return named;
}

function collect(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return collect(full);
    return name.endsWith('.test.ts') ? [relative(root, full)] : [];
  });
}

function run(files, env = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  return result.status ?? 1;
}

const profiles = profilesAsked();
const files = collect(join(root, 'test'))
  .filter((f) => !onlyUnit || !HEAVY.some((h) => f.startsWith(h)))
  .filter((f) => !onlyBrowser || f.startsWith('test/browser/'))
  .sort();
const outcomes = [['default profile (platform, legacy keys)', run(files)]];

if (profiles.length && process.env.SUPABASE_URL) {
  console.log(`\nprofile runs left out: SUPABASE_URL names a remote project, whose deployment the test bed cannot change`);
} else {
  for (const name of profiles) {
    const env = PROFILE_RUNS[name];
    const label = `profile ${name} (${Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')})`;
    console.log(`\n=== ${label}: ${PROFILE_SUITES.join(' ')}`);
    outcomes.push([label, run(PROFILE_SUITES, env)]);
  }
}
if (outcomes.length > 1) {
  console.log('\n=== summary');
  for (const [label, status] of outcomes) console.log(`${status === 0 ? 'pass' : 'FAIL'}  ${label}`);
}
process.exit(outcomes.some(([, status]) => status !== 0) ? 1 : 0);
