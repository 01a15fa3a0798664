/**
 * Runs one auth-js call and folds every way it can fail ({error}, a rejected promise, a throw)
 * into the plugin's Result, so actions read as straight-line code.
 */
import { toMfaError } from './to-mfa-error.js';
import { fail, ok, type DataOf, type Result } from './result.js';

export async function call<R extends { data: unknown; error: unknown }>(fn: () => Promise<R>): Promise<Result<DataOf<R>>> {
  try {
    const { data, error } = await fn();
    return error ? fail(toMfaError(error)) : ok(data as DataOf<R>);
  } catch (e) {
    return fail(toMfaError(e));
  }
}
