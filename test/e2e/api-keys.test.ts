/**
 * New-style API keys (`sb_publishable_…` / `sb_secret_…`) on the real Supabase Auth server, through
 * the test bed's gateway in its two sb_ modes:
 * - a gateway that knows them (the Supabase CLI's rules: the key in `apikey` becomes the role JWT
 *   upstream): the page and the admin actions work, and every request they send carries the key
 *   in `apikey` only — Authorization is either absent or a user's access token (a JWT);
 * - an old gateway that knows only the legacy JWT keys (401, no error code): the page and the
 *   admin actions report a setup problem that says the gateway does not accept this key type.
 * Legacy keys still travel as before (apikey and Bearer); one the gateway refuses (another
 * project's, or cut short) is a setup problem that says so.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanHarnessPerTest } from '../../dev/bubble-harness/index.js';
import {
  decodeJwtPayload,
  generateJwtSecret,
  localServerSkipReason,
  mintApiKeys,
  type ObservedRequest,
  startTestbed,
  type Testbed,
} from '../../dev/testbed/index.js';
import { expectElementAction, runElementAction } from '../../dev/mfa-harness/index.js';
import { totpCode } from '../../dev/fixtures/index.js';

const skip = await localServerSkipReason('needs the local test bed (its gateway plays the key modes)');
const harness = cleanHarnessPerTest();
const LIST = 'Supabase MFA - List factors for a user (admin)';

/** The Authorization header of a request, or undefined. */
const authorizationOf = (r: ObservedRequest) => (Array.isArray(r.headers.authorization) ? r.headers.authorization[0] : r.headers.authorization);

function keysOf(bed: Testbed) {
  return { 'Supabase URL': bed.url, 'Supabase anon key': bed.anonKey, 'Supabase service role key': bed.serviceRoleKey };
}

describe('new API keys through a gateway that knows them (the Supabase CLI gateway rules)', { skip }, () => {
  let bed: Testbed;
  const seen: ObservedRequest[] = [];
  before(async () => {
    bed = await startTestbed({ quiet: true, keys: 'new' });
    bed.gateway!.observe((r) => seen.push(r));
  });
  after(async () => {
    await bed?.stop();
  });

  test('the page signs in, enrolls and verifies with the publishable key in apikey only; Bearer is only ever the access token', async () => {
    assert.match(bed.anonKey, /^sb_publishable_/);
    const user = await bed.createUser();
    const from = seen.length;
    const h = harness({ keys: keysOf(bed) });
    const el = h.harness.place('Supabase MFA');
    await expectElementAction(el, 'sign_in', { email: user.email, password: user.password }, 'signed_in');
    const enrolled = await expectElementAction(el, 'enroll_factor', { factor_type: 'totp', friendly_name: 'App' }, 'factor_enrolled');
    await expectElementAction(el, 'challenge_and_verify', { code: totpCode(String(enrolled.states.totp_uri)) }, 'challenge_verified');
    assert.equal(el.states.current_level, 'aal2');

    const sent = seen.slice(from);
    assert.ok(sent.some((r) => r.path.startsWith('/token')) && sent.some((r) => r.path.startsWith('/factors')), sent.map((r) => r.path).join(' '));
    for (const r of sent) {
      assert.equal(r.headers.apikey, bed.anonKey, `${r.method} ${r.path}: the key in apikey`);
      const auth = authorizationOf(r);
      if (auth === undefined) continue;
      assert.doesNotMatch(auth, /sb_/, `${r.method} ${r.path}: no sb_ key in Authorization`);
      assert.equal(decodeJwtPayload(auth.replace(/^Bearer /, '')).sub, user.id, `${r.method} ${r.path}: Bearer is the user's access token`);
    }
    assert.equal(authorizationOf(sent.find((r) => r.path.startsWith('/token'))!), undefined, 'sign-in sends no Authorization');
  });

  test('the admin action lists a user’s factors with the secret key in apikey only', async () => {
    const user = await bed.createUser();
    const from = seen.length;
    const h = harness({ keys: keysOf(bed) });
    const out = await h.harness.runServerAction(LIST, { user_id: user.id });
    assert.equal(out?.error_code, null, String(out?.error_message));
    const admin = seen.slice(from).filter((r) => r.path.startsWith('/admin/'));
    assert.equal(admin.length, 1);
    assert.equal(admin[0]!.headers.apikey, bed.serviceRoleKey);
    assert.equal(authorizationOf(admin[0]!), undefined, 'the gateway, not the plugin, puts the service_role JWT in front of the server');
  });
});

