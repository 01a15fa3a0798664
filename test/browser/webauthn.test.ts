/**
 * Security keys, Touch ID / Windows Hello and passkeys against the REAL Supabase Auth server, in
 * Chromium, through the built plugin on the harness page. The authenticator is Chromium's own
 * virtual authenticator (CDP WebAuthn domain): one browser context and one authenticator per
 * user, like one person with one key or one laptop.
 *
 * WebAuthn needs the local test bed: the page is served at http://localhost:<gateway port>, the
 * one origin the auth server was started with (browsers refuse WebAuthn on 127.0.0.1). Skipped
 * with the reason printed when Chromium or the auth server is missing, or SUPABASE_URL points at
 * a remote project (its WebAuthn settings cannot name this page's origin).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as OTPAuth from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { type CreatedUser, localServerSkipReason, startTestbed, type Testbed } from '../../dev/testbed/index.js';
import { harnessRoute, type HarnessServer, pageQuery, ROOT, startHarnessServer } from '../../dev/bubble-harness/index.js';
import { expectOutcome, MFA_PAGE, startMfaAction, waitMfaAction } from '../../dev/mfa-harness/index.js';
import {
  addVirtualAuthenticator,
  chromiumMissing,
  launchChromium,
  openWatched,
  screenshotDir,
  type VirtualAuthenticator,
  type Watched,
} from '../../dev/browser/index.js';
import { assertPageClean } from '../helpers/browser.js';
import { runCheck } from '../helpers/check-token.js';

const skip = chromiumMissing() || (await localServerSkipReason('WebAuthn runs against the local test bed only (SUPABASE_URL is set)'));
if (skip) console.log(`webauthn skipped: ${skip}`);

const SCREENSHOTS = screenshotDir(ROOT);
let testbed: Testbed;
let browser: Browser;
let otherOrigin: HarnessServer | undefined;

before(async () => {
  if (skip) return;
  testbed = await startTestbed({ quiet: true });
  testbed.gateway!.route('/harness', await harnessRoute(MFA_PAGE));
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await otherOrigin?.close();
  await testbed?.stop();
});

interface Step {
  ev: { event: string; states: Record<string, unknown> };
  states: Record<string, unknown>;
}

interface UserPage {
  w: Watched;
  page: Page;
  mfa: string;
  key: VirtualAuthenticator | null;
  run(action: string, props: Record<string, unknown>, until: string, timeoutMs?: number): Promise<Step>;
  /** run, for a step that must end in `success` (anything else throws with the error states). */
  expect(action: string, props: Record<string, unknown>, success: string, timeoutMs?: number): Promise<Step>;
  /** Starts an action without waiting for it. */
  start(action: string, props?: Record<string, unknown>): Promise<number>;
  wait(until: string, after: number, timeoutMs?: number): Promise<Step>;
  states(): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** One person: a browser context with its own authenticator and the harness page on `base`. */
async function openUser(opts: { transport?: 'usb' | 'internal' | null; base?: string; noWebAuthn?: boolean; bed?: Testbed } = {}): Promise<UserPage> {
  const bed = opts.bed ?? testbed;
  const base = opts.base ?? `${bed.localUrl}/harness/`;
  const keys = { 'Supabase URL': bed.localUrl!, 'Supabase anon key': bed.anonKey };
  let key: VirtualAuthenticator | null = null;
  const w = await openWatched(browser, `${base}${pageQuery({ elements: ['supabase_mfa'], keys })}`, {
    allowed: (r) => new URL(r.url()).pathname.startsWith('/auth/v1/'),
    beforeLoad: async (page) => {
      if (opts.noWebAuthn) await page.addInitScript(() => Reflect.deleteProperty(window, 'PublicKeyCredential'));
      if (opts.transport !== null) key = await addVirtualAuthenticator(page, opts.transport ?? 'usb');
    },
  });
  const page = w.page;
  const mfa = await page.evaluate(() => window.bubbleHarness.place('supabase_mfa'));
  const wait = (until: string, after: number, timeoutMs?: number) => waitMfaAction(page, mfa, until, after, timeoutMs);
  const start = (action: string, props: Record<string, unknown> = {}) => startMfaAction(page, mfa, action, props);
  const run = async (action: string, props: Record<string, unknown>, until: string, timeoutMs?: number) => wait(until, await start(action, props), timeoutMs);
  return {
    w,
    page,
    mfa,
    key,
    start,
    wait,
    run,
    expect: async (action, props, success, timeoutMs) => expectOutcome(await run(action, props, success, timeoutMs), action, success),
    states: () => page.evaluate((mfa) => window.bubbleHarness.states(mfa), mfa),
    close: () => page.context().close(),
  };
}

