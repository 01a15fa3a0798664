/**
 * Input checks that run before any network call, so a builder's mistake (an empty code, a
 * phone number without +) becomes a clear invalid_input message instead of a vague server error.
 * Each checker returns the cleaned value or an MfaError; none throws.
 */
import { invalidInput, MfaError } from './errors.js';

export type Checked<T> = T | MfaError;

export function isError<T>(v: Checked<T>): v is MfaError {
  return v instanceof MfaError;
}

/** Bubble hands over null for an empty dynamic value; treat whitespace-only text the same. */
export function optionalText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}

export function requiredText(value: unknown, label: string): Checked<string> {
  return optionalText(value) ?? invalidInput(`${label} is empty.`);
}

/**
 * A one-time code: digits only once spaces and dashes are removed ("123 456" is fine).
 * TOTP codes are 6 digits; Supabase's SMS codes are 6 by default and configurable up to 10.
 */
export function otpCode(value: unknown, label = 'The code'): Checked<string> {
  const text = optionalText(value);
  if (text === null) return invalidInput(`${label} is empty: type the 6-digit code.`);
  const digits = text.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(digits)) return invalidInput(`${label} must contain digits only.`);
  if (digits.length < 6 || digits.length > 10) return invalidInput(`${label} must be 6 digits.`);
  return digits;
}

/** E.164: + then up to 15 digits, no leading zero. Spaces, dashes, dots and brackets are dropped. */
export function e164Phone(value: unknown): Checked<string> {
  const text = optionalText(value);
  if (text === null) return invalidInput('The phone number is empty.');
  const compact = text.replace(/[\s().-]/g, '');
  if (!/^\+[1-9]\d{6,14}$/.test(compact)) {
    return invalidInput('The phone number must be in international format: + country code and number, e.g. +14155550123.');
  }
  return compact;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Supabase factor, challenge and user ids are UUIDs. */
export function uuid(value: unknown, label: string): Checked<string> {
  const text = optionalText(value);
  if (text === null) return invalidInput(`${label} is empty.`);
  if (!UUID.test(text)) return invalidInput(`${label} "${text.slice(0, 60)}" is not a Supabase id (a UUID like 3f0c…-…).`);
  return text.toLowerCase();
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], label: string, fallback?: T): Checked<T> {
  const text = optionalText(value);
  if (text === null && fallback !== undefined) return fallback;
  if (text !== null && (allowed as readonly string[]).includes(text.toLowerCase())) return text.toLowerCase() as T;
  return invalidInput(`${label} must be one of: ${allowed.join(', ')}.`);
}

export function email(value: unknown): Checked<string> {
  const text = optionalText(value);
  if (text === null) return invalidInput('The email is empty.');
  if (!/^[^\s@]+@[^\s@]+$/.test(text)) return invalidInput('The email does not look like an email address.');
  return text;
}

/** The project URL must be http(s); http only makes sense for a local server. */
export function projectUrl(value: unknown): Checked<string> {
  const text = optionalText(value);
  if (text === null) return new MfaError('missing_keys', "The Supabase URL is not set (plugin settings or the element's override).");
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return invalidInput(`The Supabase URL "${text.slice(0, 80)}" is not a URL; it looks like https://<project-ref>.supabase.co.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return invalidInput('The Supabase URL must start with https:// (or http:// for a local server).');
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

export function apiKey(value: unknown, label: string): Checked<string> {
  const text = optionalText(value);
  if (text === null) return new MfaError('missing_keys', `The ${label} is not set in the plugin settings.`);
  if (/\s/.test(text)) return invalidInput(`The ${label} contains spaces; paste the key exactly as Supabase shows it.`);
  return text;
}
