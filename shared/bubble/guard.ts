/**
 * Runs a code box's work so that nothing is ever thrown into Bubble (a throw shows the end user
 * Bubble's error popup). The one exception is Bubble's own 'not ready', which must propagate so
 * Bubble re-runs the whole function once the data has loaded.
 */
import { isNotReady, type BubbleContext } from './types.js';

export type FailureReporter = (message: string) => void;

export function reportTo(context: BubbleContext | null | undefined): FailureReporter {
  return (message) => {
    try {
      context?.reportDebugger?.(message);
    } catch {
      // The debugger is best effort; never let it turn a handled failure into a thrown one.
    }
  };
}

/**
 * What was thrown, by kind only (TypeError, …): a thrown message can quote what was being read,
 * such as part of a pasted key or token, and the debugger is no place for it (as toMfaError).
 */
export function describeThrown(e: unknown): string {
  return e instanceof Error ? e.name : typeof e;
}

export function guard(label: string, report: FailureReporter, work: () => unknown): void {
  try {
    const result = work();
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).catch((e: unknown) => report(`Supabase MFA: ${label} failed: ${describeThrown(e)}`));
    }
  } catch (e) {
    if (isNotReady(e)) throw e;
    report(`Supabase MFA: ${label} failed: ${describeThrown(e)}`);
  }
}
