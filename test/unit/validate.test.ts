import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Result } from '../../shared/result.js';
import { e164Phone, email, oneOf, otpCode, projectUrl, apiKey, uuid, optionalText } from '../../shared/validate.js';

const code = (r: Result<unknown>) => r.error?.code ?? null;
const value = <T>(r: Result<T>) => r.data;
const message = (r: Result<unknown>) => r.error?.message ?? '';

test('otpCode accepts 6 digits with spaces or dashes and rejects the rest', () => {
  assert.equal(value(otpCode('123456')), '123456');
  assert.equal(value(otpCode(' 123 456 ')), '123456');
  assert.equal(value(otpCode('123-456')), '123456');
  for (const bad of [null, '', '   ', '12345', '12a456', 'abcdef', '12345678901', 123.456]) {
    const r = otpCode(bad);
    assert.equal(r.data, null, `expected error for ${String(bad)}`);
    assert.equal(code(r), 'invalid_input');
  }
  assert.match(message(otpCode('')), /empty/);
  assert.match(message(otpCode('12a456')), /digits only/);
});

test('e164Phone normalises separators and requires + and a country code', () => {
  assert.equal(value(e164Phone('+1 (415) 555-0123')), '+14155550123');
  assert.equal(value(e164Phone('+44.20.7946.0958')), '+442079460958');
  for (const bad of ['4155550123', '+0123456789', '+1', 'tel:+14155550123', '', null, '+1415555012345678']) {
    assert.equal(code(e164Phone(bad)), 'invalid_input', String(bad));
  }
  assert.match(message(e164Phone('4155550123')), /\+14155550123/);
});

test('uuid checks Supabase ids and lower-cases them', () => {
  assert.equal(value(uuid('3F0C1A2B-1111-4222-8333-444455556666', 'Factor id')), '3f0c1a2b-1111-4222-8333-444455556666');
  assert.equal(code(uuid('', 'Factor id')), 'invalid_input');
  assert.equal(code(uuid('not-a-uuid', 'Factor id')), 'invalid_input');
  assert.match(message(uuid(null, 'Factor id')), /^Factor id is empty/);
});

test('messages never repeat what was typed (builders bind them to HTML)', () => {
  const hostile = '<img src=x onerror=alert(1)>';
  for (const r of [
    uuid(hostile, 'Factor id'),
    projectUrl(hostile),
    otpCode(hostile),
    e164Phone(hostile),
    email(hostile),
    oneOf(hostile, ['sms'] as const, 'Channel'),
  ]) {
    assert.equal(code(r), 'invalid_input');
    assert.ok(!message(r).includes('<img') && !message(r).includes('onerror'), message(r));
  }
});

test('projectUrl accepts http(s) only and reports a missing URL as missing_keys', () => {
  assert.equal(value(projectUrl('https://abcd.supabase.co/')), 'https://abcd.supabase.co');
  assert.equal(value(projectUrl('http://127.0.0.1:54321')), 'http://127.0.0.1:54321');
  assert.equal(code(projectUrl(null)), 'missing_keys');
  assert.equal(code(projectUrl('javascript:alert(1)')), 'invalid_input');
  assert.equal(code(projectUrl('ftp://x.supabase.co')), 'invalid_input');
  assert.equal(code(projectUrl('abcd.supabase.co')), 'invalid_input');
});

test('apiKey, email, oneOf and optionalText', () => {
  assert.equal(code(apiKey(undefined, 'Supabase anon key')), 'missing_keys');
  assert.equal(code(apiKey('ab cd', 'Supabase anon key')), 'invalid_input');
  assert.equal(value(apiKey(' eyJ.x.y ', 'k')), 'eyJ.x.y');
  assert.equal(value(email(' a@b.co ')), 'a@b.co');
  assert.equal(code(email('nope')), 'invalid_input');
  assert.equal(value(oneOf(null, ['sms', 'whatsapp'] as const, 'Channel', 'sms')), 'sms');
  assert.equal(value(oneOf('WhatsApp', ['sms', 'whatsapp'] as const, 'Channel', 'sms')), 'whatsapp');
  assert.equal(code(oneOf('email', ['sms', 'whatsapp'] as const, 'Channel', 'sms')), 'invalid_input');
  assert.equal(optionalText('  '), null);
  assert.equal(optionalText(0), '0');
});

test('validated() gives all values or the first failure in order; mapResult passes failures through', async () => {
  const { validated, mapResult, ok } = await import('../../shared/result.js');
  const all = validated({ a: ok(1), b: otpCode('123 456') });
  assert.deepEqual(all, { data: { a: 1, b: '123456' }, error: null });
  const first = validated({ a: uuid('x', 'Factor id'), b: otpCode('') });
  assert.match(message(first), /^Factor id is not a Supabase id/);
  assert.equal(message(mapResult(otpCode(''), (c) => c.length)), message(otpCode('')));
  assert.deepEqual(
    mapResult(ok(2), (n) => n * 3),
    { data: 6, error: null },
  );
});

