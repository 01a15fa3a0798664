/**
 * Where the playground's Supabase comes from: a remote project (SUPABASE_URL & co.), the local
 * test bed, or nothing (then with the reason, in plain words and exactly).
 */
import { AuthServerUnavailableError, remoteFromEnv, startTestbed, type Testbed } from '../dev/testbed/index.js';
import type { PlaygroundMode } from './page/config.js';

export interface Backend {
  mode: PlaygroundMode;
  testbed: Testbed | null;
  /** Mode none: one plain sentence saying why. */
  summary: string | null;
  /** Mode none: the exact reason. */
  reason: string | null;
}

/** Never rejects: without a server the mode is 'none'. `port`: the gateway's port (0: any). */
export async function startBackend(want: 'auto' | 'none', port: number, log: (l: string) => void): Promise<Backend> {
  if (want === 'none') {
    return {
      mode: 'none',
      testbed: null,
      summary: 'The playground was started without a Supabase server.',
      reason: 'started without a server (--no-server, or backend: "none")',
    };
  }
  const remote = remoteFromEnv();
  log(
    remote
      ? `connecting to the Supabase project at ${remote.url} (SUPABASE_URL)…`
      : 'starting the local Supabase test bed (the first run builds the Supabase Auth server, which can take minutes)…',
  );
  try {
    // The test bed's own progress lines would repeat what we print; its errors come back as exceptions.
    const testbed = await startTestbed({ gatewayPort: port || undefined, quiet: true });
    return { mode: testbed.kind, testbed, summary: null, reason: null };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    if (remote) return { mode: 'none', testbed: null, summary: `The Supabase project at ${remote.url} (SUPABASE_URL) could not be reached.`, reason };
    if (err instanceof AuthServerUnavailableError) {
      return { mode: 'none', testbed: null, summary: 'The local Supabase Auth server could not be built or started on this computer.', reason };
    }
    log(`the local test bed failed to start: ${reason}`);
    return { mode: 'none', testbed: null, summary: 'The local Supabase test bed failed to start.', reason };
  }
}
