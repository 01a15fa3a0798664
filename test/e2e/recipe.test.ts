/**
 * The README's recipe ("A login page with MFA"), walked step by step exactly as written, against
 * the REAL Supabase Auth server: one page (one Supabase MFA element called MFA, one QR code
 * element bound to its QR code), the recipe's groups as data-show-when conditions on MFA's
 * states, and each workflow as the element action the recipe names. One test per recipe step,
 * named after it, in the README's order; they share the page and the user, as a real visit would.
 * Skips with the exact reason when no server can be had (dev/testbed/skip-reason.ts).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createJsdomHarness, type ElementInstance, type EventRecord, type JsdomHarness } from '../../dev/bubble-harness/index.js';
import { localOnlySkipReason, realServerSkipReason, startTestbed, type Testbed } from '../../dev/testbed/index.js';
import { decodeQrSvg } from '../helpers/qr.js';
import { expectElementAction, runElementAction } from '../../dev/mfa-harness/index.js';
import { totpCode, wrongTotpCode } from '../../dev/fixtures/index.js';
import { untilClockPasses } from '../helpers/time.js';

const skip = await realServerSkipReason();
const localOnly = localOnlySkipReason('needs the local test bed (SMS hook, email-confirmation setting)');
/** How soon the test bed lets a phone factor be challenged again (Supabase's default is 60 s). */
const PHONE_RESEND_GAP_MS = 1000;

/** The recipe's groups and their conditions ("visible when …"), nested where the recipe says "and". */
const PAGE = `
  <div id="group-sign-in" data-show-when="MFA.is_signed_in == no"></div>
  <div id="text-check-inbox" data-show-when="MFA.confirmation_email_sent == yes"></div>
  <div id="group-enter-code" data-show-when="MFA.mfa_required == yes">
    <div id="app-code" data-show-when="MFA.has_totp_factor == yes"></div>
    <div id="sms-code" data-show-when="MFA.has_phone_factor == yes"></div>
  </div>
  <div data-show-when="MFA.is_signed_in == yes">
    <div id="group-set-up" data-show-when="MFA.verified_factor_count == 0"></div>
  </div>
  <div id="group-protected" data-show-when="MFA.mfa_passed == yes"></div>`;

