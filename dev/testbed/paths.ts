// Where the test bed keeps its state: <repo>/.cache (gitignored).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (two levels above dev/testbed/). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** <repo>/.cache/testbed: private PostgreSQL clusters, the cluster template, logs, reaper state. */
export const testbedCacheDir = path.join(repoRoot, '.cache', 'testbed');
/** <repo>/.cache/testbed/logs: one log file per auth server / PostgreSQL run. */
export const testbedLogDir = path.join(testbedCacheDir, 'logs');
/** <repo>/.cache/auth-server: GOBIN of the Supabase Auth build. */
export const authServerCacheDir = path.join(repoRoot, '.cache', 'auth-server');

/** Progress lines go to stderr, prefixed, so they never mix with a CLI's stdout. */
export type Logger = (line: string) => void;
export const stderrLogger: Logger = (line) => {
  process.stderr.write(`[testbed] ${line}\n`);
};
export const silentLogger: Logger = () => {};

/** Removes test-bed log files older than `maxAgeDays` (logs are kept after a run for debugging). */
export function pruneOldLogs(maxAgeDays = 3, dir: string = testbedLogDir): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  const cutoff = Date.now() - maxAgeDays * 24 * 3600 * 1000;
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      if (fs.statSync(file).mtimeMs < cutoff) fs.rmSync(file, { force: true });
    } catch {
      // raced with another process
    }
  }
}
