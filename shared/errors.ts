/**
 * One error type for the whole plugin. Every failure ends up as an MfaError with a code from
 * MfaErrorCode and a plain-English message an app builder can show to an end user as is.
 *
 * Codes are Supabase's own where Supabase produced the error (so builders can look them up in
 * Supabase's docs), plus a few of ours for failures that happen before or outside the server.
 * This module has no dependency on the auth client (the QR runtime uses it without one);
 * to-mfa-error.ts maps auth-js's errors.
 */
/** Supabase Auth error codes that matter to MFA flows (a subset of auth-js's ErrorCode). */
export type SupabaseMfaErrorCode =
  | 'mfa_factor_not_found'
  | 'mfa_factor_name_conflict'
  | 'too_many_enrolled_mfa_factors'
  | 'insufficient_aal'
  | 'mfa_verified_factor_exists'
  | 'mfa_totp_enroll_not_enabled'
  | 'mfa_totp_verify_not_enabled'
  | 'mfa_phone_enroll_not_enabled'
  | 'mfa_phone_verify_not_enabled'
  | 'mfa_webauthn_enroll_not_enabled'
  | 'mfa_webauthn_verify_not_enabled'
  | 'mfa_ip_address_mismatch'
  | 'mfa_challenge_expired'
  | 'mfa_verification_failed'
  | 'mfa_verification_rejected'
  | 'otp_expired'
  | 'validation_failed'
  | 'over_request_rate_limit'
  | 'over_sms_send_rate_limit'
  | 'sms_send_failed'
  | 'session_not_found'
  | 'session_expired'
  | 'refresh_token_not_found'
  | 'refresh_token_already_used'
  | 'invalid_credentials'
  | 'user_already_exists'
  | 'email_exists'
  | 'weak_password'
  | 'signup_disabled'
  | 'email_address_invalid'
  | 'over_email_send_rate_limit'
  | 'email_not_confirmed'
  | 'email_address_not_authorized'
  | 'captcha_failed'
  | 'user_not_found'
  | 'user_banned'
  | 'not_admin'
  | 'bad_jwt'
  | 'no_authorization'
  | 'hook_timeout'
  | 'request_timeout'
  | 'unexpected_failure';

/** Codes the plugin itself produces. */
export type PluginErrorCode =
  | 'network_error' // the server could not be reached, or answered with a 5xx
  | 'no_session' // the action needs a signed-in user and there is none
  | 'invalid_input' // a field the builder passed is empty or malformed (no request was sent)
  | 'missing_keys' // the plugin keys (Supabase URL / anon key / service role key) are not set
  | 'setup_problem' // the builder wired a field with an unusable value (detail for the builder only)
  | 'invalid_qr' // the QR source is not a QR code (SVG or the MFA element's QR code text); nothing was put in the page
  | 'not_ready' // an action arrived before the element was set up
  | 'runtime_unavailable' // a part of the runtime loaded on first use did not load (hosted mode)
  | 'unexpected_error'; // anything else; the message carries the detail

export type MfaErrorCode = SupabaseMfaErrorCode | PluginErrorCode;

export class MfaError extends Error {
  override readonly name = 'MfaError';
  constructor(
    readonly code: MfaErrorCode | (string & {}),
    message: string,
    /** HTTP status when the server answered, for the debugger; never shown to end users. */
    readonly status?: number,
    /** For the builder (Setup problem state, debugger), when the message is the end-user one. */
    readonly detail?: string,
  ) {
    super(message);
  }
}

/**
 * The QR code element's only message, on its own so that the QR runtime (which can fail no other
 * way) does not carry the whole table below.
 */
export const INVALID_QR_MESSAGE = 'The QR code could not be shown: the source is not a QR code image.';

/** On its own for the same reason: the chunk loader runs in the QR element too. */
export const RUNTIME_UNAVAILABLE_MESSAGE = 'A part of the page could not be loaded. Check your connection and reload the page.';

