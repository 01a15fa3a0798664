/**
 * In the page: the one timing loop of the bench. Each round runs every side once, in an order
 * that rotates from round to round (so no side always follows the same one). A side returns its
 * own timings for the run (it knows what to time: a synchronous call, or a call until an element
 * settles); the first `warmup` rounds are not kept.
 *
 * `collect`: gc() before each run, outside the timed region, so that one run's garbage is not
 * collected inside the next. Only for long runs (blocks of calls): a forced collection also
 * drops V8's optimised code, so a short run right after it measures re-optimisation (a JS loop
 * measured 3-10× slower in the run after gc() than without it), not a warm call.
 */
export type Side<T> = () => T | Promise<T>;

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

export async function interleave<T>(sides: Record<string, Side<T>>, warmup: number, runs: number, collect = false): Promise<Record<string, T[]>> {
  const names = Object.keys(sides);
  const kept: Record<string, T[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < warmup + runs; round++) {
    for (let j = 0; j < names.length; j++) {
      const name = names[(round + j) % names.length]!;
      if (collect) gc();
      const value = await sides[name]!();
      if (round >= warmup) kept[name]!.push(value);
    }
  }
  return kept;
}
