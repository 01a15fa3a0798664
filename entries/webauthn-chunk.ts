/**
 * The "webauthn" chunk of the hosted runtime: auth-js's WebAuthn module (ceremonies, option and
 * response (de)serialisation, its WebAuthnApi), GoTrueClient's passkey methods and the MFA
 * element's security key and passkey actions, fetched the first time a page uses a security key or a passkey. The core's forwarder
 * (build/browser-stubs/webauthn-lazy.js) and elements/supabase-mfa/webauthn-actions-chunk.ts call
 * into it.
 */
// @ts-expect-error resolved by the build (build/bundle.ts: the auth-js copy supabase-js uses)
import * as webauthn from 'auth-js/lib/webauthn';
// @ts-expect-error resolved by the build (build/bundle.ts: GoTrueClient's passkey methods, cut from the installed GoTrueClient.js)
import { methods as passkeyMethods } from 'auth-js/gotrue-methods/gotrue-passkeys';
import { registerChunk } from '../shared/chunks/registry.js';
import { webauthnHandlers } from '../elements/supabase-mfa/webauthn-actions.js';

registerChunk('webauthn', webauthn);
registerChunk('webauthn-actions', { webauthnHandlers });
registerChunk('gotrue-passkeys', passkeyMethods);
