/**
 * Reading Bubble's `properties` safely: all reads happen synchronously at the top of a code box
 * (a 'not ready' throw must reach Bubble before any work starts), and Bubble lists become arrays.
 */
import type { BubbleList } from './types.js';

export function listToArray<T>(value: BubbleList<T> | T[] | null | undefined): T[] {
  if (!value) return [];
  if (Array.isArray(value)) return value;
  const n = value.length();
  return n > 0 ? value.get(0, n) : [];
}

/** A snapshot of the declared properties, read now (so 'not ready' is thrown now, not later). */
export function readProps<P extends object>(properties: P | null | undefined, names: ReadonlyArray<keyof P>): P {
  const out = {} as P;
  for (const name of names) out[name] = (properties ? properties[name] : null) as P[keyof P];
  return out;
}
