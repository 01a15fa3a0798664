/**
 * The rows that need a real Supabase Auth server (5, 7): the test bed (or the project in
 * SUPABASE_URL & co.) for the length of one measurement, or why there is none. Never a mock.
 */
import { realServerSkipReason, startTestbed, type Testbed } from '../dev/testbed/index.js';

export interface NotMeasured {
  measured: false;
  reason: string;
}

/** `measure` on a started test bed (stopped afterwards), or why it could not start. */
export async function onRealServer<T>(measure: (bed: Testbed) => Promise<T>): Promise<T | NotMeasured> {
  const reason = await realServerSkipReason();
  if (reason) return { measured: false, reason };
  let bed: Testbed;
  try {
    bed = await startTestbed({ quiet: true });
  } catch (e) {
    return { measured: false, reason: `the test bed did not start: ${e instanceof Error ? e.message : String(e)}` };
  }
  try {
    return await measure(bed);
  } finally {
    await bed.stop();
  }
}

export interface Counter {
  fetch: typeof fetch;
  /** `METHOD /path?query` of each request, in order. */
  log: string[];
}

/** Node's fetch, logging each request before it goes out. */
export function countingFetch(): Counter {
  const log: string[] = [];
  const wrapped: typeof fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const u = new URL(url);
    log.push(`${init?.method ?? (input instanceof Request ? input.method : 'GET')} ${u.pathname}${u.search}`);
    return fetch(input, init);
  };
  return { fetch: wrapped, log };
}
