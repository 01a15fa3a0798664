/**
 * WebAuthn failures (security keys, Touch ID / Windows Hello, passkeys) as the plugin's
 * MfaError. Three sources end up here:
 *  - the browser's ceremony (navigator.credentials.create / get), which auth-js wraps in a
 *    WebAuthnError whose name is the DOMException's (NotAllowedError, AbortError, …);
 *  - our own abort signal (the ceremony's timeout, or the Cancel action): the browser then says
 *    AbortError and only we know which of the two it was;
 *  - the server: it answers HTTP 500 when the page's origin is not one of its WebAuthn origins
 *    (or its RP settings are missing), which auth-js reports as a retryable fetch error.
 */
import { MfaError } from './errors.js';
import { toMfaError } from './to-mfa-error.js';

/** Why our own signal aborted a ceremony. */
export type AbortReason = 'timeout' | 'cancelled';

export type WebAuthnErrorCode =
  | 'webauthn_unsupported'
  | 'webauthn_cancelled'
  | 'webauthn_timeout'
  | 'webauthn_not_allowed'
  | 'webauthn_no_credential'
  | 'webauthn_already_registered'
  | 'webauthn_origin_rejected';

// Shared with SERVER_MESSAGES as constants, not read from MESSAGES: a table built from property
// reads counts as code with effects, which a bundle that never uses it would still carry.
const NO_CREDENTIAL = 'No security key or passkey on this device matches this account. Use the key you set up, or another method.';
const ALREADY_REGISTERED = 'This security key or device is already set up for this account.';

const MESSAGES: Record<WebAuthnErrorCode, string> = {
  webauthn_unsupported: 'This browser does not support security keys or passkeys. Use another browser or another method.',
  webauthn_cancelled: 'The security key request was cancelled.',
  webauthn_timeout: 'The security key request timed out. Try again.',
  webauthn_not_allowed:
    'The security key request was cancelled or not allowed, or this device has no security key or passkey for this account. Try again with the key or device you set up.',
  webauthn_no_credential: NO_CREDENTIAL,
  webauthn_already_registered: ALREADY_REGISTERED,
  webauthn_origin_rejected:
    "Supabase refused the security key request from this page's address. The project's WebAuthn settings must list this site's origin and domain.",
};

/**
 * Server codes of the WebAuthn and passkey endpoints, with messages for end users (the MFA codes
 * they share with the other factors, such as mfa_webauthn_enroll_not_enabled, are in errors.ts).
 */
const SERVER_MESSAGES: Record<string, string> = {
  passkey_disabled: 'Passkeys are not enabled for this project.',
  webauthn_credential_not_found: NO_CREDENTIAL,
  webauthn_challenge_not_found: 'The security key request expired. Try again.',
  webauthn_challenge_expired: 'The security key request expired. Try again.',
  webauthn_verification_failed: 'The security key or passkey was not accepted (it may have been removed from this account). Try again, or use another method.',
  webauthn_credential_exists: ALREADY_REGISTERED,
};

export function webAuthnError(code: WebAuthnErrorCode): MfaError {
  return new MfaError(code, MESSAGES[code]);
}

interface BrowserCeremonyError {
  name?: unknown;
  code?: unknown;
  __isWebAuthnError?: unknown;
  message?: unknown;
}

/** The DOMException name behind a failed ceremony (auth-js's WebAuthnError copies it), or null. */
function ceremonyErrorName(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as BrowserCeremonyError;
  const isCeremony = e.__isWebAuthnError === true || (typeof DOMException !== 'undefined' && error instanceof DOMException);
  return isCeremony && typeof e.name === 'string' ? e.name : null;
}

/**
 * Maps whatever a WebAuthn call produced. `aborted` says whether our signal fired (and why):
 * a browser that loses the race reports the abort as NotAllowedError or AbortError.
 */
export function toWebAuthnError(error: unknown, aborted: AbortReason | null, kind: 'create' | 'get'): MfaError {
  if (aborted) return webAuthnError(aborted === 'timeout' ? 'webauthn_timeout' : 'webauthn_cancelled');
  const name = ceremonyErrorName(error);
  if (name) {
    if (name === 'AbortError') return webAuthnError('webauthn_cancelled');
    if (name === 'NotAllowedError') return webAuthnError('webauthn_not_allowed');
    if (name === 'InvalidStateError') return webAuthnError(kind === 'create' ? 'webauthn_already_registered' : 'webauthn_no_credential');
    if (name === 'SecurityError') return webAuthnError('webauthn_origin_rejected');
    if (name === 'NotSupportedError') return webAuthnError('webauthn_unsupported');
  }
  // auth-js's own "Browser does not support WebAuthn" (no ceremony ran); a ceremony error's message
  // is the browser's, which only its name is read from.
  if (!name && error instanceof Error && /does not support WebAuthn/i.test(error.message)) return webAuthnError('webauthn_unsupported');
  const mapped = toMfaError(error);
  // The WebAuthn endpoints answer 500 for an origin outside GOTRUE_WEBAUTHN_RP_ORIGINS (or RP
  // settings missing); auth-js files that under retryable fetch errors. A real outage is 502-504
  // or no answer at all, which stays network_error.
  if (mapped.code === 'network_error' && mapped.status === 500) return new MfaError('webauthn_origin_rejected', MESSAGES.webauthn_origin_rejected, 500);
  const server = SERVER_MESSAGES[mapped.code];
  if (server) return new MfaError(mapped.code, server, mapped.status);
  if (name) return new MfaError('webauthn_not_allowed', `${MESSAGES.webauthn_not_allowed} (${name})`);
  return mapped;
}
