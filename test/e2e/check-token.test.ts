/**
 * "Check an access token" (server-side) against the REAL Supabase Auth server: the built box run
 * as Bubble runs it, in a bare node:vm with only CHECK_BOX_GLOBALS, its fetch recorded
 * (test/helpers/check-token.ts). Tokens come from the plugin's own actions (sign in, TOTP,
 * phone; the security key case is in test/browser/webauthn.test.ts, which needs Chromium).
 * Skips with the exact reason when no server can be had (dev/testbed/skip-reason.ts).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KeyValues } from '../../dev/bubble-harness/index.js';
import { CHECK_BOX_GLOBALS, runCheck, type Checked } from '../helpers/check-token.js';
import { jsdomWindow } from '../helpers/qr.js';
import { untilTokenExpired } from '../helpers/time.js';
import {
  type CreatedUser,
  decodeJwtPayload,
  freePort,
  generateJwtSecret,
  localOnlySkipReason,
  realServerSkipReason,
  signHs256,
  startTestbed,
  type Testbed,
} from '../../dev/testbed/index.js';
import { totpCode } from '../../dev/fixtures/index.js';
import { createAuthClient, type SupabaseAuth } from '../../shared/client.js';
import { signIn } from '../../actions/sign-in.js';
import { enrollFactor } from '../../actions/enroll-factor.js';
import { challengeAndVerify } from '../../actions/challenge-and-verify.js';
import { createChallenge } from '../../actions/create-challenge.js';
import { verifyChallenge } from '../../actions/verify-challenge.js';
import { revokeSession } from '../../actions/sign-out.js';
import type { Result } from '../../shared/result.js';

const skip = await realServerSkipReason();
const LOCAL_ONLY = localOnlySkipReason('needs the local test bed (SMS hook, a second project with short-lived tokens)');

function data<T>(r: Result<T>, what: string): T {
  if (r.error) assert.fail(`${what} failed: [${r.error.code}] ${r.error.message}`);
  return r.data;
}

/** A refusal: nothing but why, and the token nowhere in it. */
function assertRefused({ out }: Checked, code: string, token?: string): void {
  assert.equal(out.is_valid, false);
  assert.equal(out.error_code, code, String(out.error_message));
  assert.ok(out.error_message, 'a message to show');
  assert.deepEqual([out.user_id, out.email, out.aal, out.aal2_met, out.methods, out.session_id, out.expires_at], [null, null, null, false, [], null, null]);
  if (token) assert.ok(!JSON.stringify(out).includes(token.slice(0, 40)), 'the token is not echoed');
}

