/**
 * `npm start`: a playground for the plugin without a Bubble account (see playground/README.md).
 *
 * Supabase: SUPABASE_URL + SUPABASE_ANON_KEY + SUPABASE_SERVICE_ROLE_KEY if set, otherwise the
 * local test bed (the real Supabase Auth server on a private PostgreSQL, with a Send-SMS hook).
 * When no server can be had, the reason is printed, the page still opens (with a banner saying
 * so), and the plugin's actions end in its own network_error states.
 *
 * Port: PLAYGROUND_PORT or PORT (default 3100; 0: any free one). Flags: --no-server (no Supabase
 * at all); --ready-line (for tests: instead of the banner, one line `READY <json>` with url, port,
 * mode, supabaseUrl, summary, reason). Ctrl-C (SIGINT) or SIGTERM stops everything, exit code 0.
 */
import { announceReady } from '../dev/launch/index.js';
import { REMOTE_HINT } from './page/config.js';
import { startPlayground, type Playground } from './start.js';

const DEFAULT_PORT = 3100;

function printBanner(p: Playground): void {
  const out = (l = '') => process.stdout.write(`${l}\n`);
  out();
  out('  Supabase MFA playground');
  out();
  if (p.mode === 'local') {
    out(`  Supabase: the local test bed (real Supabase Auth server + PostgreSQL) at ${p.supabaseUrl}`);
    out('  SMS codes are not really sent: they show in the page’s dev panel.');
  } else if (p.mode === 'remote') {
    out(`  Supabase: your project at ${p.supabaseUrl} (SUPABASE_URL)`);
    out('  Sign-up creates confirmed users there with the service role key (it stays in this process).');
  } else {
    out(`  No Supabase server: ${p.summary ?? ''}`);
    out();
    for (const line of (p.reason ?? '').split('\n')) out(`    ${line}`);
    out();
    out('  The page still opens so you can see its layout, but signing in and every MFA step');
    out('  will end with "Could not reach Supabase" (error code network_error).');
    out();
    out('  To use your own Supabase project instead:');
    out(`    ${REMOTE_HINT}`);
    out('  (and in Supabase: Authentication → Multi-Factor → enable TOTP, and Phone if you want SMS codes).');
  }
  out();
  out(`  Open ${p.url}`);
  out('  Ctrl-C stops everything.');
  out();
}

async function main(): Promise<void> {
  const envPort = process.env.PLAYGROUND_PORT ?? process.env.PORT;
  const port = envPort !== undefined && /^\d+$/.test(envPort) ? Number(envPort) : DEFAULT_PORT;
  const args = process.argv.slice(2);
  // The gateway's server does not keep the process alive on its own (it is unref'd).
  const keepAlive = setInterval(() => undefined, 1 << 30);
  let playground: Playground | undefined;
  let stopping = false;
  const stop = () => {
    const p = playground;
    if (!p) return; // still starting: stopped as soon as the start finishes
    p.stop()
      .then(() => {
        clearInterval(keepAlive);
        process.stderr.write('[playground] stopped.\n');
        process.exit(0);
      })
      .catch((err: unknown) => {
        process.stderr.write(`[playground] stopping failed: ${String(err)}\n`);
        process.exit(1);
      });
  };
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`[playground] ${signal}: stopping…\n`);
    stop();
  };
  // Installed first, so Ctrl-C during the start is ours too (the test bed's own handlers then only clean up).
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  try {
    playground = await startPlayground({ port, backend: args.includes('--no-server') ? 'none' : 'auto' });
  } catch (err) {
    process.stderr.write(`[playground] could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  if (stopping) return stop();
  if (args.includes('--ready-line')) {
    const { url, port: actual, mode, supabaseUrl, summary, reason } = playground;
    announceReady({ url, port: actual, mode, supabaseUrl, summary, reason });
  } else printBanner(playground);
}

void main();