/** Plain-English messages, written for end users; builders may show error_message as is. */
const MESSAGES: Partial<Record<MfaErrorCode, string>> = {
  mfa_factor_not_found: 'That second factor or code request no longer exists. Start the set-up or sign-in step again.',
  mfa_factor_name_conflict: 'You already have a second factor with this name. Choose another name.',
  too_many_enrolled_mfa_factors: 'You have reached the maximum number of second factors. Remove one to add another.',
  insufficient_aal: 'Please confirm your existing second factor first, then try again.',
  mfa_verified_factor_exists: 'This phone number is already set up as a second factor.',
  mfa_totp_enroll_not_enabled: 'Authenticator apps are not enabled for this project (Supabase Auth settings).',
  mfa_totp_verify_not_enabled: 'Authenticator app codes are not enabled for this project (Supabase Auth settings).',
  mfa_phone_enroll_not_enabled: 'Phone (SMS) second factors are not enabled for this project (Supabase Auth settings).',
  mfa_phone_verify_not_enabled: 'Phone (SMS) codes are not enabled for this project (Supabase Auth settings).',
  mfa_webauthn_enroll_not_enabled: 'Security keys are not enabled for this project.',
  mfa_webauthn_verify_not_enabled: 'Security keys are not enabled for this project.',
  mfa_ip_address_mismatch: 'This code request has already been used or came from another network. Request a new code.',
  mfa_challenge_expired: 'The code request expired. Request a new code and try again.',
  mfa_verification_failed: 'That code is not correct. Check it and try again.',
  mfa_verification_rejected: 'The code was rejected and you were signed out. Please sign in again.',
  otp_expired: 'That code has expired. Request a new one.',
  validation_failed: 'Supabase rejected the request as invalid.',
  over_request_rate_limit: 'Too many attempts. Wait a minute and try again.',
  over_sms_send_rate_limit: 'A code was sent very recently. Wait a minute before requesting another.',
  sms_send_failed: 'The text message could not be sent. Try again later.',
  session_not_found: 'Your session has ended. Please sign in again.',
  session_expired: 'Your session has expired. Please sign in again.',
  refresh_token_not_found: 'Your session has ended. Please sign in again.',
  refresh_token_already_used: 'Your session has ended. Please sign in again.',
  invalid_credentials: 'Email or password is not correct.',
  user_already_exists: 'An account with this email already exists. Sign in instead.',
  email_exists: 'An account with this email already exists. Sign in instead.',
  weak_password: 'This password is too weak. Choose a longer one.',
  signup_disabled: 'New sign-ups are closed for this app.',
  email_address_invalid: 'This email address cannot be used. Check it and try again.',
  over_email_send_rate_limit: 'Too many emails were sent. Wait a few minutes and try again.',
  email_not_confirmed: 'Please confirm your email address first.',
  // Supabase's built-in mailer only writes to the project's team: the app needs its own SMTP.
  email_address_not_authorized: 'This app cannot send emails to this address yet. Please let the app owner know.',
  // The plugin sends no captcha token: a project that requires one refuses every sign-in.
  captcha_failed: 'Sign-in needs a captcha this page lacks. Please let the app owner know.',
  user_not_found: 'No such user.',
  user_banned: 'This account is suspended.',
  not_admin: 'The service role key is not accepted by Supabase (is it the service_role key?).',
  bad_jwt: 'The key or session token is not valid for this Supabase project.',
  no_authorization: 'This request needs a signed-in user or a valid key.',
  hook_timeout: 'Supabase timed out talking to a hook. Try again.',
  request_timeout: 'Supabase took too long to answer. Try again.',
  network_error: 'Could not reach Supabase. Check your connection and try again.',
  no_session: 'You are not signed in. Please sign in first.',
  missing_keys: 'Sign-in is not available yet: this app is not connected to Supabase.',
  setup_problem: 'Sorry, this step is not set up correctly on this page, so nothing was sent. Please let the app owner know.',
  invalid_qr: INVALID_QR_MESSAGE,
  not_ready: 'The Supabase MFA element is not ready yet. Try again in a moment.',
  runtime_unavailable: RUNTIME_UNAVAILABLE_MESSAGE,
  unexpected_error: 'Something went wrong. Please try again.',
};

export function messageFor(code: string): string {
  return MESSAGES[code as MfaErrorCode] ?? MESSAGES.unexpected_error!;
}

/** Where a message depends on the factor: the user must look in the right place for the code. */
const FACTOR_MESSAGES: Record<'totp' | 'phone', Partial<Record<MfaErrorCode, string>>> = {
  totp: {
    mfa_verification_failed: 'That code is not correct. Check your authenticator app and try again.',
    mfa_factor_name_conflict: 'You already have an authenticator app with this name. Choose another name.',
    mfa_challenge_expired: 'That took too long. Type the code your authenticator app shows now.',
  },
  phone: {
    mfa_verification_failed: 'That code is not correct. Check the text message we sent you and try again.',
    mfa_factor_name_conflict: 'You already have a phone with this name. Choose another name.',
    mfa_challenge_expired: 'That code has expired. Request a new text message and try again.',
  },
};

/** The same error with the message for this factor type, when there is one. */
export function forFactor(error: MfaError, factorType: string | null | undefined): MfaError {
  const message = factorType === 'totp' || factorType === 'phone' ? FACTOR_MESSAGES[factorType][error.code as MfaErrorCode] : undefined;
  return message ? new MfaError(error.code, message, error.status, error.detail) : error;
}

/** Work whose session ended meanwhile (a user switch, a sign-out): the element drops it, nothing is shown. */
export const sessionChanged = (): MfaError => new MfaError('not_ready', 'The session changed.');

/** A field the builder wired has an unusable value: a general sentence for users, the detail for the builder. */
export function setupProblem(detail: string): MfaError {
  return new MfaError('setup_problem', MESSAGES.setup_problem!, undefined, detail);
}

/**
 * Builder-facing failures (a wired field's invalid_input, missing plugin keys) as setup problems:
 * validators word their messages for whoever typed the value, and for these that is the builder.
 */
export function asSetupProblem(error: MfaError): MfaError {
  if (error.code === 'invalid_input') return setupProblem(error.message);
  if (error.code === 'missing_keys' && !error.detail) return new MfaError('missing_keys', MESSAGES.missing_keys!, error.status, error.message);
  return error;
}

/** A validated builder-wired field: its failure becomes a setup problem. */
export function setupField<R extends { error: MfaError | null }>(checked: R): R {
  return checked.error ? ({ data: null, error: asSetupProblem(checked.error) } as unknown as R) : checked;
}

export function invalidInput(message: string): MfaError {
  return new MfaError('invalid_input', message);
}
