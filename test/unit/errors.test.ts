import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuthApiError, AuthRetryableFetchError, AuthSessionMissingError, AuthUnknownError } from '@supabase/supabase-js';
import { asSetupProblem, forFactor, MfaError, messageFor } from '../../shared/errors.js';
import { toMfaError } from '../../shared/to-mfa-error.js';

test('Supabase API errors keep their code and get a plain-English message', () => {
  const e = toMfaError(new AuthApiError('Invalid TOTP code entered', 422, 'mfa_verification_failed'));
  assert.equal(e.code, 'mfa_verification_failed');
  assert.equal(e.status, 422);
  assert.match(e.message, /code is not correct/);
});

test("an unknown server code is kept with the plugin's general sentence: the server's text (which can quote what was sent) is never published", () => {
  const e = toMfaError(new AuthApiError('Email address "a@b.example" cannot be used', 400, 'brand_new_code'));
  assert.equal(e.code, 'brand_new_code');
  assert.equal(e.message, messageFor('unexpected_error'));
  // A code that is not Supabase's snake_case is not published either.
  for (const odd of ['<img src=x onerror=alert(1)>', 'Bad Code', 'x'.repeat(65)]) {
    const w = toMfaError(new AuthApiError('text', 400, odd as never));
    assert.equal(w.code, 'unexpected_error', odd);
    assert.equal(w.message, messageFor('unexpected_error'));
  }
  assert.equal(toMfaError(new AuthApiError('text', 503, '<x>' as never)).code, 'network_error');
});

test('fetch failures and 5xx become network_error', () => {
  assert.equal(toMfaError(new AuthRetryableFetchError('fetch failed', 0)).code, 'network_error');
  assert.equal(toMfaError(new AuthRetryableFetchError('Bad gateway', 502)).code, 'network_error');
  assert.equal(toMfaError(new TypeError('Failed to fetch')).code, 'network_error');
  assert.equal(toMfaError(new AuthUnknownError('boom', new Error('x'))).code, 'unexpected_error');
});

test('a missing session becomes no_session', () => {
  const e = toMfaError(new AuthSessionMissingError());
  assert.equal(e.code, 'no_session');
  assert.match(e.message, /not signed in/);
});

test('anything else becomes unexpected_error naming only the kind of failure (never its text), and MfaErrors pass through', () => {
  const e = toMfaError('weird');
  assert.equal(e.code, 'unexpected_error');
  assert.doesNotMatch(e.message, /weird/);
  assert.match(e.message, /\(string\)/);
  // A parser's message quoting a pasted token must not reach error_message.
  let thrown: unknown;
  try {
    JSON.parse('eyJzZWNyZXQiOiJ0b2tlbi1wYXJ0In0-not-json');
  } catch (err) {
    thrown = err;
  }
  const parse = toMfaError(thrown);
  assert.match(parse.message, /\(SyntaxError\)/);
  assert.doesNotMatch(parse.message, /eyJ|not-json/);
  const mine = new MfaError('invalid_qr', 'x');
  assert.equal(toMfaError(mine), mine);
});

test('every Supabase MFA error code (docs/supabase-mfa.md) has its own message', () => {
  const codes = [
    'mfa_factor_not_found',
    'mfa_factor_name_conflict',
    'too_many_enrolled_mfa_factors',
    'insufficient_aal',
    'mfa_verified_factor_exists',
    'mfa_totp_enroll_not_enabled',
    'mfa_totp_verify_not_enabled',
    'mfa_phone_enroll_not_enabled',
    'mfa_phone_verify_not_enabled',
    'mfa_webauthn_enroll_not_enabled',
    'mfa_webauthn_verify_not_enabled',
    'mfa_ip_address_mismatch',
    'mfa_challenge_expired',
    'mfa_verification_failed',
    'mfa_verification_rejected',
    'otp_expired',
    'validation_failed',
    'over_request_rate_limit',
    'over_sms_send_rate_limit',
    'session_not_found',
    'network_error',
    'no_session',
    'invalid_input',
    'missing_keys',
  ];
  const generic = messageFor('unexpected_error');
  for (const c of codes) {
    if (c === 'invalid_input') continue; // always carries the specific validation message
    assert.notEqual(messageFor(c), generic, c);
  }
});

test('a wrong code says where to look: the authenticator app for TOTP, the text message for a phone', () => {
  const wrong = new MfaError('mfa_verification_failed', messageFor('mfa_verification_failed'), 422);
  assert.match(forFactor(wrong, 'totp').message, /authenticator app/);
  assert.match(forFactor(wrong, 'phone').message, /text message/);
  assert.doesNotMatch(forFactor(wrong, 'phone').message, /authenticator/);
  assert.doesNotMatch(forFactor(wrong, null).message, /authenticator|text message/, 'unknown type: neutral');
  assert.equal(forFactor(wrong, 'phone').status, 422);
  const other = new MfaError('network_error', messageFor('network_error'));
  assert.equal(forFactor(other, 'phone'), other);
});

test('setup problems: a general sentence for users, the detail for the builder', () => {
  const e = asSetupProblem(new MfaError('invalid_input', 'Factor id is not a Supabase id.'));
  assert.equal(e.code, 'setup_problem');
  assert.equal(e.detail, 'Factor id is not a Supabase id.');
  assert.doesNotMatch(e.message, /Factor id/);
  const keys = asSetupProblem(new MfaError('missing_keys', 'The Supabase URL is not set.'));
  assert.equal(keys.code, 'missing_keys');
  assert.equal(keys.detail, 'The Supabase URL is not set.');
  assert.doesNotMatch(keys.message, /not set/);
  const typed = new MfaError('mfa_verification_failed', 'x');
  assert.equal(asSetupProblem(typed), typed, "Supabase's answers are not setup problems");
});
