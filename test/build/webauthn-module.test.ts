/**
 * The build cuts two parts of auth-js's WebAuthn module (build/webauthn-module.ts). Proved here:
 * for every way a ceremony can fail, the cut and the installed module give the plugin the same
 * error (same name and cause, so the same code and message from shared/webauthn-errors.ts); the
 * cut module has no register; the build stops when auth-js changes shape; the built pages carry
 * neither part.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { authJsModuleDir } from '../../build/auth-js-direct.js';
import { ceremonyCodesRead, webAuthnRegisterUsed, withoutCeremonyGuesses, withoutWebAuthnRegister } from '../../build/webauthn-module.js';
import { toWebAuthnError } from '../../shared/webauthn-errors.js';
import { ROOT } from '../../dev/bubble-harness/index.js';
import { builtChunk, builtHeader } from '../helpers/built-runtimes.js';

const LIB = join(authJsModuleDir(ROOT), 'lib');
const ERRORS = join(LIB, 'webauthn.errors.js');
const WEBAUTHN = join(LIB, 'webauthn.js');

type Identify = (args: { error: Error; options: unknown }) => Error & { name: string; cause?: unknown; __isWebAuthnError?: boolean };
interface ErrorsModule {
  identifyRegistrationError: Identify;
  identifyAuthenticationError: Identify;
}
interface WebAuthnModule {
  WebAuthnApi: new (client: unknown) => Record<string, unknown>;
}

/** auth-js's lib module `entry`, bundled as it is or with `rewrite` applied to `file`. */
async function load<T>(entry: string, rewrite?: { file: string; cut: (source: string) => string }): Promise<T> {
  const plugins: Plugin[] = rewrite
    ? [
        {
          name: 'cut',
          setup: (b) =>
            b.onLoad({ filter: /\.js$/ }, (a) => (a.path === rewrite.file ? { contents: rewrite.cut(readFileSync(a.path, 'utf8')), loader: 'js' } : undefined)),
        },
      ]
    : [];
  const out = await build({ entryPoints: [entry], bundle: true, write: false, format: 'esm', platform: 'neutral', logLevel: 'silent', plugins });
  return (await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0]!.text).toString('base64')}`)) as T;
}

const installed = await load<ErrorsModule>(ERRORS);
const cut = await load<ErrorsModule>(ERRORS, { file: ERRORS, cut: withoutCeremonyGuesses });

// The DOMException names the spec lets a ceremony raise, and one it does not.
const NAMES = [
  'AbortError',
  'ConstraintError',
  'InvalidStateError',
  'NotAllowedError',
  'NotSupportedError',
  'SecurityError',
  'TypeError',
  'UnknownError',
  'OtherError',
];

/** Options shaped like the ones auth-js passes, in each variant its guesses branch on. */
function creationOptions(variant: number) {
  const selection = [{}, { requireResidentKey: true }, { userVerification: 'required' }][variant % 3];
  return {
    publicKey: {
      rp: { id: variant % 2 ? 'app.example.com' : 'other.example.com', name: 'App' },
      user: { id: new Uint8Array(variant % 4 === 3 ? 0 : 16), name: 'u', displayName: 'u' },
      challenge: new Uint8Array(32),
      pubKeyCredParams: variant % 5 === 4 ? [] : [{ type: 'public-key', alg: -7 }],
      authenticatorSelection: selection,
    },
    ...(variant % 2 ? { signal: new AbortController().signal } : {}),
    ...(variant === 5 ? { mediation: 'conditional' } : {}),
  };
}
const requestOptions = (variant: number) => ({
  publicKey: { rpId: variant % 2 ? 'app.example.com' : 'other.example.com', challenge: new Uint8Array(32) },
  ...(variant % 2 ? { signal: new AbortController().signal } : {}),
});

test('for every ceremony failure, the cut module gives the plugin the same error as the installed one', () => {
  const g = globalThis as { window?: unknown };
  g.window = { location: { hostname: 'app.example.com' } };
  try {
    let compared = 0;
    for (const name of NAMES) {
      for (let variant = 0; variant < 6; variant++) {
        for (const [kind, fn, options] of [
          ['create', 'identifyRegistrationError', creationOptions(variant)],
          ['get', 'identifyAuthenticationError', requestOptions(variant)],
        ] as const) {
          // The cut error carries the browser's message: any words, even ones the plugin reads elsewhere.
          for (const words of [`the browser's words for ${name}`, 'This device does not support WebAuthn for this request']) {
            const browserError = new DOMException(words, name);
            const before = installed[fn]({ error: browserError, options });
            const after = cut[fn]({ error: browserError, options });
            assert.equal(after.name, before.name, `${fn} ${name} #${variant}: name`);
            assert.equal(after.cause, browserError);
            assert.equal(after.__isWebAuthnError, true);
            for (const aborted of [null, 'timeout', 'cancelled'] as const) {
              const mapped = (e: unknown) => {
                const m = toWebAuthnError(e, aborted, kind);
                return { code: m.code, message: m.message };
              };
              assert.deepEqual(mapped(after), mapped(before), `${fn} ${name} #${variant} (${aborted}): ${words}`);
            }
            compared++;
          }
        }
      }
    }
    assert.equal(compared, NAMES.length * 6 * 2 * 2);
  } finally {
    delete g.window;
  }
});

