/**
 * Runs code boxes the way Bubble does: a box's text (a whole anonymous function, as Bubble stores
 * it) is evaluated once per text and called with Bubble's arguments. A thrown 'not ready' (from a
 * read of loading data) parks the call until the data arrives, then the WHOLE function runs again
 * with fresh properties; any other throw, a rejected promise or a swallowed 'not ready' is a
 * violation.
 */
import type { CallRecord, Violate } from './records.js';

export type BoxFunction = (...args: unknown[]) => unknown;

/** What a box run needs of the element instance it belongs to. */
export interface BoxOwner {
  /** Number of runs per box (by the last part of `where`). */
  readonly runs: Record<string, number>;
  /** Parks a box stopped by 'not ready' until the data arrives. */
  block(where: string, rerun: () => void): void;
}

export function isNotReadyError(e: unknown): boolean {
  return (typeof e === 'object' && e !== null && (e as { message?: unknown }).message === 'not ready') || e === 'not ready';
}

/** An error as one line plus the top of its stack. */
export function describeError(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e) {
    const err = e as { name?: string; message?: string; stack?: string };
    return `${err.name ?? 'Error'}: ${err.message}${err.stack ? `\n${String(err.stack).split('\n').slice(1, 4).join('\n')}` : ''}`;
  }
  return String(e);
}

export class CodeBoxRunner {
  private readonly cache = new Map<string, BoxFunction>();

  constructor(
    private readonly evaluate: (text: string) => BoxFunction,
    private readonly violate: Violate,
  ) {}

  /** The function a code box's text evaluates to (cached per text). */
  fn(text: string): BoxFunction {
    let f = this.cache.get(text);
    if (!f) {
      f = this.evaluate(text);
      if (typeof f !== 'function') throw new Error(`a code box did not evaluate to a function: ${text.slice(0, 80)}`);
      this.cache.set(text, f);
    }
    return f;
  }

  /** Calls one code box like Bubble (see the file header). `args` makes fresh arguments for each run. */
  run(where: string, owner: BoxOwner | null, text: string, args: (call: CallRecord) => unknown[]): 'ok' | 'not ready' | 'threw' {
    const call: CallRecord = { where, notReadyHit: false, done: false };
    if (owner) {
      const box = where.split(' / ').pop()!;
      owner.runs[box] = (owner.runs[box] ?? 0) + 1;
    }
    const rerun = () => void this.run(where, owner, text, args);
    let result: unknown;
    try {
      result = this.fn(text)(...args(call));
    } catch (e) {
      call.done = true;
      if (isNotReadyError(e) && call.notReadyHit && owner) {
        owner.block(where, rerun);
        return 'not ready';
      }
      this.violate('threw', where, `threw into Bubble (the end user sees Bubble's error popup): ${describeError(e)}`);
      return 'threw';
    }
    call.done = true;
    if (call.notReadyHit) {
      this.violate('swallowed_not_ready', where, `caught Bubble's 'not ready' instead of letting it propagate`);
      owner?.block(where, rerun);
    }
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).then(undefined, (e: unknown) => this.violate('rejected', where, `returned a promise that rejected: ${describeError(e)}`));
    }
    return 'ok';
  }
}
