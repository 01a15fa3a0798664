/**
 * Which Supabase Auth server the real-server suites use: a real project from the environment
 * (SUPABASE_URL, SUPABASE_ANON_KEY, SUPABASE_SERVICE_ROLE_KEY), else the local test bed. When
 * neither is possible the suites skip with the reason (e.g. the Go module proxy's refusal) —
 * they never fall back to a mock.
 */
import { authServerStatus, remoteFromEnv } from './testbed.js';

/** A long reason in one line: its first line and the line that says what went wrong (e.g. a proxy's 403). */
export function briefly(reason: string): string {
  const lines = reason
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const why =
    lines.find((l, i) => i > 0 && /40\d|refused|not found|no such|denied|forbidden|not available/i.test(l)) ?? (lines.length > 1 ? lines.at(-1) : undefined);
  return [lines[0], why?.slice(0, 240)].filter(Boolean).join(' … ');
}

export async function realServerSkipReason(): Promise<string | false> {
  if (remoteFromEnv()) return false;
  const status = await authServerStatus({ log: () => undefined });
  return status.available
    ? false
    : `no Supabase Auth server: SUPABASE_URL/SUPABASE_ANON_KEY/SUPABASE_SERVICE_ROLE_KEY are not set and the local one is unavailable (${briefly(status.reason)})`;
}

/**
 * For a test that needs the local test bed (its SMS hook, its PostgreSQL, stopping the server…):
 * `why` when the suites use a remote project instead (the same rule as startTestbed), else false.
 */
export function localOnlySkipReason(why: string): string | false {
  return remoteFromEnv() ? why : false;
}

/** For a suite that runs against the local test bed only: `whenRemote` with a remote project, the reason when the local server is unavailable, else false. */
export async function localServerSkipReason(whenRemote: string): Promise<string | false> {
  if (remoteFromEnv()) return whenRemote;
  const status = await authServerStatus({ log: () => undefined });
  return status.available ? false : `no local Supabase Auth server: ${briefly(status.reason)}`;
}
