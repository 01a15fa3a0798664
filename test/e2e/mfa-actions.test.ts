/**
 * Every MFA action against the real Supabase Auth server (issue 3), through the plugin's own
 * action functions — not raw supabase-js. One fresh user per test, created with the admin API.
 * Skips with the exact reason when no server can be had (see dev/testbed/skip-reason.ts).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAuthClient, defaultStorageKey, type SupabaseAuth } from '../../shared/client.js';
import { createAdminClient } from '../../shared/admin-client.js';
import { enrollFactor } from '../../actions/enroll-factor.js';
import { createChallenge } from '../../actions/create-challenge.js';
import { verifyChallenge } from '../../actions/verify-challenge.js';
import { challengeAndVerify } from '../../actions/challenge-and-verify.js';
import { unenrollFactor } from '../../actions/unenroll-factor.js';
import { getAssuranceLevel } from '../../actions/get-assurance-level.js';
import { listFactors } from '../../actions/list-factors.js';
import { signIn } from '../../actions/sign-in.js';
import { revokeSession } from '../../actions/sign-out.js';
import { adminListFactors } from '../../actions/admin-list-factors.js';
import { adminDeleteFactor } from '../../actions/admin-delete-factor.js';
import type { Result } from '../../shared/result.js';
import { type CreatedUser, localOnlySkipReason, realServerSkipReason, startTestbed, type Testbed } from '../../dev/testbed/index.js';
import { assertCleanQrSvg, decodeQrImageState, decodeQrSvg, jsdomWindow } from '../helpers/qr.js';
import { totpCode } from '../../dev/fixtures/index.js';
import { untilTokenExpired } from '../helpers/time.js';

const skip = await realServerSkipReason();
/** Node has no page: DOMPurify checks the QR's SVG in a jsdom window instead. */
const qrWindow = jsdomWindow();
if (skip) console.log(`# skipping the real-server suite: ${skip}`);

function data<T>(r: Result<T>, what: string): T {
  if (r.error) assert.fail(`${what} failed: [${r.error.code}] ${r.error.message}`);
  return r.data;
}

function errorCode<T>(r: Result<T>): string {
  assert.ok(r.error, `expected an error, got ${JSON.stringify(r.data)}`);
  return r.error.code;
}