async function signIn(u: UserPage, user: CreatedUser): Promise<Step> {
  const s = await u.expect('sign_in', { email: user.email, password: user.password }, 'signed_in');
  return s;
}

async function signOut(u: UserPage): Promise<void> {
  await u.expect('sign_out', {}, 'signed_out');
}

/** The user's factors as the server has them (admin API), not as the page believes. */
async function serverFactors(userId: string): Promise<Array<{ factor_type: string; status: string; friendly_name?: string }>> {
  const res = await fetch(`${testbed.authUrl}/admin/users/${userId}/factors`, {
    headers: { apikey: testbed.serviceRoleKey, authorization: `Bearer ${testbed.serviceRoleKey}` },
  });
  assert.equal(res.status, 200);
  return (await res.json()) as Array<{ factor_type: string; status: string; friendly_name?: string }>;
}

/** u.page is u.w.page: the harness page of this person. */
const assertClean = (u: UserPage): Promise<void> => assertPageClean(u.w);

describe('WebAuthn against the real auth server', { skip }, () => {
  test('security key: enroll → aal2; sign in again → step-up with the key → aal2', async () => {
    const user = await testbed.createUser();
    const u = await openUser({ transport: 'usb' });
    try {
      const first = await u.states();
      assert.equal(first.webauthn_supported, true);
      assert.equal(first.has_security_key, false);
      await signIn(u, user);

      const enrolled = await u.expect('enroll_security_key', { authenticator: 'security_key', friendly_name: 'YubiKey' }, 'challenge_verified');
      const s = enrolled.states;
      assert.equal(enrolled.ev.states.current_level, 'aal2', 'aal2 is in the states before the event');
      assert.deepEqual([s.current_level, s.next_level, s.mfa_required], ['aal2', 'aal2', false]);
      assert.deepEqual([s.factor_types, s.factor_statuses, s.factor_names], [['webauthn'], ['verified'], ['YubiKey']]);
      assert.equal(s.factor_type, 'webauthn');
      assert.equal(s.has_security_key, true);
      assert.equal(s.security_key_factor_id, s.factor_id);
      assert.ok((s.authentication_methods as string[]).includes('mfa/webauthn'), JSON.stringify(s.authentication_methods));
      assert.equal((await u.key!.credentials()).length, 1, 'the key holds one credential');
      assert.deepEqual(
        (await serverFactors(user.id)).map((f) => [f.factor_type, f.status]),
        [['webauthn', 'verified']],
      );

      await signOut(u);
      const again = await signIn(u, user);
      assert.deepEqual([again.states.current_level, again.states.next_level, again.states.mfa_required], ['aal1', 'aal2', true]);
      assert.equal(again.states.has_security_key, true);
      const stepped = await u.expect('verify_security_key', {}, 'challenge_verified');
      assert.deepEqual([stepped.states.current_level, stepped.states.mfa_required], ['aal2', false]);
      assert.ok((stepped.states.authentication_methods as string[]).includes('mfa/webauthn'));
      await u.page.screenshot({ path: join(SCREENSHOTS, 'webauthn-security-key-verified.png') });
      await assertClean(u);
    } finally {
      await u.close();
    }
  });

  test('security key: the page’s Access token after the key passes the server-side check (aal2 met, methods mfa/webauthn)', async () => {
    const user = await testbed.createUser();
    const u = await openUser({ transport: 'usb' });
    try {
      const signedIn = await signIn(u, user);
      const keys = { 'Supabase URL': testbed.url, 'Supabase anon key': testbed.anonKey };
      const before = await runCheck(keys, { access_token: signedIn.states.access_token });
      assert.deepEqual([before.out.is_valid, before.out.error_code], [false, 'insufficient_aal'], 'aal1 is refused when aal2 is required');
      const enrolled = await u.expect('enroll_security_key', { authenticator: 'security_key', friendly_name: 'YubiKey' }, 'challenge_verified');
      const { out, sent } = await runCheck(keys, { access_token: enrolled.states.access_token });
      assert.equal(out.is_valid, true, String(out.error_message));
      assert.deepEqual([out.user_id, out.aal, out.aal2_met], [user.id, 'aal2', true]);
      assert.ok((out.methods as string[]).includes('mfa/webauthn'), JSON.stringify(out.methods));
      assert.equal(sent.length, 1, 'the auth server was asked');
      await assertClean(u);
    } finally {
      await u.close();
    }
  });

  test('this device (platform authenticator): yes/no state, enroll → aal2, step-up → aal2; a security-key-only request times out cleanly', async () => {
    const user = await testbed.createUser();
    const u = await openUser({ transport: 'internal' });
    try {
      assert.equal((await u.states()).platform_authenticator_available, true);
      await signIn(u, user);

      // The pitfall: a cross-platform request never matches a built-in authenticator. It ends at
      // the builder's timeout with a clear error, and no unverified factor stays behind.
      const t0 = Date.now();
      const stuck = await u.run('enroll_security_key', { authenticator: 'security_key', friendly_name: 'Laptop', timeout_seconds: 5 }, 'challenge_verified');
      assert.equal(stuck.ev.event, 'error');
      assert.equal(stuck.states.error_code, 'webauthn_timeout', String(stuck.states.error_message));
      assert.ok(Date.now() - t0 < 15_000, 'ended at the timeout');
      assert.deepEqual(await serverFactors(user.id), []);

      const enrolled = await u.expect('enroll_security_key', { authenticator: 'this_device', friendly_name: 'Laptop' }, 'challenge_verified');
      assert.deepEqual([enrolled.states.current_level, enrolled.states.factor_types], ['aal2', ['webauthn']]);

      await signOut(u);
      await signIn(u, user);
      const stepped = await u.expect('verify_security_key', {}, 'challenge_verified');
      assert.equal(stepped.states.current_level, 'aal2');
      await assertClean(u);
    } finally {
      await u.close();
    }
  });

  test('passkey: register → sign in with it (aal1, next aal2) → step-up with the security key → aal2; remove it', async () => {
    const user = await testbed.createUser();
    const u = await openUser({ transport: 'usb' });
    try {
      await signIn(u, user);
      const enrolled = await u.expect('enroll_security_key', { authenticator: 'either' }, 'challenge_verified');
      assert.match(String((enrolled.states.factor_names as string[])[0]), /^Security key \d{4}-/);

      // A name is anyone's text: it goes out with look-alikes for the characters that make markup.
      const registered = await u.expect('register_passkey', { friendly_name: "Bob's <i>laptop</i>" }, 'passkey_registered');
      assert.equal((registered.states.passkey_ids as string[]).length, 1);
      assert.deepEqual(registered.states.passkey_names, ['Bob’s ‹i›laptop‹/i›']);
      const creds = await u.key!.credentials();
      assert.deepEqual(creds.map((c) => c.isResidentCredential).sort(), [false, true], 'the MFA credential is not discoverable; the passkey is');

      await signOut(u);
      const passkey = await u.expect('sign_in_with_passkey', {}, 'signed_in');
      const p = passkey.states;
      assert.equal(p.user_email, user.email);
      assert.deepEqual([p.current_level, p.next_level, p.mfa_required], ['aal1', 'aal2', true]);
      assert.ok((p.authentication_methods as string[]).includes('passkey'), JSON.stringify(p.authentication_methods));

      const stepped = await u.expect('verify_security_key', {}, 'challenge_verified');
      assert.equal(stepped.states.current_level, 'aal2');

      const removed = await u.expect('remove_passkey', {}, 'passkey_removed');
      assert.deepEqual(removed.states.passkey_ids, []);
      // The device still holds the passkey the server no longer knows.
      await signOut(u);
      const gone = await u.run('sign_in_with_passkey', {}, 'signed_in');
      assert.equal(gone.ev.event, 'error');
      assert.equal(gone.states.error_code, 'webauthn_verification_failed');
      assert.match(String(gone.states.error_message), /removed from this account/);
      assert.equal(gone.states.is_signed_in, false);
      await assertClean(u);
    } finally {
      await u.close();
    }
  });

  test('cancel: the prompt closes, a clear error, no factor left, and the same name works next time; WebAuthn clicks share one lock', async () => {
    const user = await testbed.createUser();
    const u = await openUser({ transport: 'usb' });
    try {
      await signIn(u, user);
      await u.key!.setPresence(false); // the key waits for a touch that never comes
      const after = await u.start('enroll_security_key', { authenticator: 'security_key', friendly_name: 'Key' });
      await u.page.waitForFunction((mfa) => window.bubbleHarness.states(mfa).is_busy === true, u.mfa);
      // A second WebAuthn click while the prompt is open is ignored (one prompt at a time): the debugger says so.
      const debugBefore = await u.page.evaluate((mfa) => window.bubbleHarness.debug(mfa).length, u.mfa);
      await u.start('verify_security_key', {});
      await u.page.evaluate(
        ({ mfa, after }) => window.bubbleHarness.waitForDebug(mfa, 'verify_security_key is already running; the repeated click was ignored', after),
        { mfa: u.mfa, after: debugBefore },
      );
      await u.start('cancel_security_key');
      const cancelled = await u.wait('challenge_verified', after);
      assert.equal(cancelled.ev.event, 'error');
      assert.equal(cancelled.states.error_code, 'webauthn_cancelled');
      assert.equal(cancelled.states.error_message, 'The security key request was cancelled.');
      assert.equal(cancelled.states.current_level, 'aal1');
      assert.deepEqual(await serverFactors(user.id), [], 'the unverified factor was removed');
      const errors = await u.page.evaluate((mfa) => window.bubbleHarness.events(mfa).filter((e) => e.event === 'error').length, u.mfa);
      assert.equal(errors, 1, 'the ignored click produced no second request or error');

      await u.key!.setPresence(true);
      await u.expect('enroll_security_key', { authenticator: 'security_key', friendly_name: 'Key' }, 'challenge_verified');
      await assertClean(u);
    } finally {
      await u.close();
    }
  });

  test('failures: no matching key, unsupported browser, origin not allowed: clear codes, nothing left behind', async () => {
    // The user's key is in another browser; this one has a key that does not hold it.
    const user = await testbed.createUser();
    const owner = await openUser({ transport: 'usb' });
    try {
      await signIn(owner, user);
      await owner.expect('enroll_security_key', { authenticator: 'security_key' }, 'challenge_verified');
    } finally {
      await owner.close();
    }
    const stranger = await openUser({ transport: 'usb' });
    try {
      await signIn(stranger, user);
      const nomatch = await stranger.run('verify_security_key', { timeout_seconds: 5 }, 'challenge_verified');
      assert.equal(nomatch.ev.event, 'error');
      // Browsers do not tell a page whether a key was missing or the user declined (privacy):
      // both are NotAllowedError, and the message says so.
      assert.equal(nomatch.states.error_code, 'webauthn_not_allowed');
      assert.match(String(nomatch.states.error_message), /no security key or passkey for this account/);
      assert.equal(nomatch.states.current_level, 'aal1');
      await signOut(stranger);
      const nopasskey = await stranger.run('sign_in_with_passkey', { timeout_seconds: 5 }, 'signed_in');
      assert.equal(nopasskey.states.error_code, 'webauthn_not_allowed');
      assert.equal(nopasskey.states.is_signed_in, false);
    } finally {
      await stranger.close();
    }

    const old = await openUser({ transport: null, noWebAuthn: true });
    try {
      assert.equal((await old.states()).webauthn_supported, false);
      await signIn(old, user);
      const requestsBefore = old.w.all.length;
      const unsupported = await old.run('enroll_security_key', {}, 'challenge_verified');
      assert.equal(unsupported.states.error_code, 'webauthn_unsupported');
      assert.equal(old.w.all.length, requestsBefore, 'no request was sent');
    } finally {
      await old.close();
    }

    // Another localhost origin: the browser accepts RP id localhost, the server's origins do not.
    otherOrigin ??= await startHarnessServer(MFA_PAGE);
    const port = new URL(otherOrigin.url).port;
    const elsewhere = await openUser({ transport: 'usb', base: `http://localhost:${port}/` });
    try {
      const other = await testbed.createUser();
      await signIn(elsewhere, other);
      const rejected = await elsewhere.run('enroll_security_key', { authenticator: 'security_key', friendly_name: 'Key' }, 'challenge_verified');
      assert.equal(rejected.states.error_code, 'webauthn_origin_rejected', String(rejected.states.error_message));
      assert.match(String(rejected.states.error_message), /WebAuthn settings/);
      assert.deepEqual(await serverFactors(other.id), []);
    } finally {
      await elsewhere.close();
    }
  });

  test('factor defaulting never picks a security key for a code action', async () => {
    const user = await testbed.createUser();
    const u = await openUser({ transport: 'usb' });
    try {
      await signIn(u, user);
      const enrolled = await u.expect('enroll_security_key', { authenticator: 'security_key' }, 'challenge_verified');
      // Only a security key: a code action with no factor id asks for one, without a request. These are
      // wiring mistakes: setup_problem, the detail in Setup problem (users read a general sentence).
      const before = u.w.all.length;
      const noCode = await u.run('create_challenge', {}, 'challenge_created');
      assert.equal(noCode.states.error_code, 'setup_problem', String(noCode.states.setup_problem));
      const noVerify = await u.run('challenge_and_verify', { code: '123456' }, 'challenge_verified');
      assert.equal(noVerify.states.error_code, 'setup_problem');
      const named = await u.run('create_challenge', { factor_id: enrolled.states.factor_id }, 'challenge_created');
      assert.equal(named.states.error_code, 'setup_problem');
      assert.match(String(named.states.setup_problem), /security key/);
      assert.equal(u.w.all.length, before, 'no request');

      // Add an authenticator app: now the code actions default to it, never to the key.
      const totp = await u.expect('enroll_factor', { factor_type: 'totp', friendly_name: 'App' }, 'factor_enrolled');
      const code = OTPAuth.URI.parse(String(totp.states.totp_uri)).generate();
      await u.expect('challenge_and_verify', { code }, 'challenge_verified');
      await u.run('verify_security_key', {}, 'challenge_verified'); // the page now remembers the key
      const challenged = await u.expect('create_challenge', {}, 'challenge_created');
      assert.equal(challenged.states.factor_type, 'totp');
      await assertClean(u);
    } finally {
      await u.close();
    }
  });
});

