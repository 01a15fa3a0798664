/**
 * Reading Bubble's `properties` safely: all reads happen synchronously at the top of a code box,
 * so a 'not ready' throw reaches Bubble before any work starts.
 */

/** A snapshot of the declared properties, read now (so 'not ready' is thrown now, not later). */
export function readProps<P extends object>(properties: P | null | undefined, names: ReadonlyArray<keyof P>): P {
  const out = {} as P;
  for (const name of names) out[name] = (properties ? properties[name] : null) as P[keyof P];
  return out;
}
