import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { checkAdminUse } from '../../build/trim-auth.js';
import { loadPluginDef } from '../../build/plugin-def.js';
import { folderName } from '../../build/ids.js';

const goTrueClient = readFileSync(createRequire(import.meta.url).resolve('@supabase/auth-js/dist/module/GoTrueClient.js'), 'utf8');

test('the installed auth-js uses nothing of the admin API in a page but signOut (what the browser stand-in keeps)', () => {
  assert.ok(goTrueClient.includes('this.admin.signOut'), 'the check reads the real source');
  assert.deepEqual(checkAdminUse(goTrueClient), []);
});

test('the check names any other admin method, so the build stops instead of shipping a broken client', () => {
  assert.deepEqual(checkAdminUse(`${goTrueClient}\nthis.admin.deleteUser(id); this.admin.listUsers();`), ['deleteUser', 'listUsers']);
});

// One string from each dropped module: lib/web3/ethereum, GoTrueAdminApi.
const MARKERS = ['Invalid SIWE message field', 'inviteUserByEmail', '/admin/users'];

test('the browser runtimes carry no Web3 or service-role admin code', async () => {
  const untrimmed = await build({
    stdin: { contents: "import { AuthClient } from '@supabase/supabase-js'; (window as any).x = AuthClient;", resolveDir: '.', loader: 'ts' },
    bundle: true,
    write: false,
    minify: true,
    platform: 'browser',
    format: 'iife',
    logLevel: 'silent',
  });
  for (const marker of MARKERS) assert.ok(untrimmed.outputFiles[0]!.text.includes(marker), `an untrimmed auth client contains ${marker}`);
  for (const el of loadPluginDef().elements) {
    const header = readFileSync(`dist/bubble-plugin/elements/${folderName(el.id)}/headers.html`, 'utf8');
    for (const marker of MARKERS) assert.ok(!header.includes(marker), `${el.name} header contains ${marker}`);
  }
});