describe('new API keys before an old gateway (JWT keys only: 401 with no error code)', { skip }, () => {
  let bed: Testbed;
  before(async () => {
    bed = await startTestbed({ quiet: true, keys: 'old-gateway' });
  });
  after(async () => {
    await bed?.stop();
  });

  test('Sign in ends in a setup problem that says the gateway does not accept this key type', async () => {
    const user = await bed.createUser();
    const h = harness({ keys: keysOf(bed) });
    const el = h.harness.place('Supabase MFA');
    const ev = await runElementAction(el, 'sign_in', { email: user.email, password: user.password }, 'signed_in');
    assert.equal(ev.event, 'error');
    assert.equal(el.states.error_code, 'setup_problem');
    assert.match(String(el.states.setup_problem), /gateway .*does not accept this key type/);
    assert.doesNotMatch(String(el.states.error_message), /Something went wrong/);
    assert.equal(el.states.is_signed_in, false);
  });

  test('the admin action returns the same setup problem, in words for the builder', async () => {
    const user = await bed.createUser();
    const h = harness({ keys: keysOf(bed) });
    const out = await h.harness.runServerAction(LIST, { user_id: user.id });
    assert.equal(out?.error_code, 'setup_problem');
    assert.match(String(out?.error_message), /does not accept this key type/);
    assert.doesNotMatch(String(out?.error_message), new RegExp(bed.serviceRoleKey));
  });
});

describe('legacy keys travel as before', { skip }, () => {
  let bed: Testbed;
  const seen: ObservedRequest[] = [];
  before(async () => {
    bed = await startTestbed({ quiet: true, keys: 'legacy' });
    bed.gateway!.observe((r) => seen.push(r));
  });
  after(async () => {
    await bed?.stop();
  });

  test('sign-in and the admin action send the JWT key in apikey and as the Bearer token', async () => {
    const user = await bed.createUser();
    const h = harness({ keys: keysOf(bed) });
    const el = h.harness.place('Supabase MFA');
    await expectElementAction(el, 'sign_in', { email: user.email, password: user.password }, 'signed_in');
    assert.equal(authorizationOf(seen.find((r) => r.path.startsWith('/token'))!), `Bearer ${bed.anonKey}`);
    const out = await h.harness.runServerAction(LIST, { user_id: user.id });
    assert.equal(out?.error_code, null);
    assert.equal(authorizationOf(seen.find((r) => r.path.startsWith('/admin/'))!), `Bearer ${bed.serviceRoleKey}`);
  });

  test('another project’s anon key, or one not copied whole: the gateway refuses it, and Sign in says so as a setup problem', async () => {
    const user = await bed.createUser();
    for (const [label, key] of [
      ['another project’s anon key', mintApiKeys(generateJwtSecret()).anonKey],
      ['a key cut short', bed.anonKey.slice(0, -10)],
    ] as const) {
      const h = harness({ keys: { ...keysOf(bed), 'Supabase anon key': key } });
      const el = h.harness.place('Supabase MFA');
      const ev = await runElementAction(el, 'sign_in', { email: user.email, password: user.password }, 'signed_in');
      assert.equal(ev.event, 'error', label);
      assert.equal(el.states.error_code, 'setup_problem', label);
      assert.match(String(el.states.setup_problem), /refused the anon key .*Copy the anon \(publishable\) key again/, label);
      assert.doesNotMatch(String(el.states.error_message), /Something went wrong/, label);
      assert.ok(!String(el.states.setup_problem).includes(key) && !el.debug.some((d) => d.includes(key)), `${label}: the key is not echoed`);
      assert.equal(el.states.is_signed_in, false);
    }
  });
});
