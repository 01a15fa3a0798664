/**
 * What this browser can do with WebAuthn, asked without a prompt or a request. Apart from the
 * ceremony code so that the MFA element can publish its support states on a page that never runs
 * a ceremony (in the hosted runtime the ceremony code is a chunk loaded on first use).
 */

/** Whether this page can run a WebAuthn ceremony at all (API present, secure context). */
export function browserSupportsWebAuthn(): boolean {
  const w = globalThis as { PublicKeyCredential?: unknown; isSecureContext?: boolean; navigator?: { credentials?: { create?: unknown } } };
  return typeof w.PublicKeyCredential === 'function' && w.isSecureContext !== false && typeof w.navigator?.credentials?.create === 'function';
}

/** What the browser offers, read once per page (the answers do not change while it is open). */
export interface WebAuthnSupportStates {
  webauthn_supported: boolean;
  platform_authenticator_available: boolean;
}

/** For the yes/no states builders hide the options with; never throws, never prompts. */
export async function detectWebAuthnSupport(): Promise<WebAuthnSupportStates> {
  if (!browserSupportsWebAuthn()) return { webauthn_supported: false, platform_authenticator_available: false };
  const pkc = (globalThis as { PublicKeyCredential?: { isUserVerifyingPlatformAuthenticatorAvailable?: () => Promise<boolean> } }).PublicKeyCredential;
  let platform = false;
  try {
    platform = (await pkc?.isUserVerifyingPlatformAuthenticatorAvailable?.()) === true;
  } catch {
    platform = false;
  }
  return { webauthn_supported: true, platform_authenticator_available: platform };
}