describe('real Supabase Auth server: Check an access token (server-side action)', { skip }, () => {
  let bed: Testbed;
  const clients: SupabaseAuth[] = [];
  const keysOf = (b: Testbed, anon = b.anonKey) => ({ 'Supabase URL': b.url, 'Supabase anon key': anon });
  const check = (token: unknown, props: Record<string, unknown> = {}, keys: KeyValues = keysOf(bed)) => runCheck(keys, { access_token: token, ...props });

  before(async () => {
    // Phone codes may be requested again after 1 s (Supabase's default is 60 s).
    bed = await startTestbed({ quiet: true, authEnv: { GOTRUE_MFA_PHONE_MAX_FREQUENCY: '1s' } });
  });
  after(async () => {
    for (const c of clients) await c.stopAutoRefresh();
    await bed?.stop();
  });

  async function signedIn(b: Testbed = bed, user?: CreatedUser): Promise<{ auth: SupabaseAuth; user: CreatedUser; token: () => Promise<string> }> {
    const u = user ?? (await b.createUser());
    const auth = createAuthClient({ url: b.url, anonKey: b.anonKey, storageKey: `check-${clients.length}` }, { autoRefreshToken: false });
    clients.push(auth);
    data(await signIn(auth, { email: u.email, password: u.password }), 'sign in');
    const token = async () => (await auth.getSession()).data.session!.access_token;
    return { auth, user: u, token };
  }

  /** The admin API (service role key), as the project's own back end would call it. */
  async function admin(method: 'PUT' | 'DELETE', userId: string, body?: unknown): Promise<void> {
    const res = await fetch(`${bed.authUrl}/admin/users/${userId}`, {
      method,
      headers: { apikey: bed.serviceRoleKey, authorization: `Bearer ${bed.serviceRoleKey}`, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    assert.equal(res.status, 200, `${method} user: ${await res.text()}`);
  }

  test('aal1 token (password) → valid, aal2 not met; with Require aal2 (the default) → refused with insufficient_aal', async () => {
    const { user, token } = await signedIn();
    const jwt = await token();
    const claims = decodeJwtPayload(jwt);
    const open = await check(jwt, { require_aal2: false });
    assert.deepEqual(open.out, {
      is_valid: true,
      user_id: user.id,
      email: user.email,
      aal: 'aal1',
      aal2_met: false,
      methods: ['password'],
      session_id: claims.session_id,
      expires_at: new Date((claims.exp as number) * 1000),
      error_code: null,
      error_message: null,
    });
    // The auth server was asked, once: the public key as apikey, the user's token as the bearer.
    assert.equal(open.sent.length, 1);
    assert.equal(open.sent[0]!.method, 'GET');
    assert.equal(open.sent[0]!.url, `${bed.authUrl}/user`);
    assert.equal(open.sent[0]!.headers.apikey, bed.anonKey);
    assert.equal(open.sent[0]!.headers.authorization, `Bearer ${jwt}`);

    const strict = await check(jwt); // the checkbox's default: yes
    assertRefused(strict, 'insufficient_aal', jwt);
    assert.equal(strict.sent.length, 1, 'refused after the server accepted the token, not before');
  });

  test('aal2 via TOTP → met, methods totp + password; the same session’s earlier aal1 token stays aal1', async () => {
    const { auth, token } = await signedIn();
    const before = await token();
    const f = data(await enrollFactor(auth, { factorType: 'totp', friendlyName: 'App' }, jsdomWindow()), 'enroll');
    data(await challengeAndVerify(auth, { factorId: f.factorId, code: totpCode(f.totp!.uri) }), 'verify');
    const jwt = await token();
    const { out } = await check(jwt);
    assert.equal(out.is_valid, true, String(out.error_message));
    assert.equal(out.aal, 'aal2');
    assert.equal(out.aal2_met, true);
    // The server lists methods newest first, to the second: a sign-in and a verify within one second tie.
    assert.deepEqual([...(out.methods as string[])].sort(), ['password', 'totp']);
    assert.equal(out.session_id, decodeJwtPayload(jwt).session_id);
    assertRefused(await check(before), 'insufficient_aal', before);
  });

  test('aal2 via phone (SMS code from the Send-SMS hook) → met, methods mfa/phone + password', { skip: LOCAL_ONLY }, async () => {
    const { auth, token } = await signedIn();
    const phone = '+15555550177';
    const f = data(await enrollFactor(auth, { factorType: 'phone', phone }), 'enroll phone');
    const ch = data(await createChallenge(auth, { factorId: f.factorId }), 'challenge');
    const code = await bed.smsCodes!.latest(phone);
    data(await verifyChallenge(auth, { factorId: f.factorId, challengeId: ch.challengeId, code }), 'verify phone');
    const { out } = await check(await token());
    assert.equal(out.is_valid, true, String(out.error_message));
    assert.equal(out.aal2_met, true);
    assert.deepEqual([...(out.methods as string[])].sort(), ['mfa/phone', 'password']);
  });

  test('after Sign out (the session revoked on the server) → session_not_found', async () => {
    const { auth, token } = await signedIn();
    const jwt = await token();
    assert.equal((await check(jwt, { require_aal2: false })).out.is_valid, true);
    data(await revokeSession(auth, jwt, 'local'), 'sign out');
    assertRefused(await check(jwt, { require_aal2: false }), 'session_not_found', jwt);
  });

  test('a banned user → user_banned; lifting the ban → valid again (the server’s answer decides, not the token)', async () => {
    const { user, token } = await signedIn();
    const jwt = await token();
    await admin('PUT', user.id, { ban_duration: '24h' });
    assertRefused(await check(jwt, { require_aal2: false }), 'user_banned', jwt);
    await admin('PUT', user.id, { ban_duration: 'none' });
    assert.equal((await check(jwt, { require_aal2: false })).out.is_valid, true);
  });

  test('a deleted user → refused (user_not_found)', async () => {
    const { user, token } = await signedIn();
    const jwt = await token();
    await admin('DELETE', user.id);
    assertRefused(await check(jwt, { require_aal2: false }), 'user_not_found', jwt);
  });

  test('forged: alg none (refused with no request), signed with another secret, claims edited to aal2 → bad_jwt', async () => {
    const { token } = await signedIn();
    const jwt = await token();
    const [, payload, signature] = jwt.split('.');
    const claims = decodeJwtPayload(jwt);
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`;
    const unsigned = await check(none, { require_aal2: false });
    assertRefused(unsigned, 'bad_jwt', none);
    assert.equal(unsigned.sent.length, 0, 'alg none: no request');
    const noneUpper = `${b64({ alg: 'NONE', typ: 'JWT' })}.${payload}.${signature}`;
    assert.equal((await check(noneUpper, { require_aal2: false })).sent.length, 0);

    const otherSecret = signHs256(claims, generateJwtSecret());
    const resigned = await check(otherSecret, { require_aal2: false });
    assertRefused(resigned, 'bad_jwt', otherSecret);
    assert.equal(resigned.sent.length, 1, 'the server refused it');

    const promoted = `${jwt.split('.')[0]}.${b64({ ...claims, aal: 'aal2', amr: [{ method: 'totp', timestamp: 1 }] })}.${signature}`;
    assertRefused(await check(promoted), 'bad_jwt', promoted);
  });

  test('garbage and markup → invalid_input, nothing echoed, and no request at all', async () => {
    const header = Buffer.from('{"alg":"HS256"}').toString('base64url');
    const inputs: unknown[] = [
      null,
      '',
      '   ',
      'not a token',
      '<script>alert(1)</script>',
      `<img src=x onerror=alert(1)>.${header}.sig`,
      `${header}.<svg/onload=alert(1)>.sig`,
      'a.b',
      'a.b.c.d',
      `${header}.${'A'.repeat(16 * 1024)}.sig`,
      `Bearer ${header}.e30.sig`,
      '{"sub":"x"}',
    ];
    for (const input of inputs) {
      const refused = await check(input, { require_aal2: false });
      assertRefused(refused, 'invalid_input');
      assert.equal(refused.sent.length, 0, `no request for ${JSON.stringify(input)?.slice(0, 40)}`);
      assert.doesNotMatch(String(refused.out.error_message), /[<>]|alert|AAAAAAAAAA|sub/, 'input not echoed');
    }
  });

  test('API keys passed as the token (service role, anon, sb_secret_…, sb_publishable_…) → invalid_input naming the mistake, no request', async () => {
    for (const [label, key, says] of [
      ['the service role key', bed.serviceRoleKey, /service role key, not a user's access token/],
      ['the anon key', bed.anonKey, /anon key, not a user's access token/],
      ['a new-style secret key', 'sb_secret_AbCdEf0123456789_xyzXYZ', /API key, not a user's access token/],
      ['a new-style publishable key', 'sb_publishable_AbCdEf0123456789_xyz', /API key, not a user's access token/],
    ] as const) {
      const refused = await check(key, { require_aal2: false });
      assertRefused(refused, 'invalid_input', key);
      assert.match(String(refused.out.error_message), says, label);
      assert.equal(refused.sent.length, 0, `${label}: no request`);
    }
  });

  test('the plugin settings: a missing URL or key → missing_keys; another project’s anon key → setup_problem; the service role key as the anon key → refused', async () => {
    const { token } = await signedIn();
    const jwt = await token();
    assertRefused(await runCheck({ 'Supabase anon key': bed.anonKey }, { access_token: jwt }), 'missing_keys');
    assertRefused(await runCheck({ 'Supabase URL': bed.url }, { access_token: jwt }), 'missing_keys');
    const foreignAnon = signHs256({ iss: 'supabase', role: 'anon', iat: 1, exp: 4_000_000_000 }, generateJwtSecret());
    const foreign = await check(jwt, {}, keysOf(bed, foreignAnon));
    assertRefused(foreign, 'setup_problem', jwt);
    assert.match(String(foreign.out.error_message), /anon \(publishable\) key/);
    const secret = await check(jwt, {}, keysOf(bed, bed.serviceRoleKey));
    assertRefused(secret, 'invalid_input');
    assert.equal(secret.sent.length, 0, 'the service role key is not sent as a public key');
  });

  test('a new-style publishable key goes in apikey only; the bearer is always the user’s token', async () => {
    const { token } = await signedIn();
    const jwt = await token();
    const publishable = 'sb_publishable_AbCdEf0123456789_xyz';
    const { out, sent } = await check(jwt, { require_aal2: false }, keysOf(bed, publishable));
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.headers.apikey, publishable);
    assert.equal(sent[0]!.headers.authorization, `Bearer ${jwt}`);
    // A key that is not this project's: the gateway refuses it like a project refuses a foreign key.
    assertRefused({ out, sent }, 'setup_problem', jwt);
  });

  describe('a project with new API keys (its gateway turns sb_ keys into role JWTs, as the Supabase CLI does)', { skip: LOCAL_ONLY }, () => {
    let modern: Testbed;
    before(async () => {
      modern = await startTestbed({ quiet: true, keys: 'new' });
    });
    after(async () => {
      await modern?.stop();
    });

    test('its sb_publishable_ key: the check passes, with the key in apikey only and the user’s token as the bearer', async () => {
      assert.match(modern.anonKey, /^sb_publishable_/);
      const { user, token } = await signedIn(modern);
      const jwt = await token();
      const { out, sent } = await check(jwt, { require_aal2: false }, keysOf(modern));
      assert.equal(out.is_valid, true, String(out.error_message));
      assert.equal(out.user_id, user.id);
      assert.equal(sent.length, 1);
      assert.equal(sent[0]!.headers.apikey, modern.anonKey);
      assert.equal(sent[0]!.headers.authorization, `Bearer ${jwt}`);
    });
  });

  test('unreachable server → network_error, returned (not thrown)', async () => {
    const { token } = await signedIn();
    const refused = await runCheck(
      { 'Supabase URL': `http://127.0.0.1:${await freePort()}`, 'Supabase anon key': bed.anonKey },
      { access_token: await token() },
    );
    assertRefused(refused, 'network_error');
  });

  describe('a second project: self-hosted style (no iss in its tokens), 2-second tokens', { skip: LOCAL_ONLY }, () => {
    let other: Testbed;
    before(async () => {
      other = await startTestbed({ quiet: true, jwtExpSeconds: 2, authEnv: { GOTRUE_JWT_ISSUER: '' } });
    });
    after(async () => {
      await other?.stop();
    });

    test('its token: valid there without iss; another project’s token here → bad_jwt; once expired → session_expired', async () => {
      const { token } = await signedIn(other);
      const jwt = await token();
      const claims = decodeJwtPayload(jwt);
      assert.equal(claims.iss, undefined, 'the server issued a token without iss');
      const there = await check(jwt, { require_aal2: false }, keysOf(other));
      assert.equal(there.out.is_valid, true, String(there.out.error_message));
      assertRefused(await check(jwt, { require_aal2: false }), 'bad_jwt', jwt);
      await untilTokenExpired(jwt);
      const expired = await check(jwt, { require_aal2: false }, keysOf(other));
      assertRefused(expired, 'session_expired', jwt);
      assert.equal(expired.sent.length, 1, 'the server refused it (an expired token is not refused on the clock alone)');
    });
  });

  test(`the box needs exactly ${Object.keys(CHECK_BOX_GLOBALS).join(' + ')} (all on Bubble's Node 18 and 22): without any of them it breaks`, async () => {
    const { token } = await signedIn();
    const jwt = await token();
    const results = async (globals: Record<string, unknown>) =>
      JSON.stringify([
        (await runCheck(keysOf(bed), { access_token: jwt, require_aal2: false }, globals).catch((e: Error) => e.message)) as unknown,
        (await runCheck(keysOf(bed), { access_token: bed.serviceRoleKey }, globals).catch((e: Error) => e.message)) as unknown,
      ]);
    const minimal = await results(CHECK_BOX_GLOBALS);
    assert.match(minimal, /"is_valid":true/);
    for (const name of Object.keys(CHECK_BOX_GLOBALS)) {
      const without: Record<string, unknown> = { ...CHECK_BOX_GLOBALS };
      delete without[name];
      assert.notEqual(await results(without), minimal, `${name} is needed`);
    }
  });
});