describe('passkeys on a self-hosted server (no issuer in its tokens)', { skip }, () => {
  let bed: Testbed;
  before(async () => {
    bed = await startTestbed({ quiet: true, authEnv: { GOTRUE_JWT_ISSUER: '' } });
    bed.gateway!.route('/harness', await harnessRoute(MFA_PAGE));
  });
  after(async () => {
    await bed?.stop();
  });

  /** The same page loaded again (the authenticator stays with it); the MFA element placed anew. */
  async function reload(u: UserPage): Promise<UserPage> {
    await u.page.reload({ waitUntil: 'load' });
    await u.page.waitForFunction(() => window.bubbleHarness?.ready === true);
    const mfa = await u.page.evaluate(() => window.bubbleHarness.place('supabase_mfa'));
    assert.equal(mfa, u.mfa);
    return u;
  }

  test('Sign in with a passkey works, and ends in an error (never in silence) when the page cannot keep the session', async () => {
    const user = await bed.createUser();
    const u = await openUser({ transport: 'internal', bed });
    try {
      await signIn(u, user);
      await u.expect('register_passkey', { friendly_name: 'Laptop' }, 'passkey_registered');
      await signOut(u);
      const passkey = await u.expect('sign_in_with_passkey', {}, 'signed_in');
      assert.equal(passkey.states.user_email, user.email);
      await signOut(u);

      // The server cannot be asked which issuer it uses: a token without one cannot be kept.
      await u.page.route(
        (url) => url.pathname.endsWith('/.well-known/openid-configuration'),
        (route) => route.fulfill({ status: 503, contentType: 'application/json', body: '{}' }),
      );
      await reload(u);
      const refused = await u.run('sign_in_with_passkey', {}, 'signed_in');
      assert.equal(refused.ev.event, 'error', JSON.stringify(refused.states));
      assert.equal(refused.states.is_signed_in, false);
      assert.ok(refused.states.error_message);
    } finally {
      await u.close();
    }
  });
});
