import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MfaError } from '../../shared/errors.js';
import { e164Phone, email, oneOf, otpCode, projectUrl, apiKey, uuid, optionalText } from '../../shared/validate.js';

const code = (v: unknown) => (v instanceof MfaError ? v.code : v);

test('otpCode accepts 6 digits with spaces or dashes and rejects the rest', () => {
  assert.equal(otpCode('123456'), '123456');
  assert.equal(otpCode(' 123 456 '), '123456');
  assert.equal(otpCode('123-456'), '123456');
  for (const bad of [null, '', '   ', '12345', '12a456', 'abcdef', '12345678901', 123.456]) {
    const r = otpCode(bad);
    assert.ok(r instanceof MfaError, `expected error for ${String(bad)}`);
    assert.equal(r.code, 'invalid_input');
  }
  assert.match((otpCode('') as MfaError).message, /empty/);
  assert.match((otpCode('12a456') as MfaError).message, /digits only/);
});

test('e164Phone normalises separators and requires + and a country code', () => {
  assert.equal(e164Phone('+1 (415) 555-0123'), '+14155550123');
  assert.equal(e164Phone('+44.20.7946.0958'), '+442079460958');
  for (const bad of ['4155550123', '+0123456789', '+1', 'tel:+14155550123', '', null, '+1415555012345678']) {
    assert.equal(code(e164Phone(bad)), 'invalid_input', String(bad));
  }
  assert.match((e164Phone('4155550123') as MfaError).message, /\+14155550123/);
});

test('uuid checks Supabase ids and lower-cases them', () => {
  assert.equal(uuid('3F0C1A2B-1111-4222-8333-444455556666', 'Factor id'), '3f0c1a2b-1111-4222-8333-444455556666');
  assert.equal(code(uuid('', 'Factor id')), 'invalid_input');
  assert.equal(code(uuid('not-a-uuid', 'Factor id')), 'invalid_input');
  assert.match((uuid(null, 'Factor id') as MfaError).message, /^Factor id is empty/);
});

test('projectUrl accepts http(s) only and reports a missing URL as missing_keys', () => {
  assert.equal(projectUrl('https://abcd.supabase.co/'), 'https://abcd.supabase.co');
  assert.equal(projectUrl('http://127.0.0.1:54321'), 'http://127.0.0.1:54321');
  assert.equal(code(projectUrl(null)), 'missing_keys');
  assert.equal(code(projectUrl('javascript:alert(1)')), 'invalid_input');
  assert.equal(code(projectUrl('ftp://x.supabase.co')), 'invalid_input');
  assert.equal(code(projectUrl('abcd.supabase.co')), 'invalid_input');
});

test('apiKey, email, oneOf and optionalText', () => {
  assert.equal(code(apiKey(undefined, 'Supabase anon key')), 'missing_keys');
  assert.equal(code(apiKey('ab cd', 'Supabase anon key')), 'invalid_input');
  assert.equal(apiKey(' eyJ.x.y ', 'k'), 'eyJ.x.y');
  assert.equal(email(' a@b.co '), 'a@b.co');
  assert.equal(code(email('nope')), 'invalid_input');
  assert.equal(oneOf(null, ['sms', 'whatsapp'] as const, 'Channel', 'sms'), 'sms');
  assert.equal(oneOf('WhatsApp', ['sms', 'whatsapp'] as const, 'Channel', 'sms'), 'whatsapp');
  assert.equal(code(oneOf('email', ['sms', 'whatsapp'] as const, 'Channel', 'sms')), 'invalid_input');
  assert.equal(optionalText('  '), null);
  assert.equal(optionalText(0), '0');
});
