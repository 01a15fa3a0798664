// Browser build only: stands in for auth-js's lib/webauthn while the plugin's code uses neither
// WebAuthn factors nor passkeys (build/trim-auth.ts decides on every build, from the code). If
// it were reached anyway, this says so plainly.
const unsupported = () => {
  throw new Error('WebAuthn and passkeys are not part of the Supabase MFA plugin for Bubble.');
};
export const createCredential = unsupported;
export const getCredential = unsupported;
export const deserializeCredentialCreationOptions = unsupported;
export const deserializeCredentialRequestOptions = unsupported;
export const serializeCredentialCreationResponse = unsupported;
export const serializeCredentialRequestResponse = unsupported;
export const browserSupportsWebAuthn = () => false;
export const webAuthnAbortService = { createNewAbortSignal: unsupported };
export class WebAuthnApi {}
