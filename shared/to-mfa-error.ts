/**
 * Maps whatever an auth-js call produced (an AuthError, a fetch TypeError, anything thrown) to an
 * MfaError. Kept apart from errors.ts so code that never talks to Supabase (the QR runtime) does
 * not pull in the auth client.
 */
import { isAuthError, isAuthRetryableFetchError, isAuthSessionMissingError } from '@supabase/supabase-js';
import { MfaError, messageFor } from './errors.js';
import { gatewayRefusal } from './api-keys.js';

/** A code as Supabase writes them (snake_case); anything else the wire carried is not published. */
const SERVER_CODE = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * Turns whatever a call produced (an AuthError from auth-js, a fetch TypeError, anything thrown)
 * into an MfaError. Server codes are kept, so builders can look them up in Supabase's docs; the
 * message is always ours, never the server's: Supabase's sentences can quote what was sent (an
 * email address it will not mail, for one), and error_message is bound to pages, HTML elements
 * included. A code without a sentence of ours gets the general one.
 */
export function toMfaError(error: unknown): MfaError {
  if (error instanceof MfaError) return error;
  if (isAuthRetryableFetchError(error)) {
    // auth-js uses this for "fetch failed" (status 0) and for 502/503/504 answers.
    return new MfaError('network_error', messageFor('network_error'), error.status || undefined);
  }
  if (isAuthSessionMissingError(error)) {
    return new MfaError('no_session', messageFor('no_session'), error.status);
  }
  if (isAuthError(error)) {
    const refused = gatewayRefusal(error.code, error.status);
    if (refused) return refused;
    const code = error.code && SERVER_CODE.test(error.code) ? error.code : error.status && error.status >= 500 ? 'network_error' : 'unexpected_error';
    return new MfaError(code, messageFor(code), error.status);
  }
  if (error instanceof TypeError && /fetch|network|load failed/i.test(error.message)) {
    return new MfaError('network_error', messageFor('network_error'));
  }
  // Only the kind of failure: a thrown message can quote what it was parsing (e.g. part of a
  // pasted token), and error_message is bound to the page.
  const kind = error instanceof Error ? error.name : typeof error;
  return new MfaError('unexpected_error', `${messageFor('unexpected_error')} (${kind})`);
}
