/**
 * Reading Bubble's `properties` safely: all reads happen synchronously at the top of a code box,
 * so a 'not ready' throw reaches Bubble before any work starts.
 */

/** What Bubble hands a code box as `properties` (null in hooks that get none). */
export type BubbleProperties = Record<string, unknown> | null;

/**
 * A snapshot of the declared properties, read now (so 'not ready' is thrown now, not later).
 * The names come from the generated ELEMENT_PROPERTY_NAMES, so P and the names cannot drift;
 * this is the one place where Bubble's untyped values become the generated types.
 */
export function readProps<P extends object>(properties: BubbleProperties, names: ReadonlyArray<keyof P>): P {
  const out: Partial<Record<keyof P, unknown>> = {};
  for (const name of names) out[name] = properties ? properties[name as string] : null;
  return out as P;
}
