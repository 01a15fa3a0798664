/**
 * Which Supabase Auth server the end-to-end suites use: a real project from the environment
 * (SUPABASE_URL, SUPABASE_ANON_KEY, SUPABASE_SERVICE_ROLE_KEY), else the local test bed built
 * from the Go module. When neither is possible the suites skip with the exact reason
 * (e.g. the Go module proxy's refusal) — they never fall back to a mock.
 */
import { authServerStatus, remoteFromEnv } from '../testbed/testbed.js';

export async function realServerSkipReason(): Promise<string | false> {
  if (remoteFromEnv()) return false;
  const status = await authServerStatus({ log: () => undefined });
  return status.available ? false : `no Supabase Auth server: ${status.reason}`;
}
