/**
 * Runs one auth-js call and folds every way it can fail ({error}, a rejected promise, a throw)
 * into the plugin's Result, so actions read as straight-line code.
 */
import { toMfaError } from './to-mfa-error.js';
import { fail, ok, type DataOf, type Result } from './result.js';
import { sessionChanged } from './errors.js';

/**
 * `signal` is the action's session generation (the element's runner aborts it when that session
 * ends): once aborted, a further step of a multi-step action is not sent, since auth-js would send
 * it with whatever session is stored now, another user's after a switch. The runner drops this failure.
 */
export async function call<R extends { data: unknown; error: unknown }>(fn: () => Promise<R>, signal?: AbortSignal): Promise<Result<DataOf<R>>> {
  if (signal?.aborted) return fail(sessionChanged());
  try {
    const { data, error } = await fn();
    return error ? fail(toMfaError(error)) : ok(data as DataOf<R>);
  } catch (e) {
    return fail(toMfaError(e));
  }
}
