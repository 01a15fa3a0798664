// Hosted runtime only: stands in for auth-js's lib/webauthn in the core file and forwards every
// call to the real module, the "webauthn" chunk. The security key and passkey actions travel in
// that chunk (elements/supabase-mfa/webauthn-actions.lazy.ts loads it, with its integrity check,
// before running one), so these forwards only ever run once it is there; if one ran earlier, it
// says so plainly.
const real = () => {
  const m = window.SupabaseMfaBubbleChunks?.webauthn;
  if (!m) throw new Error('The security key module of the Supabase MFA plugin is not loaded yet.');
  return m;
};
export const createCredential = (...a) => real().createCredential(...a);
export const getCredential = (...a) => real().getCredential(...a);
export const deserializeCredentialCreationOptions = (...a) => real().deserializeCredentialCreationOptions(...a);
export const deserializeCredentialRequestOptions = (...a) => real().deserializeCredentialRequestOptions(...a);
export const serializeCredentialCreationResponse = (...a) => real().serializeCredentialCreationResponse(...a);
export const serializeCredentialRequestResponse = (...a) => real().serializeCredentialRequestResponse(...a);
export const browserSupportsWebAuthn = (...a) => real().browserSupportsWebAuthn(...a);
export const webAuthnAbortService = {
  createNewAbortSignal: (...a) => real().webAuthnAbortService.createNewAbortSignal(...a),
  cancelCeremony: (...a) => real().webAuthnAbortService.cancelCeremony(...a),
};
// GoTrueClient builds its `mfa.webauthn` in its constructor, before any chunk can be there: the
// real API object is made on first call.
export class WebAuthnApi {
  constructor(client) {
    let api;
    const get = () => {
      api ??= new (real().WebAuthnApi)(client);
      return api;
    };
    for (const name of ['enroll', 'challenge', 'verify', 'authenticate', 'register']) this[name] = (...a) => get()[name](...a);
  }
}
