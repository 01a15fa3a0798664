/**
 * Input checks that run before any network call, so a builder's mistake (an empty code, a
 * phone number without +) becomes a clear invalid_input message instead of a vague server error.
 * Each checker returns a Result (the cleaned value, or an MfaError); none throws. Messages never
 * repeat what was typed: builders bind error_message to text and HTML elements.
 */
import { invalidInput, MfaError } from './errors.js';
import { fail, ok, type Result } from './result.js';
import { stringClaim } from './jwt-claims.js';
import { CODE_LENGTH, CODE_SEPARATOR, charCount, plainInput, utf8Length } from './input-text.js';

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
 * A one-time code, read as pasted (input-text.ts: any digits, invisible marks dropped): digits
 * only once spaces, dashes and dots are removed ("123 456" is fine). TOTP codes are 6 digits;
 * Supabase's SMS codes are 6 by default and configurable up to 10: the server's range is the rule.
 */
export function otpCode(value: unknown, label = 'The code'): Result<string> {
  const text = optionalText(value === null || value === undefined ? value : plainInput(String(value)));
  const range = `${CODE_LENGTH.min} to ${CODE_LENGTH.max} digits`;
  if (text === null) return bad(`${label} is empty: type the code (${range}).`);
  // A number field holding 123.456 is not a code written with a dot.
  if (typeof value === 'number' && !Number.isInteger(value)) return bad(`${label} must contain digits only.`);
  const digits = text.replace(new RegExp(CODE_SEPARATOR.source, 'g'), '');
  if (!/^\d+$/.test(digits)) return bad(`${label} must contain digits only.`);
  if (digits.length < CODE_LENGTH.min || digits.length > CODE_LENGTH.max)
    return bad(`${label} must be ${range} (an authenticator app shows ${CODE_LENGTH.min}).`);
  return ok(digits);
}

/**
 * E.164: + then up to 15 digits, no leading zero. Read as pasted (input-text.ts); spaces, dashes,
 * dots, slashes and brackets are dropped, and a trunk zero written in brackets after the country
 * code ("+44 (0)20 7946 0958") is left out, as it is when dialling from abroad.
 */
export function e164Phone(value: unknown): Result<string> {
  const text = optionalText(value === null || value === undefined ? value : plainInput(String(value)));
  if (text === null) return bad('The phone number is empty.');
  const compact = text.replace(/^(\+\s*\d{1,3})\s*\(\s*0\s*\)/, '$1').replace(/[\s()./-]/g, '');
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
  if (charCount(text) > 320) return bad('The email is longer than 320 characters.');
  if (!/^[^\s@]+@[^\s@]+$/.test(text)) return bad('The email does not look like an email address.');
  return ok(text);
}

const LOOPBACK_HOST = /^(localhost|[a-z0-9-]+\.localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** A URL hostname that names this computer (localhost, *.localhost, 127.x.x.x, [::1]). */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOST.test(hostname);
}

/**
 * The project URL: https (plain http only to this machine, for a local server), nothing but
 * scheme, host, port and path. A username/password part (`https://ref.supabase.co@evil.example`
 * really goes to evil.example), a query or a hash is refused rather than silently dropped.
 * The auth API's own address (…/auth/v1, copied from a request log or a self-hosted guide) names
 * the same project: the plugin adds /auth/v1 itself, so it is taken off rather than doubled.
 */
