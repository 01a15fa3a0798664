/**
 * Every action checks its input before any request: bad input → invalid_input and no fetch.
 * The client is the real auth client with a counting fetch aimed at a closed port, so a call
 * that does go out is counted (and fails with network_error) — nothing answers in its place.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAuthClient } from '../../shared/client.js';
import { createAdminClient, type SupabaseAdmin } from '../../shared/admin-client.js';
import { enrollFactor } from '../../actions/enroll-factor.js';
import { createChallenge } from '../../actions/create-challenge.js';
import { verifyChallenge } from '../../actions/verify-challenge.js';
import { challengeAndVerify } from '../../actions/challenge-and-verify.js';
import { unenrollFactor } from '../../actions/unenroll-factor.js';
import { signIn } from '../../actions/sign-in.js';
import { setSession } from '../../actions/set-session.js';
import { signOutScope } from '../../actions/sign-out.js';
import { adminListFactors } from '../../actions/admin-list-factors.js';
import { adminDeleteFactor } from '../../actions/admin-delete-factor.js';
import { checkAccessToken } from '../../actions/check-access-token.js';
import { createUserApi } from '../../shared/user-client.js';
import type { Result } from '../../shared/result.js';

const URL_CLOSED = 'http://127.0.0.1:9';
const FACTOR = '3f0c1a2b-1111-4222-8333-444455556666';
let requests = 0;
const counting: typeof fetch = (input, init) => {
  requests++;
  return fetch(input, init);
};
const auth = createAuthClient(
  { url: URL_CLOSED, anonKey: 'anon', storageKey: 'sb-test-auth-token' },
  { fetch: counting, autoRefreshToken: false, persistSession: false },
);
const adminClient = createAdminClient({ url: URL_CLOSED, serviceRoleKey: 'service' }, counting);
assert.ok(adminClient.data);
const admin: SupabaseAdmin = adminClient.data;

/** What the user typed was unusable: invalid_input with a message for them. */
async function rejected(what: string, run: () => Promise<Result<unknown>>, message: RegExp): Promise<void> {
  const before = requests;
  const r = await run();
  assert.equal(r.error?.code, 'invalid_input', `${what}: ${r.error?.code} ${r.error?.message}`);
  assert.match(r.error!.message, message, what);
  assert.equal(requests, before, `${what}: no request`);
}

/** What the builder wired was unusable: setup_problem, the detail for the builder, a general message for users. */
async function misWired(what: string, run: () => Promise<Result<unknown>>, detail: RegExp): Promise<void> {
  const before = requests;
  const r = await run();
  assert.equal(r.error?.code, 'setup_problem', `${what}: ${r.error?.code} ${r.error?.message}`);
  assert.match(r.error!.detail ?? '', detail, what);
  assert.doesNotMatch(r.error!.message, detail, `${what}: end users do not see the builder's detail`);
  assert.equal(requests, before, `${what}: no request`);
}

test('the counting fetch does count: a valid call goes out and fails as network_error', async () => {
  const before = requests;
  const r = await signIn(auth, { email: 'ada@example.com', password: 'correct horse' });
  assert.equal(r.error?.code, 'network_error');
  assert.ok(requests > before);
});

test('enroll: factor type, phone and name are checked first', async () => {
  await misWired('unknown type', () => enrollFactor(auth, { factorType: 'webauthn' }), /totp, phone/);
  await rejected('phone without +', () => enrollFactor(auth, { factorType: 'phone', phone: '4155550123' }), /international format/);
  await rejected('phone missing', () => enrollFactor(auth, { factorType: 'phone' }), /phone number is empty/);
  await rejected('long name', () => enrollFactor(auth, { factorType: 'totp', friendlyName: 'x'.repeat(121) }), /longer than 120/);
});