describe('README recipe "A login page with MFA", step by step, on the real Supabase Auth server', { skip }, () => {
  let bed: Testbed;
  let h: JsdomHarness;
  let mfa: ElementInstance;
  let qr: ElementInstance;
  const user = { email: `recipe-${Date.now().toString(36)}@example.com`, password: 'Recipe-pw-2026!' };
  const phone = '+15555550199';
  let firstApp = '';
  let secondApp = '';

  before(async () => {
    // Phone codes may be requested again after 1 s (Supabase's default is 60 s) so the walk needs no long waits.
    bed = await startTestbed({ quiet: true, authEnv: { GOTRUE_MFA_PHONE_MAX_FREQUENCY: `${PHONE_RESEND_GAP_MS}ms` } });
    h = createJsdomHarness({
      body: PAGE,
      keys: { 'Supabase URL': bed.url, 'Supabase anon key': bed.anonKey },
    });
    mfa = h.harness.place('Supabase MFA', { name: 'MFA' });
    qr = h.harness.place('Supabase MFA QR code', { name: 'QR' });
    h.harness.bind(qr, 'qr_source', mfa, 'qr_code_svg');
  });
  after(async () => {
    try {
      h?.harness.assertClean();
    } finally {
      h?.close();
      await bed?.stop();
    }
  });

  /** What the user sees: the group and every group around it are shown. */
  function visible(id: string): boolean {
    for (let el = h.window.document.getElementById(id); el; el = el.parentElement) if (el.hidden) return false;
    return true;
  }

  /** A button's workflow: runs the action; resolves with the event the recipe's next step listens to. */
  const click = (action: string, props: Record<string, unknown>, event: string): Promise<EventRecord> => expectElementAction(mfa, action, props, event);

  /** A step that must fail: resolves with its error event. */
  const failing = (action: string, props: Record<string, unknown>): Promise<EventRecord> => runElementAction(mfa, action, props, 'error');

  function since(before: number): string[] {
    return mfa.events.slice(before).map((e) => e.event);
  }

  /**
   * Supabase refuses a second phone challenge within GOTRUE_MFA_PHONE_MAX_FREQUENCY of the last
   * one, which it records before answering: time must pass until then after the page had that answer.
   */
  async function untilPhoneResendAllowed(): Promise<void> {
    const last = mfa.events.filter((e) => e.event === 'challenge_created' && e.states.factor_type === 'phone').at(-1);
    if (last) await untilClockPasses(last.at + PHONE_RESEND_GAP_MS);
  }

  async function signOutAndIn(): Promise<void> {
    await click('sign_out', {}, 'signed_out');
    await click('sign_in', { email: user.email, password: user.password }, 'signed_in');
  }

  test('1. Sign up (project without email confirmation): signed in at once, Signed up fires', async () => {
    const before = mfa.events.length;
    const ev = await click('sign_up', { email: user.email, password: user.password }, 'signed_up');
    assert.equal(ev.states.confirmation_email_sent, false);
    assert.equal(ev.states.is_signed_in, true, 'the session is there when Signed up fires');
    const order = since(before);
    assert.ok(order.indexOf('signed_in') < order.indexOf('signed_up'), order.join(' → '));
    assert.ok(visible('group-set-up') && !visible('group-sign-in') && !visible('text-check-inbox'));
    assert.match(String(ev.states.access_token), /^[\w-]+\.[\w-]+\.[\w-]+$/);
    // Signing up twice with the same email tells the user to sign in instead.
    await click('sign_out', {}, 'signed_out');
    const again = await failing('sign_up', { email: user.email, password: user.password });
    assert.match(String(again.states.error_message), /already exists/);
  });

  test('1. Sign up (project that asks for email confirmation): Confirmation email sent is yes, no session', { skip: localOnly }, async () => {
    const confirming = await startTestbed({ quiet: true, authEnv: { GOTRUE_MAILER_AUTOCONFIRM: 'false' } });
    const page = createJsdomHarness({ body: PAGE, keys: { 'Supabase URL': confirming.url, 'Supabase anon key': confirming.anonKey } });
    try {
      const el = page.harness.place('Supabase MFA', { name: 'MFA' });
      const before = el.events.length;
      el.runAction('sign_up', { email: `confirm-${Date.now().toString(36)}@example.com`, password: user.password });
      const ev = await el.waitForAnyEvent(['signed_up', 'error'], { after: before, timeout: 15_000 });
      assert.equal(ev.event, 'signed_up', `${ev.states.error_code} ${ev.states.error_message}`);
      assert.equal(ev.states.confirmation_email_sent, true);
      assert.equal(ev.states.is_signed_in, false);
      assert.equal(ev.states.access_token, null);
      const shown = page.window.document.getElementById('text-check-inbox');
      assert.equal(shown?.hidden, false, 'the "check your inbox" text is shown');
      assert.ok(!el.events.slice(before).some((e) => e.event === 'signed_in'));
      page.harness.assertClean();
    } finally {
      page.close();
      await confirming.stop();
    }
  });

  test('2. Sign in: a wrong password shows Error message; the right one signs in at aal1 and shows Set up two-factor', async () => {
    const wrong = await failing('sign_in', { email: user.email, password: 'not-the-password' });
    assert.equal(wrong.states.error_message, 'Email or password is not correct.');
    assert.equal(wrong.states.setup_problem, null, 'a typing mistake is not a setup problem');
    const ev = await click('sign_in', { email: user.email, password: user.password }, 'signed_in');
    await mfa.waitForState('current_level', 'aal1');
    assert.equal(ev.states.error_message, null, 'the next action cleared the error');
    assert.equal(mfa.states.mfa_passed, false);
    assert.equal(mfa.states.mfa_required, false);
    assert.ok(visible('group-set-up') && !visible('group-enter-code') && !visible('group-protected'));
  });

  test('3. Set up an authenticator app: the button enrolls, the QR scans, a wrong code says "authenticator app", the right one passes MFA', async () => {
    const enrolled = await click('enroll_factor', { factor_type: 'totp', friendly_name: 'Authenticator app' }, 'factor_enrolled');
    const s = enrolled.states;
    firstApp = String(s.totp_uri);
    // The lists already show the new factor: no List factors needed.
    assert.deepEqual([...(s.factor_ids as string[])], [s.factor_id]);
    assert.deepEqual([...(s.factor_statuses as string[])], ['unverified']);
    assert.equal(s.totp_factor_id, s.factor_id, 'TOTP factor id: the one being set up');
    assert.equal(s.has_totp_factor, false, 'not until its code is checked');
    await mfa.waitFor(() => qr.states.is_valid === true);
    assert.equal(decodeQrSvg(String(qr.fields.qr_source)), firstApp, 'what the QR element shows scans to the TOTP URI');
    assert.equal(qr.canvas.querySelectorAll('svg path').length, 1, 'and it drew it');
    assert.match(String(s.totp_secret_grouped), /^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);

    const wrong = await failing('challenge_and_verify', { code: wrongTotpCode(totpCode(firstApp)) });
    assert.equal(wrong.states.error_code, 'mfa_verification_failed');
    assert.match(String(wrong.states.error_message), /authenticator app/);

    const before = mfa.events.length;
    const ok = await click('challenge_and_verify', { code: totpCode(firstApp) }, 'challenge_verified');
    assert.equal(ok.states.mfa_passed, true);
    assert.equal(ok.states.current_level, 'aal2');
    assert.equal(ok.states.factor_type, 'totp');
    assert.equal(ok.states.has_totp_factor, true);
    assert.equal(ok.states.qr_code_svg, null, 'the set-up QR is wiped');
    assert.ok(since(before).indexOf('assurance_level_changed') < since(before).indexOf('challenge_verified'));
    assert.ok(visible('group-protected') && !visible('group-set-up'));
  });

  test('4. Enter your code: the next sign-in shows Enter your code; the app code passes MFA', async () => {
    await signOutAndIn();
    await mfa.waitForState('mfa_required', true);
    assert.ok(visible('group-enter-code') && visible('app-code') && !visible('sms-code') && !visible('group-protected'));
    assert.equal(mfa.states.factor_id, null, 'nothing remembered from before the sign-out');
    const ok = await click('challenge_and_verify', { code: totpCode(firstApp, 1) }, 'challenge_verified');
    assert.equal(ok.states.mfa_passed, true);
    assert.ok(visible('group-protected') && !visible('group-enter-code'));
  });

  test('5. Add a phone: enroll, "A factor was enrolled" sends the SMS, a wrong code says "text message", the right one verifies it', {
    skip: localOnly,
  }, async () => {
    const enrolled = await click('enroll_factor', { factor_type: 'phone', phone: '+1 555 555 0199', friendly_name: 'Phone' }, 'factor_enrolled');
    assert.equal(enrolled.states.factor_type, 'phone');
    assert.equal(enrolled.states.phone_factor_id, enrolled.states.factor_id);
    assert.equal(enrolled.states.has_phone_factor, false);
    // The recipe's workflow on "A factor was enrolled" (only when Factor type is phone).
    await click('create_challenge', { factor_type: 'phone' }, 'challenge_created');
    const sms = await bed.smsCodes!.latest(phone);
    const wrong = await failing('verify_challenge', { code: wrongTotpCode(sms), factor_type: 'phone' });
    assert.match(String(wrong.states.error_message), /text message/);
    assert.doesNotMatch(String(wrong.states.error_message), /authenticator/);
    const ok = await click('verify_challenge', { code: sms, factor_type: 'phone' }, 'challenge_verified');
    assert.equal(ok.states.has_phone_factor, true);
    assert.equal(ok.states.factor_type, 'phone', 'Factor type follows the verified factor');
    assert.equal(ok.states.verified_factor_count, 2);
  });

  test('6. Enter your code by SMS: "Text me a code" (Factor type phone) and Verify a challenge (Factor type phone), no factor id anywhere', {
    skip: localOnly,
  }, async () => {
    await signOutAndIn();
    await mfa.waitForState('mfa_required', true);
    assert.ok(
      visible('app-code') && visible('sms-code'),
      `both ways are offered: ${JSON.stringify([mfa.states.has_totp_factor, mfa.states.has_phone_factor, mfa.states.factor_types, mfa.states.factor_statuses])}`,
    );
    await untilPhoneResendAllowed();
    await click('create_challenge', { factor_type: 'phone' }, 'challenge_created');
    const ok = await click('verify_challenge', { code: await bed.smsCodes!.latest(phone), factor_type: 'phone' }, 'challenge_verified');
    assert.ok((ok.states.authentication_methods as string[]).includes('mfa/phone'));
    assert.equal(ok.states.mfa_passed, true);
  });

  test('6. Enter your code: after "Text me a code", an app code still checks the app (no SMS sent, no phone factor used)', { skip: localOnly }, async () => {
    await signOutAndIn();
    await mfa.waitForState('mfa_required', true);
    await untilPhoneResendAllowed();
    await click('create_challenge', { factor_type: 'phone' }, 'challenge_created');
    await bed.smsCodes!.latest(phone);
    const smsBefore = bed.smsCodes!.messages(phone).length;
    const challenges = () =>
      h.harness.requestCount((r) => r.method === 'POST' && /\/factors\/[^/]+\/challenge$/.test(r.url) && r.url.includes(String(mfa.states.phone_factor_id)));
    const phoneChallengesBefore = challenges();
    const ok = await click('challenge_and_verify', { code: totpCode(firstApp) }, 'challenge_verified');
    assert.equal(ok.states.mfa_passed, true);
    assert.equal(ok.states.factor_type, 'totp');
    assert.equal(challenges(), phoneChallengesBefore, 'no challenge for the phone factor');
    assert.equal(bed.smsCodes!.messages(phone).length, smsBefore, 'no third SMS');
  });

  test('7. Add a second authenticator: the same name is refused in plain words; another name works; either app passes MFA next time', async () => {
    const clash = await failing('enroll_factor', { factor_type: 'totp', friendly_name: 'Authenticator app' });
    assert.equal(clash.states.error_code, 'mfa_factor_name_conflict');
    assert.match(String(clash.states.error_message), /authenticator app with this name/);
    const enrolled = await click('enroll_factor', { factor_type: 'totp', friendly_name: 'Second authenticator' }, 'factor_enrolled');
    secondApp = String(enrolled.states.totp_uri);
    assert.notEqual(secondApp, firstApp);
    await click('challenge_and_verify', { code: totpCode(secondApp) }, 'challenge_verified');
    assert.equal(mfa.states.has_totp_factor, true);
    const verifiedApps = (mfa.states.factor_types as string[]).filter((t, i) => t === 'totp' && (mfa.states.factor_statuses as string[])[i] === 'verified');
    assert.equal(verifiedApps.length, 2);

    for (const [label, uri] of [
      ['the first app', firstApp],
      ['the second app', secondApp],
    ] as const) {
      await signOutAndIn();
      await mfa.waitForState('mfa_required', true);
      const ok = await click('challenge_and_verify', { code: totpCode(uri, 1) }, 'challenge_verified');
      assert.equal(ok.states.mfa_passed, true, label);
    }
  });

  test('8. Remove a factor: removing the one this session was verified with drops it to aal1 and asks for a code again', async () => {
    const factorId = String(mfa.states.factor_id); // the app just used (step 7's last sign-in)
    const ev = await click('unenroll_factor', { factor_id: factorId }, 'factor_unenrolled');
    assert.equal(ev.states.current_level, 'aal1');
    assert.equal(ev.states.mfa_passed, false);
    assert.equal(ev.states.mfa_required, true, 'other verified factors remain');
    assert.ok(!(ev.states.factor_ids as string[]).includes(factorId));
    assert.ok(visible('group-enter-code') && !visible('group-protected'));
    // Step 7 ended with the second app, so the first one is left and passes MFA again.
    assert.equal(ev.states.has_totp_factor, true);
    const ok = await click('challenge_and_verify', { code: totpCode(firstApp) }, 'challenge_verified');
    assert.equal(ok.states.factor_id, ev.states.totp_factor_id);
    assert.equal(ok.states.mfa_passed, true);
  });

  test('9. Errors: a step wired for a factor the user lacks is a Setup problem (debugger), users see a general sentence', async () => {
    // A fresh user without a phone; the builder showed "Text me a code" anyway.
    const other = await bed.createUser();
    await click('sign_out', {}, 'signed_out');
    await click('sign_in', { email: other.email, password: other.password }, 'signed_in');
    const debugBefore = mfa.debug.length;
    const challenges = () => h.harness.requestCount((r) => /\/challenge$/.test(r.url));
    const challengesBefore = challenges();
    const ev = await failing('create_challenge', { factor_type: 'phone' });
    assert.equal(ev.states.error_code, 'setup_problem');
    assert.match(String(ev.states.setup_problem), /no phone factor/);
    assert.doesNotMatch(String(ev.states.error_message), /factor id|Factor id/);
    assert.ok(mfa.debug.slice(debugBefore).some((d) => /Setup problem/.test(d)));
    assert.equal(challenges(), challengesBefore, 'nothing was sent');
  });

  test('10. Sign out: every user state is cleared, the access token first of all', async () => {
    assert.ok(mfa.states.access_token);
    const ev = await click('sign_out', {}, 'signed_out');
    for (const name of ['access_token', 'user_id', 'user_email', 'current_level', 'factor_id', 'totp_factor_id', 'phone_factor_id', 'qr_code_svg']) {
      assert.equal(ev.states[name], null, name);
    }
    for (const name of ['is_signed_in', 'mfa_passed', 'mfa_required', 'has_totp_factor', 'has_phone_factor', 'confirmation_email_sent']) {
      assert.equal(ev.states[name], false, name);
    }
    assert.ok(visible('group-sign-in'));
  });
});
