/**
 * The shape every action returns, copied from auth-js: either data or an error, never both,
 * and never a thrown exception. Callers branch on `error` and TypeScript narrows `data`.
 */
import type { MfaError } from './errors.js';

export type Result<T> = { data: T; error: null } | { data: null; error: MfaError };

export function ok<T>(data: T): Result<T> {
  return { data, error: null };
}

export function fail<T = never>(error: MfaError): Result<T> {
  return { data: null, error };
}