export function projectUrl(value: unknown): Result<string> {
  const text = optionalText(value);
  if (text === null) return fail(new MfaError('missing_keys', "The Supabase URL is not set (plugin settings or the element's override)."));
  const example = 'it looks like https://<project-ref>.supabase.co';
  if (text.length > 2048) return bad(`The Supabase URL is too long; ${example}.`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return bad(`The Supabase URL is not a URL; ${example}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return bad('The Supabase URL must start with https:// (or http:// for a local server).');
  }
  if (url.username !== '' || url.password !== '' || /^[a-z]+:\/\/[^/?#]*@/i.test(text)) {
    return bad(`The Supabase URL must not contain a user name or password (an @ before the host); ${example}.`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return bad('The Supabase URL must start with https:// (http:// is only for a server on this computer, e.g. http://localhost:54321).');
  }
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(text)) {
    return bad(`The Supabase URL must not have a query (?…) or a fragment (#…); ${example}.`);
  }
  return ok(url.origin + url.pathname.replace(/\/+$/, '').replace(/\/auth\/v1$/i, ''));
}

export function apiKey(value: unknown, label: string): Result<string> {
  const text = optionalText(value);
  if (text === null) return fail(new MfaError('missing_keys', `The ${label} is not set in the plugin settings.`));
  if (/\s/.test(text)) return bad(`The ${label} contains spaces; paste the key exactly as Supabase shows it.`);
  if (text.length > 4096) return bad(`The ${label} is too long to be a Supabase key.`);
  return ok(text);
}

/** The role claim of a legacy JWT API key (anon / service_role), or null. */
export function keyRole(key: string): string | null {
  return stringClaim(key, 'role');
}

/**
 * The key a page may hold: the anon (publishable) key. The service role key (a JWT with role
 * service_role, or a new-style `sb_secret_…` key) bypasses Row Level Security and, readable from
 * the page, would let anyone list every user: refused before any request.
 */
export function publicApiKey(value: unknown): Result<string> {
  const key = apiKey(value, 'Supabase anon key');
  if (key.error) return key;
  if (/^sb_secret_/i.test(key.data) || keyRole(key.data) === 'service_role') {
    return bad(
      'The key given as the Supabase anon key is the service role (secret) key. It must never be in a page: use the anon (publishable) key, and rotate the secret key if it was published.',
    );
  }
  return key;
}

/** A storage key of at most 100 characters, or null for the default. */
export function storageKeyOverride(value: unknown): Result<string | null> {
  const text = optionalText(value);
  return text !== null && charCount(text) > 100 ? bad('The session storage key is longer than 100 characters.') : ok(text);
}

/** Supabase Auth refuses longer passwords (bcrypt's limit), counted in UTF-8 bytes. */
export const MAX_PASSWORD_BYTES = 72;

/** A password as typed (surrounding spaces can be part of it), at most the server's 72 bytes. */
export function password(value: unknown): Result<string> {
  if (typeof value !== 'string' || value === '') return bad('The password is empty.');
  if (utf8Length(value) > MAX_PASSWORD_BYTES) {
    return bad(
      `The password is too long: Supabase accepts at most ${MAX_PASSWORD_BYTES} bytes (${MAX_PASSWORD_BYTES} plain letters and digits, fewer with accents or emoji).`,
    );
  }
  return ok(value);
}

/** An optional factor or passkey name (null when empty), at most 120 characters. */
export function friendlyName(value: unknown): Result<string | null> {
  const text = optionalText(value);
  return text !== null && charCount(text) > 120 ? bad('The friendly name is longer than 120 characters.') : ok(text);
}

/** Longer than any session token Supabase issues, even with large app metadata. */
export const ACCESS_TOKEN_MAX_LENGTH = 16 * 1024;

const COMPACT_JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * A user's access token as the page hands it to a backend workflow (the Supabase MFA element's
 * Access token): a compact JWT of at most 16 KB. API keys passed by mistake (the service role or
 * anon key, `sb_…` keys) are named as such; markup or any other text is refused as not a token.
 */
export function accessToken(value: unknown): Result<string> {
  const text = optionalText(value);
  const pass = "pass the Supabase MFA element's Access token";
  if (text === null) return bad(`The access token is empty: ${pass}.`);
  if (text.length > ACCESS_TOKEN_MAX_LENGTH) return bad(`The access token is longer than 16 KB, so it is not a Supabase access token: ${pass}.`);
  if (/^sb_(secret|publishable)_/i.test(text)) return bad(`The access token is a Supabase API key, not a user's access token: ${pass}.`);
  if (!COMPACT_JWT.test(text)) return bad(`The access token is not a Supabase access token: ${pass}.`);
  const role = keyRole(text);
  if (role === 'service_role' || role === 'anon') {
    return bad(`The access token is the project's ${role === 'anon' ? 'anon' : 'service role'} key, not a user's access token: ${pass}.`);
  }
  return ok(text);
}
