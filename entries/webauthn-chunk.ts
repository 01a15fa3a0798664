/**
 * The "webauthn" chunk of the hosted runtime: auth-js's WebAuthn module (ceremonies, option and
 * response (de)serialisation, its WebAuthnApi), fetched the first time a page uses a security key
 * or a passkey. The core's forwarder (build/browser-stubs/webauthn-lazy.js) calls into it.
 */
// @ts-expect-error resolved by the build (build/bundle.ts: the auth-js copy supabase-js uses)
import * as webauthn from 'auth-js/lib/webauthn';
import { registerChunk } from '../shared/chunks/registry.js';

registerChunk('webauthn', webauthn);
