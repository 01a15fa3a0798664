/**
 * Two parts of auth-js's WebAuthn module (lib/webauthn.js, lib/webauthn.errors.js) that the
 * plugin's code never uses, written out of the pages that carry the module (the inline MFA runtime,
 * the hosted WebAuthn chunk):
 *  - Its guesses at why a ceremony failed: identifyRegistrationError / identifyAuthenticationError
 *    replace the browser's DOMException with a WebAuthnError whose message and ERROR_… code are a
 *    guess for developers (about 1.5 KB of sentences). Of a ceremony error the plugin reads only
 *    its `name`, which the WebAuthnError takes from the browser's error either way
 *    (shared/webauthn-errors.ts maps it), so the build keeps the wrapper and drops the guessing:
 *    every ceremony error becomes the pass-through auth-js already uses for NotAllowedError (the
 *    browser's message, cause and name).
 *  - WebAuthnApi.register, which enrolls, challenges and verifies in one call: the plugin runs those
 *    steps itself (actions/webauthn-enroll.ts), with its own clean-up and session checks.
 * About 0.9 KB gzip together. Each cut applies only while the plugin's code does not read
 * auth-js's ceremony codes (`ERROR_…`) or a `register` property; the build stops if auth-js's
 * source no longer has the parts as this file expects.
 */
import { propertyNames } from './auth-surface.js';

/** The plugin's code reads auth-js's ceremony error codes (ERROR_CEREMONY_ABORTED, …). */
export function ceremonyCodesRead(pluginCode: string): boolean {
  return /\bERROR_[A-Z_]+\b/.test(pluginCode);
}

/** The plugin's code reads a `register` property (auth.mfa.webauthn.register). */
export function webAuthnRegisterUsed(pluginCode: string): boolean {
  return propertyNames(pluginCode).has('register');
}

const GUESSERS = ['identifyRegistrationError', 'identifyAuthenticationError'];

/** lib/webauthn.errors.js with both guessers passing the browser's error through. */
export function withoutCeremonyGuesses(source: string): string {
  let out = source;
  for (const fn of GUESSERS) {
    const start = out.indexOf(`export function ${fn}({ error, options, }) {`);
    const end = start < 0 ? -1 : out.indexOf('\n}\n', start);
    const passThrough = out.indexOf("code: 'ERROR_PASSTHROUGH_SEE_CAUSE_PROPERTY',", start);
    if (start < 0 || end < 0 || passThrough < 0 || passThrough > end || !/^export class WebAuthnError extends Error \{/m.test(out)) {
      throw new Error(`auth-js's ${fn} is not as build/webauthn-module.ts expects; update it.`);
    }
    const body = `export function ${fn}({ error }) {\n    return new WebAuthnError({ message: error.message, code: 'ERROR_PASSTHROUGH_SEE_CAUSE_PROPERTY', cause: error });\n}`;
    out = out.slice(0, start) + body + out.slice(end + 2);
  }
  return out;
}

/** lib/webauthn.js with WebAuthnApi's register (its binding and its method, the class's last) gone. */
export function withoutWebAuthnRegister(source: string): string {
  const binding = '        this.register = this._register.bind(this);\n';
  const start = source.indexOf('    async _register(');
  const end = start < 0 ? -1 : source.indexOf('\n    }\n}\n', start);
  // The cut runs to the class's closing brace: it must hold _register's body and no other method.
  const removed = end < 0 ? '' : source.slice(start, end);
  const methods = removed.match(/^ {4}(?:async |static |get |set )*[\w$#]+\s*\(/gm) ?? [];
  if (source.split(binding).length !== 2 || source.split('_register').length !== 3 || start < 0 || end < 0 || methods.length !== 1) {
    throw new Error("auth-js's WebAuthnApi.register is not as build/webauthn-module.ts expects; update it.");
  }
  return (source.slice(0, start) + source.slice(end + '\n    }\n'.length)).replace(binding, '');
}
