/**
 * The README's "Protect your data" recipes (the policies in docs/protect-your-data.md), run as written on the test bed's real PostgreSQL (the
 * database the real auth server migrated, so auth.jwt(), auth.uid() and auth.mfa_factors are its
 * own) with access tokens the real server issued and the plugin published as its Access token
 * state. Each query runs the way Supabase's Data API (PostgREST) runs a request: the token's
 * signature checked, its claims in request.jwt.claims, the role `authenticated`.
 * Local test bed only (it needs the database); skips with the exact reason otherwise.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as OTPAuth from 'otpauth';
import { jwtVerify } from 'jose';
import { createJsdomHarness, type ElementInstance, type JsdomHarness } from '../../dev/bubble-harness/index.js';
import { type CreatedUser, localOnlySkipReason, realServerSkipReason, startTestbed, type Testbed } from '../../dev/testbed/index.js';
import { expectElementAction } from '../../dev/mfa-harness/index.js';

const skip = (await realServerSkipReason()) || localOnlySkipReason("needs the local test bed's PostgreSQL");

/** The ```sql blocks of docs/protect-your-data.md (the README's "Protect your data" links to it), in order. */
function readmeSql(): string[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  assert.ok(readme.includes('](docs/protect-your-data.md)'), 'README\'s "Protect your data" points to the policies');
  const doc = readFileSync(new URL('../../docs/protect-your-data.md', import.meta.url), 'utf8');
  return [...doc.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** What Supabase's projects have and a bare auth-server database lacks: the API roles and their grants. */
const SUPABASE_ROLES = `
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'anon') THEN CREATE ROLE anon NOLOGIN NOINHERIT; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'authenticated') THEN CREATE ROLE authenticated NOLOGIN NOINHERIT; END IF;
END $$;
GRANT USAGE ON SCHEMA public, auth TO anon, authenticated;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO anon, authenticated;
`;

describe('README "Protect your data": Row Level Security on the real database with real tokens', { skip }, () => {
  let bed: Testbed;
  const pages: JsdomHarness[] = [];
  const [table = '', everyone = '', setUpOnly = ''] = skip ? [] : readmeSql();

  before(async () => {
    bed = await startTestbed({ quiet: true });
    await bed.postgres!.query(SUPABASE_ROLES);
    await bed.postgres!.query(table);
  });
  after(async () => {
    for (const p of pages) p.close();
    await bed?.stop();
  });

  /** Rows of public.notes as the Data API would return them for this access token. */
  async function rowsFor(accessToken: string): Promise<string[]> {
    const { payload } = await jwtVerify(accessToken, new TextEncoder().encode(bed.jwtSecret!));
    const claims = JSON.stringify(payload);
    assert.ok(!claims.includes('$claims$'));
    const out = await bed.postgres!.query(
      `SELECT set_config('request.jwt.claims', $claims$${claims}$claims$, true);
       SELECT set_config('role', 'authenticated', true);
       SELECT 'rows:' || coalesce(string_agg(body, ',' ORDER BY id), '') FROM public.notes;`,
    );
    const last = out.split('\n').at(-1)!;
    assert.match(last, /^rows:/);
    return last === 'rows:' ? [] : last.slice(5).split(',');
  }

  const act = expectElementAction;

  /** A user on their own page; with `mfa`, they set up an authenticator app (their session is then aal2). */
  async function userPage(mfa: boolean): Promise<{ el: ElementInstance; user: CreatedUser; uri: string | null }> {
    const user = await bed.createUser();
    const h = createJsdomHarness({ keys: { 'Supabase URL': bed.url, 'Supabase anon key': bed.anonKey } });
    pages.push(h);
    const el = h.harness.place('Supabase MFA', { name: 'MFA' });
    await act(el, 'sign_in', { email: user.email, password: user.password }, 'signed_in');
    await bed.postgres!.query(`INSERT INTO public.notes (user_id, body) VALUES ('${user.id}', 'note-of-${user.id.slice(0, 8)}')`);
    if (!mfa) return { el, user, uri: null };
    await act(el, 'enroll_factor', { factor_type: 'totp', friendly_name: 'App' }, 'factor_enrolled');
    const uri = String(el.states.totp_uri);
    await act(el, 'challenge_and_verify', { code: (OTPAuth.URI.parse(uri) as OTPAuth.TOTP).generate() }, 'challenge_verified');
    return { el, user, uri };
  }

  async function signInAgain(el: ElementInstance, user: CreatedUser): Promise<void> {
    await act(el, 'sign_out', {}, 'signed_out');
    await act(el, 'sign_in', { email: user.email, password: user.password }, 'signed_in');
    await el.waitForState('current_level', 'aal1');
  }

  test('the README has the three blocks: a table with its own-rows policy, aal2 for everyone, aal2 for users with a factor', () => {
    assert.match(table, /enable row level security/i);
    assert.match(everyone, /as restrictive/i);
    assert.match(setUpOnly, /as restrictive/i);
  });

  test('aal2 required: the rows show with the aal2 token, none with the aal1 token of the same user', async () => {
    await bed.postgres!.query(everyone);
    try {
      const a = await userPage(true);
      assert.equal(a.el.states.mfa_passed, true);
      const aal2 = String(a.el.states.access_token);
      assert.deepEqual(await rowsFor(aal2), [`note-of-${a.user.id.slice(0, 8)}`], 'own row only, at aal2');
      await signInAgain(a.el, a.user);
      const aal1 = String(a.el.states.access_token);
      assert.notEqual(aal1, aal2);
      assert.deepEqual(await rowsFor(aal1), [], 'nothing at aal1');
      const b = await userPage(false);
      assert.deepEqual(await rowsFor(String(b.el.states.access_token)), [], 'a user without MFA sees nothing either');
    } finally {
      await bed.postgres!.query('DROP POLICY IF EXISTS "Require MFA" ON public.notes;');
    }
  });

  test('aal2 only for users with a verified factor: theirs need aal2; users without a factor read at aal1', async () => {
    await bed.postgres!.query(setUpOnly);
    const a = await userPage(true);
    const own = `note-of-${a.user.id.slice(0, 8)}`;
    assert.deepEqual(await rowsFor(String(a.el.states.access_token)), [own], 'aal2: visible');
    await signInAgain(a.el, a.user);
    assert.deepEqual(await rowsFor(String(a.el.states.access_token)), [], 'a user with a factor at aal1: nothing');
    const b = await userPage(false);
    assert.equal(b.el.states.current_level, 'aal1');
    assert.deepEqual(await rowsFor(String(b.el.states.access_token)), [`note-of-${b.user.id.slice(0, 8)}`], 'no factor: aal1 is enough');
  });
});
