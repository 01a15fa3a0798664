import { isNotReady } from '../shared/bubble/types.js';
import type { MfaError } from '../shared/errors.js';
import { toMfaError } from '../shared/to-mfa-error.js';

/** Server actions must resolve, never reject, except for Bubble's own 'not ready'. */
export async function settle<R>(work: () => Promise<R>, onError: (e: MfaError) => R): Promise<R> {
  try {
    return await work();
  } catch (e) {
    if (isNotReady(e)) throw e;
    return onError(toMfaError(e));
  }
}

/** The keys every server action reads, by caption (context.keys holds every key on Bubble's servers). */
export interface ServerContext {
  keys?: Record<string, string | undefined>;
}
