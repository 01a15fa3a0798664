/**
 * Input checks that run before any network call, so a builder's mistake (an empty code, a
 * phone number without +) becomes a clear invalid_input message instead of a vague server error.
 * Each checker returns a Result (the cleaned value, or an MfaError); none throws. Messages never
 * repeat what was typed: builders bind error_message to text and HTML elements.
 */
import { invalidInput, MfaError } from './errors.js';
import { fail, ok, type Result } from './result.js';

const bad = (message: string): Result<never> => fail(invalidInput(message));

/** Bubble hands over null for an empty dynamic value; treat whitespace-only text the same. */
export function optionalText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}

export function requiredText(value: unknown, label: string): Result<string> {
  const text = optionalText(value);
  return text === null ? bad(`${label} is empty.`) : ok(text);
}

/**
 * A one-time code: digits only once spaces and dashes are removed ("123 456" is fine).
 * TOTP codes are 6 digits; Supabase's SMS codes are 6 by default and configurable up to 10.
 */
export function otpCode(value: unknown, label = 'The code'): Result<string> {
  const text = optionalText(value);
  if (text === null) return bad(`${label} is empty: type the 6-digit code.`);
  const digits = text.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(digits)) return bad(`${label} must contain digits only.`);
  if (digits.length < 6 || digits.length > 10) return bad(`${label} must be 6 digits.`);
  return ok(digits);
}

/** E.164: + then up to 15 digits, no leading zero. Spaces, dashes, dots and brackets are dropped. */
export function e164Phone(value: unknown): Result<string> {
  const text = optionalText(value);
  if (text === null) return bad('The phone number is empty.');
  const compact = text.replace(/[\s().-]/g, '');
  if (!/^\+[1-9]\d{6,14}$/.test(compact)) {
    return bad('The phone number must be in international format: + country code and number, e.g. +14155550123.');
  }
  return ok(compact);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Supabase factor, challenge and user ids are UUIDs. */
export function uuid(value: unknown, label: string): Result<string> {
  const text = optionalText(value);
  if (text === null) return bad(`${label} is empty.`);
  if (!UUID.test(text)) return bad(`${label} is not a Supabase id (a UUID like 3f0c…-…).`);
  return ok(text.toLowerCase());
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], label: string, fallback?: T): Result<T> {
  const text = optionalText(value);
  if (text === null && fallback !== undefined) return ok(fallback);
  const choice = allowed.find((a) => a === text?.toLowerCase());
  return choice === undefined ? bad(`${label} must be one of: ${allowed.join(', ')}.`) : ok(choice);
}

export function email(value: unknown): Result<string> {
  const text = optionalText(value);
  if (text === null) return bad('The email is empty.');
  if (!/^[^\s@]+@[^\s@]+$/.test(text)) return bad('The email does not look like an email address.');
  return ok(text);
}

/** The project URL must be http(s); http only makes sense for a local server. */
export function projectUrl(value: unknown): Result<string> {
  const text = optionalText(value);
  if (text === null) return fail(new MfaError('missing_keys', "The Supabase URL is not set (plugin settings or the element's override)."));
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return bad('The Supabase URL is not a URL; it looks like https://<project-ref>.supabase.co.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return bad('The Supabase URL must start with https:// (or http:// for a local server).');
  }
  return ok(url.origin + url.pathname.replace(/\/+$/, ''));
}

export function apiKey(value: unknown, label: string): Result<string> {
  const text = optionalText(value);
  if (text === null) return fail(new MfaError('missing_keys', `The ${label} is not set in the plugin settings.`));
  if (/\s/.test(text)) return bad(`The ${label} contains spaces; paste the key exactly as Supabase shows it.`);
  return ok(text);
}