test('challenge, verify, challenge-and-verify, unenroll: ids and codes are checked first', async () => {
  await misWired('challenge without factor', () => createChallenge(auth, { factorId: '' }), /Factor id is empty/);
  await misWired('challenge with a bad channel', () => createChallenge(auth, { factorId: FACTOR, channel: 'email' }), /sms, whatsapp/);
  await rejected('verify without code', () => verifyChallenge(auth, { factorId: FACTOR, challengeId: FACTOR, code: '' }), /empty/);
  await rejected('verify with letters', () => verifyChallenge(auth, { factorId: FACTOR, challengeId: FACTOR, code: '12a456' }), /digits only/);
  await misWired('verify with a bad challenge id', () => verifyChallenge(auth, { factorId: FACTOR, challengeId: 'abc', code: '123456' }), /Challenge id/);
  await rejected('challenge-and-verify short code', () => challengeAndVerify(auth, { factorId: FACTOR, code: '12345' }), /6 to 10 digits/);
  await misWired('unenroll without factor', () => unenrollFactor(auth, { factorId: null }), /Factor id is empty/);
});

test('sign in, set session, sign out: credentials, tokens and scope are checked first', async () => {
  await rejected('bad email', () => signIn(auth, { email: 'ada', password: 'x' }), /email address/);
  await rejected('empty password', () => signIn(auth, { email: 'ada@example.com', password: '' }), /password is empty/);
  await misWired('access token not a JWT', () => setSession(auth, { accessToken: 'abc', refreshToken: 'r' }), /not a JWT/);
  await misWired('no refresh token', () => setSession(auth, { accessToken: 'a.b.c', refreshToken: ' ' }), /refresh token is empty/);
  await misWired('bad scope', async () => signOutScope('everyone'), /local, global, others/);
});

test('admin actions: user and factor ids are checked first', async () => {
  await rejected('list without user', () => adminListFactors(admin, { userId: '' }), /User id is empty/);
  await rejected('delete with a bad factor id', () => adminDeleteFactor(admin, { userId: FACTOR, factorId: 'x' }), /Factor id/);
});

test('access-token check: markup, keys, unsigned and session-less tokens are refused first', async () => {
  const userApi = createUserApi({ url: URL_CLOSED, publicKey: 'anon' }, counting);
  assert.ok(userApi.data);
  const api = userApi.data;
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const session = { sub: FACTOR, session_id: FACTOR, aal: 'aal2', role: 'authenticated' };
  const check = (accessToken: unknown) => () => checkAccessToken(api, { accessToken });
  await rejected('empty', check(' '), /access token is empty/);
  await rejected('markup', check('<b>x</b>.e30.sig'), /not a Supabase access token/);
  await rejected('oversized', check(`${part({ alg: 'HS256' })}.${'A'.repeat(16 * 1024)}.sig`), /longer than 16 KB/);
  await rejected('new-style key', check('sb_secret_abc'), /API key, not a user's access token/);
  await rejected('service role key', check(`${part({ alg: 'HS256' })}.${part({ role: 'service_role' })}.sig`), /service role key/);
  for (const [what, token] of [
    ['alg none', `${part({ alg: 'none' })}.${part(session)}.`],
    ['no alg', `${part({ typ: 'JWT' })}.${part(session)}.sig`],
    ['no session id', `${part({ alg: 'HS256' })}.${part({ ...session, session_id: undefined })}.sig`],
    ['no subject', `${part({ alg: 'HS256' })}.${part({ ...session, sub: '' })}.sig`],
    ['claims not JSON', `${part({ alg: 'HS256' })}.bm90IGpzb24.sig`],
  ] as const) {
    const before = requests;
    const r = await check(token)();
    assert.equal(r.error?.code, 'bad_jwt', `${what}: ${r.error?.code}`);
    assert.equal(requests, before, `${what}: no request`);
  }
  const before = requests;
  const sent = await check(`${part({ alg: 'HS256' })}.${part(session)}.sig`)();
  assert.equal(sent.error?.code, 'network_error', 'a well-formed session token is sent to the server');
  assert.equal(requests, before + 1);
});
