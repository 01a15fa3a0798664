/**
 * The input rules on the real Supabase Auth server, through the element as Bubble runs it: a phone
 * number pasted from a contact card (direction marks, a bracketed trunk 0, en dashes) enrolls the
 * right number (the SMS goes to it), an SMS code pasted in Arabic-Indic digits verifies, a Supabase
 * URL ending in /auth/v1 signs in, and a password over the server's 72 bytes is refused with no
 * request (the server would refuse it with a generic message). Unit tables: test/unit/input-rules.test.ts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanHarnessPerTest } from '../../dev/bubble-harness/index.js';
import { localOnlySkipReason, realServerSkipReason, startTestbed, type Testbed } from '../../dev/testbed/index.js';
import { expectElementAction, runElementAction, waitForStartup } from '../../dev/mfa-harness/index.js';

const skip = await realServerSkipReason();
const localOnly = localOnlySkipReason('needs the local test bed (its SMS hook)');
const harness = cleanHarnessPerTest();

/** "0123456789" in Arabic-Indic digits. */
const arabicIndic = (digits: string) => digits.replace(/\d/g, (d) => String.fromCodePoint(0x660 + Number(d)));

describe('input as users paste it, on the real Supabase Auth server', { skip }, () => {
  let bed: Testbed;
  before(async () => {
    bed = await startTestbed({ quiet: true });
  });
  after(async () => {
    await bed?.stop();
  });

  test('a phone number from a contact card enrolls the right number; the SMS code pasted in Arabic-Indic digits verifies', { skip: localOnly }, async () => {
    const user = await bed.createUser();
    const h = harness({ keys: { 'Supabase URL': bed.url, 'Supabase anon key': bed.anonKey } });
    const el = h.harness.place('Supabase MFA');
    await expectElementAction(el, 'sign_in', { email: user.email, password: user.password }, 'signed_in');
    await expectElementAction(el, 'enroll_factor', { factor_type: 'phone', phone: '\u2066+44 (0)20 7946–0958\u2069' }, 'factor_enrolled');
    await expectElementAction(el, 'create_challenge', { factor_type: 'phone' }, 'challenge_created');
    const sms = await bed.smsCodes!.latest('+442079460958');
    const pasted = `\u200f${arabicIndic(sms.slice(0, 3))}–${arabicIndic(sms.slice(3))}`;
    const ok = await expectElementAction(el, 'verify_challenge', { code: pasted, factor_type: 'phone' }, 'challenge_verified');
    assert.equal(ok.states.current_level, 'aal2');
  });

  test('a Supabase URL ending in /auth/v1 names the project: Sign in works', async () => {
    const user = await bed.createUser();
    const h = harness({ keys: { 'Supabase URL': `${bed.url}/auth/v1/`, 'Supabase anon key': bed.anonKey } });
    const el = h.harness.place('Supabase MFA');
    const ev = await expectElementAction(el, 'sign_in', { email: user.email, password: user.password }, 'signed_in');
    assert.equal(ev.states.user_email, user.email);
  });

  test('a 73-byte password: refused with a clear message and no request; 72 bytes signs up', async () => {
    const h = harness({ keys: { 'Supabase URL': bed.url, 'Supabase anon key': bed.anonKey } });
    const el = h.harness.place('Supabase MFA');
    await waitForStartup(el);
    const before = h.harness.requestCount();
    const email = `long-pw-${Date.now().toString(36)}@example.com`;
    const refused = await runElementAction(el, 'sign_up', { email, password: `Aa1-${'é'.repeat(35)}` }, 'signed_up');
    assert.equal(refused.event, 'error');
    assert.equal(el.states.error_code, 'invalid_input');
    assert.match(String(el.states.error_message), /too long: Supabase accepts at most 72 bytes/);
    assert.equal(h.harness.requestCount(), before, 'nothing sent');
    await expectElementAction(el, 'sign_up', { email, password: `Aa1-${'é'.repeat(34)}` }, 'signed_up');
  });

  test('Create and verify given a phone factor: refused before any request, so no text message goes out', { skip: localOnly }, async () => {
    const user = await bed.createUser();
    const h = harness({ keys: { 'Supabase URL': bed.url, 'Supabase anon key': bed.anonKey } });
    const el = h.harness.place('Supabase MFA');
    await expectElementAction(el, 'sign_in', { email: user.email, password: user.password }, 'signed_in');
    const enrolled = await expectElementAction(el, 'enroll_factor', { factor_type: 'phone', phone: '+14155550177' }, 'factor_enrolled');
    const phoneId = String(enrolled.states.phone_factor_id);
    const sent = bed.smsCodes!.messages('+14155550177').length;
    const before = h.harness.requestCount();
    const refused = await runElementAction(el, 'challenge_and_verify', { factor_id: phoneId, code: '123456' }, 'challenge_verified');
    assert.equal(refused.event, 'error');
    assert.equal(el.states.error_code, 'setup_problem');
    assert.match(String(el.states.setup_problem), /is a phone: use Create a challenge/);
    assert.equal(h.harness.requestCount(), before, 'nothing sent');
    assert.equal(bed.smsCodes!.messages('+14155550177').length, sent, 'no text message');
  });
});
