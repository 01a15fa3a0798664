/**
 * `npm run build` refuses, with a message that says why, a plugin.json that is invalid and
 * sources that use a state plugin.json does not declare. Each case builds a temporary copy of
 * the repository with one change (node_modules linked, not copied).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPlugin } from '../../build/build.js';
import { editFile as edit, repoCopies } from '../helpers/repo-copy.js';

const copies = repoCopies();
after(() => copies.removeAll());
const copyOfRepo = () => copies.make();

test('a copy of the repository builds (so the failures below are caused by the one change)', async () => {
  const files = await buildPlugin(copyOfRepo());
  assert.ok(files.size > 50);
});

test('an invalid plugin.json stops the build with the list of problems', async () => {
  const dir = copyOfRepo();
  edit(dir, 'plugin.json', (t) => t.replace('"name": "next_level"', '"name": "current_level"'));
  await assert.rejects(buildPlugin(dir), /plugin\.json is invalid:[\s\S]*"current_level" is declared twice/);
});

test('code that publishes a state plugin.json does not declare stops the build at the type check', async () => {
  const dir = copyOfRepo();
  edit(dir, 'elements/supabase-mfa/controller.ts', (t) =>
    t.replace('this.view.publishAll({ error_code: error.code,', 'this.view.publishAll({ error_kode: error.code,'),
  );
  await assert.rejects(buildPlugin(dir), /TypeScript found errors[\s\S]*error_kode/);
});

test('removing a state from plugin.json that the code still publishes stops the build', async () => {
  const dir = copyOfRepo();
  edit(dir, 'plugin.json', (t) => {
    const def = JSON.parse(t);
    const mfa = def.elements.find((e: { name: string }) => e.name === 'supabase_mfa');
    mfa.states = mfa.states.filter((s: { name: string }) => s.name !== 'totp_secret_grouped');
    return JSON.stringify(def, null, 2);
  });
  await assert.rejects(buildPlugin(dir), /TypeScript found errors[\s\S]*totp_secret_grouped/);
});

test('the build never edits docs/reference.md, even when it is stale (`npm run reference` does)', async () => {
  const dir = copyOfRepo();
  edit(dir, 'plugin.json', (t) => t.replace('"caption": "Current level"', '"caption": "Current assurance level"'));
  const before = readFileSync(join(dir, 'docs/reference.md'), 'utf8');
  await buildPlugin(dir);
  assert.equal(readFileSync(join(dir, 'docs/reference.md'), 'utf8'), before);
});

/** The MFA element's header (its runtime) as the build returns it. */
function mfaHeader(files: Map<string, string>): string {
  const headers = [...files].filter(([path]) => path.endsWith('/headers.html')).map(([, text]) => text);
  const mfa = headers.find((h) => h.includes('supabase_mfa'));
  assert.ok(mfa, 'the MFA element has a header');
  return mfa;
}

test('calling another auth method un-stubs it on the next build (the trimmed surface is derived, not listed)', async () => {
  const before = mfaHeader(await buildPlugin(copyOfRepo()));
  assert.ok(!before.includes('/otp'), 'OTP sign-in is trimmed while nothing calls it');
  const dir = copyOfRepo();
  edit(dir, 'actions/sign-in.ts', (t) =>
    t.replace(
      'const res = await call(() => auth.signInWithPassword({ email, password }));',
      'const res = await call(() => auth.signInWithPassword({ email, password }));\n  if (email.startsWith("otp+")) await auth.signInWithOtp({ email });',
    ),
  );
  assert.ok(mfaHeader(await buildPlugin(dir)).includes('/otp'));
});

test('browser code that calls the admin API (stubbed in pages) stops the build', async () => {
  const dir = copyOfRepo();
  edit(dir, 'actions/sign-in.ts', (t) =>
    t.replace(
      'const { email, password } = v.data;',
      'const { email, password } = v.data;\n  await (auth as unknown as { admin: { listUsers(): Promise<unknown> } }).admin.listUsers();',
    ),
  );
  await assert.rejects(buildPlugin(dir), /auth\.admin\.listUsers/);
});
