/**
 * The "webauthn" chunk of the hosted runtime: auth-js's WebAuthn module (ceremonies, option and
 * response (de)serialisation, its WebAuthnApi), GoTrueClient's passkey methods and the MFA
 * element's security key and passkey actions, fetched the first time a page uses a security key or
 * a passkey. The core's forwarder (build/browser-stubs/webauthn-lazy.js) and
 * elements/supabase-mfa/webauthn-actions.lazy.ts call into it. In this chunk's build
 * GoTrueClient's class holds only the passkey methods (build/auth-method-chunks.ts).
 */
import * as webauthn from '@supabase/auth-js/dist/module/lib/webauthn.js';
import GoTrueClient from '@supabase/auth-js/dist/module/GoTrueClient.js';
import { registerChunk } from '../shared/chunks/registry.js';
import { webauthnHandlers } from '../elements/supabase-mfa/webauthn-actions.js';

registerChunk('webauthn', webauthn);
registerChunk('webauthn-actions', { webauthnHandlers });
registerChunk('gotrue-passkeys', GoTrueClient.prototype);