test('projectUrl refuses a user name/password, plain http to a non-loopback host, a query or a fragment, without echoing them', async () => {
  for (const ok of [
    'https://abcd.supabase.co',
    'https://abcd.supabase.co/',
    'http://localhost:54321',
    'http://127.0.0.1:9999',
    'http://[::1]:8000',
    'https://auth.example.com/base/',
  ]) {
    assert.equal(code(projectUrl(ok)), null, ok);
  }
  assert.equal(value(projectUrl('https://auth.example.com/base/')), 'https://auth.example.com/base');
  for (const [bad, why] of [
    ['https://abcd.supabase.co@evil.example', /user name or password/],
    ['https://user:pw@abcd.supabase.co', /user name or password/],
    ['http://abcd.supabase.co', /https/],
    ['http://192.168.1.5:54321', /https/],
    ['https://abcd.supabase.co?x=<b>', /query/],
    ['https://abcd.supabase.co/#<img>', /fragment/],
    ['https://abcd.supabase.co?', /query/],
  ] as const) {
    const r = projectUrl(bad);
    assert.equal(code(r), 'invalid_input', bad);
    assert.match(message(r), why, bad);
    assert.ok(!message(r).includes(bad) && !/evil|<b>|<img>|192\.168|user:pw/.test(message(r)), `not echoed: ${message(r)}`);
  }
});

test('publicApiKey refuses the service role key (JWT role service_role, sb_secret_) as the anon key; keyRole reads the role', async () => {
  const { publicApiKey, keyRole } = await import('../../shared/validate.js');
  const jwt = (role: string) =>
    `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from(JSON.stringify({ role, iss: 'supabase' })).toString('base64url')}.sig`;
  assert.equal(keyRole(jwt('anon')), 'anon');
  assert.equal(keyRole('sb_publishable_abc'), null);
  assert.equal(value(publicApiKey(jwt('anon'))), jwt('anon'));
  assert.equal(value(publicApiKey('sb_publishable_abc')), 'sb_publishable_abc');
  for (const bad of [jwt('service_role'), 'sb_secret_abcdef0123']) {
    const r = publicApiKey(bad);
    assert.equal(code(r), 'invalid_input');
    assert.match(message(r), /service role/);
    assert.ok(!message(r).includes(bad));
  }
});

test('length caps: email 320, storage key 100', async () => {
  const { storageKeyOverride } = await import('../../shared/validate.js');
  assert.equal(code(email(`${'a'.repeat(308)}@example.com`)), null);
  assert.match(message(email(`${'a'.repeat(309)}@example.com`)), /320/);
  assert.equal(value(storageKeyOverride('k'.repeat(100))), 'k'.repeat(100));
  assert.match(message(storageKeyOverride('k'.repeat(101))), /100/);
  assert.equal(value(storageKeyOverride('  ')), null);
});

test('the default storage key: supabase-js’s own on *.supabase.co, the whole host and port elsewhere', async () => {
  const { defaultStorageKey } = await import('../../shared/client.js');
  assert.equal(defaultStorageKey('https://abcd.supabase.co'), 'sb-abcd-auth-token');
  assert.equal(defaultStorageKey('http://127.0.0.1:54321'), 'sb-127-0-0-1-54321-auth-token');
  assert.notEqual(defaultStorageKey('http://127.0.0.1:54321'), defaultStorageKey('http://127.0.0.1:9999'));
  assert.equal(defaultStorageKey('https://auth.example.com'), 'sb-auth-example-com-443-auth-token');
  assert.ok(defaultStorageKey(`https://${'a'.repeat(60)}.example.com/${'p'.repeat(200)}`).length <= 100);
});

test('sameIssuer: scheme, host, port and path; this computer’s names are one host', async () => {
  const { sameIssuer } = await import('../../shared/session-guard.js');
  assert.equal(sameIssuer('http://127.0.0.1:9999/auth/v1', 'http://localhost:9999/auth/v1'), true);
  assert.equal(sameIssuer('https://abcd.supabase.co/auth/v1', 'https://abcd.supabase.co/auth/v1/'), true);
  assert.equal(sameIssuer('http://127.0.0.1:9999/auth/v1', 'http://127.0.0.1:9998/auth/v1'), false);
  assert.equal(sameIssuer('https://abcd.supabase.co/auth/v1', 'https://efgh.supabase.co/auth/v1'), false);
  assert.equal(sameIssuer('supabase', 'https://abcd.supabase.co/auth/v1'), false);
  assert.equal(sameIssuer(null, 'https://abcd.supabase.co/auth/v1'), false);
});

test('sign-in and sign-up share one password rule: as typed, not empty, at most the server’s 72 bytes; names at most 120', async () => {
  const { password, friendlyName } = await import('../../shared/validate.js');
  const { signInInput } = await import('../../actions/sign-in.js');
  const { signUpInput } = await import('../../actions/sign-up.js');
  assert.equal(value(password(' pass word ')), ' pass word ');
  assert.match(message(password('')), /empty/);
  const long = 'x'.repeat(73);
  assert.match(message(password(long)), /72 bytes/);
  assert.doesNotMatch(message(password(long)), /xxx/);
  for (const check of [signInInput, signUpInput]) {
    assert.match(message(check({ email: 'a@b.co', password: long })), /72 bytes/);
    assert.equal(check({ email: 'a@b.co', password: 'x'.repeat(72) }).error, null);
    // Bytes, not characters: 36 two-byte letters are 72 bytes, 25 emoji are 100.
    assert.equal(check({ email: 'a@b.co', password: 'é'.repeat(36) }).error, null);
    assert.match(message(check({ email: 'a@b.co', password: 'é'.repeat(37) })), /72 bytes/);
    assert.match(message(check({ email: 'a@b.co', password: '🔑'.repeat(19) })), /72 bytes/);
  }
  assert.equal(value(friendlyName('  ')), null);
  assert.equal(value(friendlyName(' Phone ')), 'Phone');
  assert.match(message(friendlyName('n'.repeat(121))), /120/);
});
