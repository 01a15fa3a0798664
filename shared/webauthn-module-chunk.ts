/**
 * The hosted build's stand-in for webauthn-module.ts: auth-js's WebAuthn module is the "webauthn"
 * chunk, loaded with an integrity check the first time a page uses a security key or passkey
 * (the core forwards to it: build/browser-stubs/webauthn-lazy.js).
 */
import { loadChunk } from './chunks/registry.js';
import { mapResult, type Result } from './result.js';

export const loadWebAuthnModule = (): Promise<Result<true>> => loadChunk<unknown>('webauthn', 'webauthn').then((r) => mapResult(r, () => true as const));
