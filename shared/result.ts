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

/** The success type of a Result, or of auth-js's answer ({ data: T; error: null } | …). */
export type DataOf<R> = R extends { data: infer T; error: null } ? T : never;

/**
 * Every checked input at once: the first failure (in the order given), or all the values.
 * Actions validate their whole input with one call and one branch.
 */
export function validated<F extends Record<string, Result<unknown>>>(fields: F): Result<{ [K in keyof F]: DataOf<F[K]> }> {
  const out: Record<string, unknown> = {};
  for (const [name, checked] of Object.entries(fields)) {
    if (checked.error) return fail(checked.error);
    out[name] = checked.data;
  }
  return ok(out as { [K in keyof F]: DataOf<F[K]> });
}

/** The data of a successful Result passed through fn; a failure passes through untouched. */
export function mapResult<T, U>(result: Result<T>, fn: (data: T) => U): Result<U> {
  return result.error ? fail(result.error) : ok(fn(result.data));
}
