/**
 * Makes sure auth-js's WebAuthn module is there before a security key or passkey ceremony. In
 * the inline runtime it is bundled in; the hosted build replaces this module with
 * webauthn-module-chunk.ts, which loads it as a chunk on first use.
 */
import { ok, type Result } from './result.js';

export const loadWebAuthnModule = (): Promise<Result<true>> => Promise.resolve(ok(true));