describe('real Supabase Auth server: MFA actions', { skip }, () => {
  let bed: Testbed;
  const clients: SupabaseAuth[] = [];

  before(async () => {
    bed = await startTestbed({ quiet: true });
  });
  after(async () => {
    for (const c of clients) await c.stopAutoRefresh();
    await bed?.stop();
  });

  function client(): SupabaseAuth {
    const c = createAuthClient({ url: bed.url, anonKey: bed.anonKey, storageKey: defaultStorageKey(bed.url) }, { autoRefreshToken: false });
    clients.push(c);
    return c;
  }

  async function signedIn(user?: CreatedUser): Promise<{ auth: SupabaseAuth; user: CreatedUser }> {
    const u = user ?? (await bed.createUser());
    const auth = client();
    data(await signIn(auth, { email: u.email, password: u.password }), 'sign in');
    return { auth, user: u };
  }

  async function enrolledAndVerified(auth: SupabaseAuth, name = 'Phone app') {
    const f = data(await enrollFactor(auth, { factorType: 'totp', friendlyName: name }, qrWindow), 'enroll');
    data(await challengeAndVerify(auth, { factorId: f.factorId, code: totpCode(f.totp!.uri) }), 'challenge and verify');
    return f;
  }

  test('sign in → enroll TOTP → the QR SVG and PNG decode to the URI → verify with an authenticator code → aal2', async () => {
    const { auth } = await signedIn();
    assert.deepEqual(
      { ...data(await getAssuranceLevel(auth), 'aal'), methods: undefined },
      { currentLevel: 'aal1', nextLevel: 'aal1', mfaRequired: false, methods: undefined },
    );
    const f = data(await enrollFactor(auth, { factorType: 'totp', friendlyName: 'Phone app', issuer: 'myapp.bubbleapps.io' }, qrWindow), 'enroll');
    assert.ok(f.totp);
    assertCleanQrSvg(f.totp.qrSvg, qrWindow);
    assert.ok(f.totp.qrSvg.length <= 12 * 1024, `${f.totp.qrSvg.length} characters`);
    assert.equal(decodeQrSvg(f.totp.qrSvg), f.totp.uri, 'the QR a user scans carries the TOTP URI');
    assert.match(f.totp.uri, /^otpauth:\/\/totp\/myapp\.bubbleapps\.io:/);
    assert.equal(decodeQrImageState(f.totp.qrImage).text, f.totp.uri, 'so does the PNG for an Image element');

    data(await challengeAndVerify(auth, { factorId: f.factorId, code: totpCode(f.totp.uri) }), 'verify');
    const aal = data(await getAssuranceLevel(auth), 'aal');
    assert.equal(aal.currentLevel, 'aal2');
    assert.equal(aal.nextLevel, 'aal2');
    assert.equal(aal.mfaRequired, false);
    assert.ok(aal.methods.includes('totp'));
  });

  test('sign out, sign in again → mfa required → create a challenge + verify → aal2', async () => {
    const { auth, user } = await signedIn();
    const f = await enrolledAndVerified(auth);
    // Sign out's server part: the session is revoked with the access token the page held.
    const held = (await auth.getSession()).data.session!;
    data(await revokeSession(auth, held.access_token, 'local'), 'sign out');
    const probe = createAuthClient({ url: bed.url, anonKey: bed.anonKey, storageKey: 'probe' }, { persistSession: false, autoRefreshToken: false });
    assert.ok((await probe.refreshSession({ refresh_token: held.refresh_token })).error, 'the session is revoked on the server');
    // And this client's copy goes (its own logout request then finds nothing to revoke).
    await auth.signOut({ scope: 'local' });
    assert.equal(data(await getAssuranceLevel(auth), 'aal').currentLevel, null);

    const again = await signedIn(user);
    const aal = data(await getAssuranceLevel(again.auth), 'aal');
    assert.deepEqual([aal.currentLevel, aal.nextLevel, aal.mfaRequired], ['aal1', 'aal2', true]);
    const ch = data(await createChallenge(again.auth, { factorId: f.factorId }), 'challenge');
    assert.ok(ch.expiresAt && ch.expiresAt.getTime() > Date.now());
    data(await verifyChallenge(again.auth, { factorId: f.factorId, challengeId: ch.challengeId, code: totpCode(f.totp!.uri, 1) }), 'verify');
    assert.equal(data(await getAssuranceLevel(again.auth), 'aal').currentLevel, 'aal2');
  });

  test('unenroll at aal2 → next level back to aal1 at once', async () => {
    const { auth } = await signedIn();
    const f = await enrolledAndVerified(auth);
    data(await unenrollFactor(auth, { factorId: f.factorId }), 'unenroll');
    const aal = data(await getAssuranceLevel(auth), 'aal');
    assert.equal(aal.nextLevel, 'aal1');
    assert.equal(aal.currentLevel, 'aal1');
    assert.deepEqual(data(await listFactors(auth), 'list'), []);
  });

  test('phone: enroll → challenge sends the SMS (read from the hook) → verify; WhatsApp goes to the Send-SMS hook too', {
    skip: localOnlySkipReason('no SMS hook on a remote project'),
  }, async () => {
    const { auth } = await signedIn();
    const phone = '+15555550123';
    const f = data(await enrollFactor(auth, { factorType: 'phone', phone: '+1 555 555 0123', friendlyName: 'Mobile' }, qrWindow), 'enroll phone');
    assert.equal(f.totp, null);
    const ch = data(await createChallenge(auth, { factorId: f.factorId, channel: 'sms' }), 'challenge');
    const code = await bed.smsCodes!.latest(phone);
    data(await verifyChallenge(auth, { factorId: f.factorId, challengeId: ch.challengeId, code }), 'verify phone');
    assert.equal(data(await getAssuranceLevel(auth), 'aal').currentLevel, 'aal2');

    // With a Send-SMS hook configured the server accepts any channel and hands the message to the
    // hook (the channel itself is not part of the hook's payload): the hook receives one MFA code
    // for this phone, and that code passes the WhatsApp challenge.
    const other = await signedIn();
    const phone2 = '+15555550124';
    const f2 = data(await enrollFactor(other.auth, { factorType: 'phone', phone: phone2 }, qrWindow), 'enroll phone 2');
    const before = bed.smsCodes!.messages(phone2).length;
    const wa = data(await createChallenge(other.auth, { factorId: f2.factorId, channel: 'whatsapp' }), 'whatsapp challenge');
    assert.equal(wa.factorType, 'phone');
    const waCode = await bed.smsCodes!.latest(phone2);
    const received = bed.smsCodes!.messages(phone2).slice(before);
    assert.equal(received.length, 1, 'one message reached the hook');
    assert.equal(received[0]?.smsType, 'mfa');
    assert.equal(received[0]?.userId, other.user.id);
    assert.match(waCode, /^\d{6}$/);
    data(await verifyChallenge(other.auth, { factorId: f2.factorId, challengeId: wa.challengeId, code: waCode }), 'verify the WhatsApp code');
    assert.equal(data(await getAssuranceLevel(other.auth), 'aal').currentLevel, 'aal2');
  });

  test("admin: list and delete a user's factor with the service role key", async () => {
    const { auth, user } = await signedIn();
    const f = await enrolledAndVerified(auth);
    const admin = data(createAdminClient({ url: bed.url, serviceRoleKey: bed.serviceRoleKey }), 'admin client');
    const listed = data(await adminListFactors(admin, { userId: user.id }), 'admin list');
    assert.deepEqual(
      listed.map((x) => [x.id, x.status, x.type]),
      [[f.factorId, 'verified', 'totp']],
    );
    assert.equal(data(await adminDeleteFactor(admin, { userId: user.id, factorId: f.factorId }), 'admin delete').factorId, f.factorId);
    assert.deepEqual(data(await adminListFactors(admin, { userId: user.id }), 'admin list'), []);
    const anonAdmin = data(createAdminClient({ url: bed.url, serviceRoleKey: bed.anonKey }), 'admin client');
    assert.notEqual(errorCode(await adminListFactors(anonAdmin, { userId: user.id })), 'unexpected_error');
  });

  describe('error matrix: each failure is a Result error with a code and a sentence, never a throw', () => {
    test('wrong code', async () => {
      const { auth } = await signedIn();
      const f = data(await enrollFactor(auth, { factorType: 'totp' }, qrWindow), 'enroll');
      const right = totpCode(f.totp!.uri);
      const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
      assert.equal(errorCode(await challengeAndVerify(auth, { factorId: f.factorId, code: wrong })), 'mfa_verification_failed');
    });

    test('reused challenge', async () => {
      const { auth } = await signedIn();
      const f = data(await enrollFactor(auth, { factorType: 'totp' }, qrWindow), 'enroll');
      const ch = data(await createChallenge(auth, { factorId: f.factorId }), 'challenge');
      data(await verifyChallenge(auth, { factorId: f.factorId, challengeId: ch.challengeId, code: totpCode(f.totp!.uri) }), 'verify');
      const again = await verifyChallenge(auth, { factorId: f.factorId, challengeId: ch.challengeId, code: totpCode(f.totp!.uri, 1) });
      assert.ok(['mfa_factor_not_found', 'mfa_ip_address_mismatch', 'mfa_challenge_expired'].includes(errorCode(again)), String(again.error?.code));
    });

    test('unknown factor id', async () => {
      const { auth } = await signedIn();
      assert.equal(errorCode(await createChallenge(auth, { factorId: '00000000-0000-4000-8000-000000000000' })), 'mfa_factor_not_found');
    });

    test('enroll at aal1 when a verified factor exists → insufficient_aal', async () => {
      const { auth, user } = await signedIn();
      await enrolledAndVerified(auth);
      const aal1 = await signedIn(user);
      assert.equal(errorCode(await enrollFactor(aal1.auth, { factorType: 'totp', friendlyName: 'Second' }, qrWindow)), 'insufficient_aal');
    });

    test('unenroll a verified factor at aal1 → insufficient_aal', async () => {
      const { auth, user } = await signedIn();
      const f = await enrolledAndVerified(auth);
      const aal1 = await signedIn(user);
      assert.equal(errorCode(await unenrollFactor(aal1.auth, { factorId: f.factorId })), 'insufficient_aal');
    });

    test('duplicate friendly name: an error with "replace unverified" off, a clean re-enroll with it on', async () => {
      const { auth } = await signedIn();
      const first = data(await enrollFactor(auth, { factorType: 'totp', friendlyName: 'Laptop' }, qrWindow), 'enroll');
      assert.equal(
        errorCode(await enrollFactor(auth, { factorType: 'totp', friendlyName: 'Laptop', replaceUnverified: false }, qrWindow)),
        'mfa_factor_name_conflict',
      );
      const second = data(await enrollFactor(auth, { factorType: 'totp', friendlyName: 'Laptop' }, qrWindow), 're-enroll');
      assert.deepEqual(second.removedFactorIds, [first.factorId]);
      assert.deepEqual(
        data(await listFactors(auth), 'list').map((x) => x.id),
        [second.factorId],
      );
    });

    test('an 11th factor → too_many_enrolled_mfa_factors (with replace off), replaced when on', async () => {
      const { auth } = await signedIn();
      for (let i = 0; i < 10; i++) data(await enrollFactor(auth, { factorType: 'totp', friendlyName: `f${i}` }, qrWindow), `enroll ${i}`);
      assert.equal(
        errorCode(await enrollFactor(auth, { factorType: 'totp', friendlyName: 'f10', replaceUnverified: false }, qrWindow)),
        'too_many_enrolled_mfa_factors',
      );
      const ok11 = data(await enrollFactor(auth, { factorType: 'totp', friendlyName: 'f10' }, qrWindow), 'enroll with replace');
      assert.equal(ok11.removedFactorIds.length, 10);
    });

    test('phone challenge twice within a minute → over_sms_send_rate_limit', {
      skip: localOnlySkipReason('needs the local SMS hook'),
    }, async () => {
      const { auth } = await signedIn();
      const f = data(await enrollFactor(auth, { factorType: 'phone', phone: '+15555550199' }, qrWindow), 'enroll');
      data(await createChallenge(auth, { factorId: f.factorId }), 'first challenge');
      assert.equal(errorCode(await createChallenge(auth, { factorId: f.factorId })), 'over_sms_send_rate_limit');
    });

    test('server stopped → network_error; the next action works once it is back', {
      skip: localOnlySkipReason('cannot stop a remote project'),
    }, async () => {
      const { auth } = await signedIn();
      await bed.stopAuth();
      try {
        assert.equal(errorCode(await listFactors(auth)), 'network_error');
      } finally {
        await bed.startAuth();
      }
      assert.deepEqual(data(await listFactors(auth), 'list after restart'), []);
    });
  });

  test('a short JWT lifetime: aal2 survives the token refresh', async () => {
    const short = await startTestbed({ quiet: true, jwtExpSeconds: 5, forceLocal: true });
    try {
      const u = await short.createUser();
      const auth = createAuthClient({ url: short.url, anonKey: short.anonKey, storageKey: 'sb-short-auth-token' }, { autoRefreshToken: false });
      clients.push(auth);
      data(await signIn(auth, { email: u.email, password: u.password }), 'sign in');
      const f = data(await enrollFactor(auth, { factorType: 'totp' }, qrWindow), 'enroll');
      const verified = data(await challengeAndVerify(auth, { factorId: f.factorId, code: totpCode(f.totp!.uri) }), 'verify');
      await untilTokenExpired(verified.session.access_token);
      const aal = data(await getAssuranceLevel(auth), 'aal after expiry'); // getSession refreshes the expired token
      assert.deepEqual([aal.currentLevel, aal.nextLevel, aal.mfaRequired], ['aal2', 'aal2', false]);
    } finally {
      await short.stop();
    }
  });
});
