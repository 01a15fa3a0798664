/**
 * The security key and passkey actions' names and their locks, apart from their code: the
 * hosted core needs these to stand in for the actions (webauthn-actions.lazy.ts) while the code
 * itself is a chunk.
 */

export const WEBAUTHN_ACTION_NAMES = [
  'enroll_security_key',
  'verify_security_key',
  'sign_in_with_passkey',
  'register_passkey',
  'remove_passkey',
  'list_passkeys',
  'cancel_security_key',
] as const;

export type WebAuthnActionName = (typeof WEBAUTHN_ACTION_NAMES)[number];

/** The browser runs one WebAuthn prompt at a time: every action that opens one holds this one lock. */
export const WEBAUTHN_LOCK = 'webauthn';

/** The lock an action holds: the shared prompt lock, or its own name for those that open no prompt. */
export function webauthnLock(name: WebAuthnActionName): string {
  return name === 'list_passkeys' || name === 'remove_passkey' ? name : WEBAUTHN_LOCK;
}
