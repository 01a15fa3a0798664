/**
 * The WebAuthn pieces that need no browser: the error mapping (from the shapes auth-js and the
 * browser really produce), the creation overrides per authenticator choice, the timeout check,
 * the security-key states, and the input checks that run before any request.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuthApiError, AuthRetryableFetchError } from '@supabase/supabase-js';
// Not exported by supabase-js: the class auth-js wraps every browser ceremony failure in.
import { WebAuthnError } from '@supabase/auth-js/dist/module/lib/webauthn.errors.js';
import { toWebAuthnError } from '../../shared/webauthn-errors.js';
import { creationOverrides, enrollWebAuthn } from '../../actions/webauthn-enroll.js';
import { verifyWebAuthn } from '../../actions/webauthn-verify.js';
import { registerPasskey, removePasskey, signInWithPasskey } from '../../actions/webauthn-passkeys.js';
import { Ceremony, ceremonyTimeout } from '../../actions/webauthn-ceremony.js';
import { securityKeyStates } from '../../shared/webauthn-factors.js';
import { resolveFactorId, summarizeFactors } from '../../shared/factors.js';
import { createAuthClient } from '../../shared/client.js';

const ceremonyError = (name: string) =>
  new WebAuthnError({ message: name, code: 'ERROR_PASSTHROUGH_SEE_CAUSE_PROPERTY', cause: Object.assign(new Error(name), { name }) });

test('browser ceremony failures map by the DOMException name', () => {
  assert.equal(toWebAuthnError(ceremonyError('NotAllowedError'), null, 'get').code, 'webauthn_not_allowed');
  assert.equal(toWebAuthnError(ceremonyError('AbortError'), null, 'get').code, 'webauthn_cancelled');
  assert.equal(toWebAuthnError(ceremonyError('InvalidStateError'), null, 'create').code, 'webauthn_already_registered');
  assert.equal(toWebAuthnError(ceremonyError('SecurityError'), null, 'create').code, 'webauthn_origin_rejected');
  assert.equal(toWebAuthnError(ceremonyError('NotSupportedError'), null, 'create').code, 'webauthn_unsupported');
});

test('our own abort wins: the browser reports it as NotAllowedError or AbortError, we know why', () => {
  assert.equal(toWebAuthnError(ceremonyError('NotAllowedError'), 'timeout', 'get').code, 'webauthn_timeout');
  assert.equal(toWebAuthnError(ceremonyError('AbortError'), 'cancelled', 'create').code, 'webauthn_cancelled');
});

test('server answers: 500 is the origin/RP settings, a real outage stays network_error, codes keep their names', () => {
  const origin = toWebAuthnError(new AuthRetryableFetchError('Internal Server Error', 500), null, 'create');
  assert.equal(origin.code, 'webauthn_origin_rejected');
  assert.match(origin.message, /WebAuthn settings/);
  assert.equal(toWebAuthnError(new AuthRetryableFetchError('Bad Gateway', 502), null, 'create').code, 'network_error');
  assert.equal(toWebAuthnError(new AuthRetryableFetchError('fetch failed', 0), null, 'create').code, 'network_error');
  const disabled = toWebAuthnError(new AuthApiError('Passkeys are disabled', 404, 'passkey_disabled'), null, 'get');
  assert.deepEqual([disabled.code, disabled.message], ['passkey_disabled', 'Passkeys are not enabled for this project.']);
  assert.equal(toWebAuthnError(new Error('Browser does not support WebAuthn'), null, 'get').code, 'webauthn_unsupported');
});

test('creation overrides: the choice decides the attachment and hint; "either" leaves both open', () => {
  assert.deepEqual(creationOverrides('security_key'), { hints: ['security-key'], authenticatorSelection: { authenticatorAttachment: 'cross-platform' } });
  assert.deepEqual(creationOverrides('this_device'), { hints: ['client-device'], authenticatorSelection: { authenticatorAttachment: 'platform' } });
  assert.deepEqual(creationOverrides('either'), { hints: [], authenticatorSelection: { authenticatorAttachment: null } });
});

test('timeout: 5 to 600 seconds, default 120', () => {
  assert.equal(ceremonyTimeout(null).data, 120_000);
  assert.equal(ceremonyTimeout(30).data, 30_000);
  // A wired field: the builder's mistake, a setup problem with the detail for the builder.
  for (const bad of [0, 4, 601, 'soon', Number.NaN]) {
    assert.equal(ceremonyTimeout(bad).error?.code, 'setup_problem', String(bad));
    assert.match(ceremonyTimeout(bad).error?.detail ?? '', /between 5 and 600 seconds/);
  }
});

test('a ceremony aborts once, with the first reason', () => {
  const c = new Ceremony(60_000);
  c.start();
  c.cancel();
  c.finish();
  assert.equal(c.reason, 'cancelled');
  assert.equal(c.signal.aborted, true);
});

const factors = summarizeFactors([
  { id: 'key', friendly_name: 'YubiKey', factor_type: 'webauthn', status: 'verified', created_at: '', updated_at: '' },
  { id: 'app', friendly_name: 'App', factor_type: 'totp', status: 'verified', created_at: '', updated_at: '' },
  { id: 'key2', friendly_name: 'Old', factor_type: 'webauthn', status: 'unverified', created_at: '', updated_at: '' },
] as never);

test('security-key states: the first verified webauthn factor', () => {
  assert.deepEqual(securityKeyStates(factors), { has_security_key: true, security_key_factor_id: 'key' });
  assert.deepEqual(securityKeyStates(factors.filter((f) => f.id !== 'key')), { has_security_key: false, security_key_factor_id: null });
});

test('code actions never default to a security key, not even the one the page remembers', () => {
  const remembered = (id: string | null) => ({ id, type: null });
  assert.equal(resolveFactorId(null, remembered(null), factors, 'code'), 'app');
  assert.equal(resolveFactorId(null, remembered('key'), factors, 'code'), 'app', 'remembered key skipped');
  assert.equal(resolveFactorId(null, remembered(null), factors.slice(0, 1), 'code'), null, 'only a key: ask for an id');
  assert.equal(resolveFactorId(null, remembered(null), factors, 'webauthn'), 'key');
  assert.equal(resolveFactorId(null, remembered('app'), factors, 'webauthn'), 'key', 'remembered app skipped for a key action');
  assert.equal(resolveFactorId(null, remembered('unknown-id'), factors, 'webauthn'), 'key', 'a remembered id of unknown type is not taken for a key');
});

test('a security key action never guesses: two verified keys, or only an unverified one, ask for an id', () => {
  const remembered = { id: null, type: null };
  const second = { id: 'key3', friendly_name: 'Backup', factor_type: 'webauthn', status: 'verified', created_at: '', updated_at: '' };
  const twoKeys = [...factors, ...summarizeFactors([second] as never)];
  assert.equal(resolveFactorId(null, remembered, twoKeys, 'webauthn'), null, 'two verified keys');
  assert.equal(resolveFactorId(null, { id: 'key3', type: 'webauthn' }, twoKeys, 'webauthn'), 'key3', 'the one this page used');
  const onlyUnverified = factors.filter((f) => f.id !== 'key');
  assert.equal(resolveFactorId(null, remembered, onlyUnverified, 'webauthn'), null, 'an abandoned set-up is not a key to check');
});

test('WebAuthn actions check their input (and the browser) before any request', async () => {
  let requests = 0;
  const auth = createAuthClient(
    { url: 'http://127.0.0.1:9', anonKey: 'anon', storageKey: 'sb-test-auth-token' },
    {
      fetch: () => {
        requests++;
        return Promise.reject(new TypeError('fetch failed'));
      },
      autoRefreshToken: false,
      persistSession: false,
    },
  );
  const c = () => new Ceremony(5000);
  const cases: Array<[string, () => Promise<{ error: { code: string } | null }>, string]> = [
    ['unknown authenticator', () => enrollWebAuthn(auth, { authenticator: 'phone' }, c()), 'setup_problem'],
    ['long name', () => enrollWebAuthn(auth, { friendlyName: 'x'.repeat(121) }, c()), 'invalid_input'],
    ['bad factor id', () => verifyWebAuthn(auth, { factorId: 'nope' }, c()), 'setup_problem'],
    ['bad passkey id', () => removePasskey(auth, { passkeyId: 'nope' }), 'setup_problem'],
    // Node has no PublicKeyCredential: the browser check answers, no request goes out.
    ['no WebAuthn: enroll', () => enrollWebAuthn(auth, {}, c()), 'webauthn_unsupported'],
    ['no WebAuthn: verify', () => verifyWebAuthn(auth, { factorId: '3f0c1a2b-1111-4222-8333-444455556666' }, c()), 'webauthn_unsupported'],
    ['no WebAuthn: passkey sign-in', () => signInWithPasskey(auth, c()), 'webauthn_unsupported'],
    ['no WebAuthn: register passkey', () => registerPasskey(auth, {}, c()), 'webauthn_unsupported'],
  ];
  for (const [what, run, code] of cases) {
    const r = await run();
    assert.equal(r.error?.code, code, what);
  }
  assert.equal(requests, 0);
});