test("the cut drops auth-js's guesses: the error carries the browser's own message", () => {
  const browserError = new DOMException('The authenticator was previously registered, says the browser', 'InvalidStateError');
  const options = creationOptions(1);
  assert.equal(installed.identifyRegistrationError({ error: browserError, options }).message, 'The authenticator was previously registered');
  assert.equal(cut.identifyRegistrationError({ error: browserError, options }).message, browserError.message);
});

test('the cut WebAuthnApi keeps the four steps the plugin calls and has no register', async () => {
  const before = new (await load<WebAuthnModule>(WEBAUTHN)).WebAuthnApi({});
  const after = new (await load<WebAuthnModule>(WEBAUTHN, { file: WEBAUTHN, cut: withoutWebAuthnRegister })).WebAuthnApi({});
  assert.equal(typeof before.register, 'function');
  assert.equal(after.register, undefined);
  for (const step of ['enroll', 'challenge', 'verify', 'authenticate']) assert.equal(typeof after[step], 'function', step);
});

test('each cut applies only while the plugin reads neither part', () => {
  assert.equal(ceremonyCodesRead("if (error.code === 'ERROR_CEREMONY_ABORTED') {}"), true);
  assert.equal(ceremonyCodesRead('if (error.name === "AbortError") {}'), false);
  assert.equal(webAuthnRegisterUsed('auth.mfa.webauthn.register({ friendlyName })'), true);
  assert.equal(webAuthnRegisterUsed('auth.mfa.webauthn.enroll({ friendlyName }); registry.get(x)'), false);
});

test('the build stops when auth-js changes either part', () => {
  const errors = readFileSync(ERRORS, 'utf8');
  const webauthn = readFileSync(WEBAUTHN, 'utf8');
  assert.throws(
    () =>
      withoutCeremonyGuesses(
        errors.replace('export function identifyAuthenticationError({ error, options, })', 'export function identifyAuthenticationError(args)'),
      ),
    /identifyAuthenticationError/,
  );
  assert.throws(
    () => withoutWebAuthnRegister(webauthn.replace('this.register = this._register.bind(this);', 'this.register = (...a) => this._register(...a);')),
    /register/,
  );
});

test('the built pages that carry the WebAuthn module carry neither part', () => {
  for (const [label, text] of [
    ['inline MFA runtime', builtHeader('supabase_mfa')],
    ['hosted WebAuthn chunk', builtChunk('webauthn')],
  ] as const) {
    assert.ok(text.includes('ERROR_PASSTHROUGH_SEE_CAUSE_PROPERTY'), `${label} carries the WebAuthn module`);
    for (const gone of ['Registration ceremony was sent an abort signal', 'is invalid for this domain', 'Unexpected error in register']) {
      assert.ok(!text.includes(gone), `${label}: ${gone}`);
    }
  }
});
