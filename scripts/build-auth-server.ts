// Builds the Supabase Auth server used by the end-to-end tests, once, into .cache/auth-server/bin:
//   node --import tsx scripts/build-auth-server.ts [--force]
// Exit codes: 0 built (or already there), 2 unavailable (the reason, with go's output, on stderr).
import { AUTH_BINARY, AuthServerUnavailableError, buildAuthServer, buildCommand } from '../dev/testbed/index.js';

const force = process.argv.includes('--force');
process.stderr.write(`[build-auth-server] ${buildCommand().display}\n`);
try {
  const binary = await buildAuthServer({ force });
  process.stderr.write(`[build-auth-server] ready: ${binary}\n`);
  process.stdout.write(`${binary}\n`);
} catch (err) {
  if (err instanceof AuthServerUnavailableError) {
    process.stderr.write(`[build-auth-server] ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`[build-auth-server] failed: ${String(err)} (target ${AUTH_BINARY})\n`);
  process.exit(1);
}
