// node --import tsx dev/testbed/cli.ts [--local] [--port N] [--jwt-exp SECONDS] [--serve DIR]
// Starts the test bed, prints the project as env lines on stdout, waits for Ctrl-C, stops cleanly.
// Exit codes: 0 stopped cleanly, 1 failure, 2 the auth server is unavailable (reason on stderr).
import { parseArgs } from 'node:util';
import { AuthServerUnavailableError, staticFiles, startTestbed } from './testbed.js';

const { values } = parseArgs({
  options: {
    local: { type: 'boolean', default: false },
    port: { type: 'string' },
    'jwt-exp': { type: 'string' },
    serve: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  process.stdout.write(
    [
      'usage: node --import tsx dev/testbed/cli.ts [options]',
      '  --local          ignore SUPABASE_URL/SUPABASE_ANON_KEY/SUPABASE_SERVICE_ROLE_KEY and start locally',
      '  --port N         gateway port (default: a free one)',
      '  --jwt-exp S      access-token lifetime in seconds (default 3600)',
      '  --serve DIR      serve the files in DIR at / on the gateway (same origin as /auth/v1)',
      '',
    ].join('\n'),
  );
  process.exit(0);
}

function intOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    process.stderr.write(`--${name} needs a positive integer, got ${value}\n`);
    process.exit(1);
  }
  return n;
}

try {
  const testbed = await startTestbed({
    forceLocal: values.local,
    gatewayPort: intOption('port', values.port),
    jwtExpSeconds: intOption('jwt-exp', values['jwt-exp']),
  });
  if (values.serve && testbed.gateway) testbed.gateway.route('/', staticFiles(values.serve));
  const lines = [`SUPABASE_URL=${testbed.url}`, `SUPABASE_ANON_KEY=${testbed.anonKey}`, `SUPABASE_SERVICE_ROLE_KEY=${testbed.serviceRoleKey}`];
  if (testbed.jwtSecret) lines.push(`SUPABASE_JWT_SECRET=${testbed.jwtSecret}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  if (testbed.kind === 'remote') process.exit(0);
  process.stderr.write('[testbed] ready; phone-MFA codes are printed here as they are sent. Ctrl-C stops.\n');
  const keepAlive = setInterval(() => {}, 1 << 30);
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    testbed
      .stop()
      .then(() => {
        clearInterval(keepAlive);
        process.exit(0);
      })
      .catch((err: unknown) => {
        process.stderr.write(`[testbed] stop failed: ${String(err)}\n`);
        process.exit(1);
      });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (err) {
  if (err instanceof AuthServerUnavailableError) {
    process.stderr.write(`[testbed] ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`[testbed] failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}
