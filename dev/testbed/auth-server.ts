// The real Supabase Auth server (Go module github.com/supabase/auth, tag v2.189.0 by commit):
// built once with `go install` into <repo>/.cache/auth-server/bin and reused; started / stopped /
// restarted on a fixed loopback port with its logs in .cache/testbed/logs.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { isProcessAlive, killQuietly, registerCleanup, type CleanupHandle } from './cleanup.js';
import { exec, tail } from './exec.js';
import { LOOPBACK, waitForPortFree } from './free-port.js';
import { authServerCacheDir, stderrLogger, type Logger } from './paths.js';

export const AUTH_MODULE = 'github.com/supabase/auth';
/** Tag v2.189.0 (newest release without a `replace` directive; see the reference, §4). */
export const AUTH_COMMIT = '4fa66ba71d8c55b5c95cd5635766ed8bbae6d96a';
export const AUTH_BIN_DIR = path.join(authServerCacheDir, 'bin');
export const AUTH_BINARY = path.join(AUTH_BIN_DIR, 'auth');
const BUILT_MARKER = path.join(AUTH_BIN_DIR, 'auth.built.json');
const BUILD_LOCK = path.join(authServerCacheDir, 'build.lock');

/** The exact build command, as env assignments + argv, and as one printable line. */
export function buildCommand(): { env: Record<string, string>; argv: string[]; display: string } {
  const env = { GOTOOLCHAIN: 'local', CGO_ENABLED: '0', GOBIN: AUTH_BIN_DIR };
  const argv = ['go', 'install', `${AUTH_MODULE}@${AUTH_COMMIT}`];
  const display = `${Object.entries(env)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')} ${argv.join(' ')}`;
  return { env, argv, display };
}

/** The auth server binary could not be built or found; the message holds the command and its output. */
export class AuthServerUnavailableError extends Error {
  constructor(
    message: string,
    readonly command: string,
    readonly output: string,
    readonly exitCode: number | null,
  ) {
    super(message);
    this.name = 'AuthServerUnavailableError';
  }
}

export type AuthServerStatus = { available: true; binary: string } | { available: false; reason: string };

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function markerCommit(): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(BUILT_MARKER, 'utf8')) as { commit?: string }).commit;
  } catch {
    return undefined;
  }
}

/** A usable binary: $TESTBED_AUTH_BINARY, or the cached build of AUTH_COMMIT. */
export function existingAuthBinary(): string | undefined {
  const override = process.env.TESTBED_AUTH_BINARY;
  if (override) return isExecutable(override) ? override : undefined;
  if (!isExecutable(AUTH_BINARY)) return undefined;
  const commit = markerCommit();
  // A binary without a marker was built by hand with the same command: accept it.
  if (commit !== undefined && commit !== AUTH_COMMIT) return undefined;
  return AUTH_BINARY;
}

async function acquireBuildLock(log: Logger, timeoutMs: number): Promise<() => void> {
  fs.mkdirSync(authServerCacheDir, { recursive: true });
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    try {
      fs.mkdirSync(BUILD_LOCK);
      fs.writeFileSync(path.join(BUILD_LOCK, 'pid'), String(process.pid));
      return () => fs.rmSync(BUILD_LOCK, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let owner: number | undefined;
    try {
      owner = Number(fs.readFileSync(path.join(BUILD_LOCK, 'pid'), 'utf8'));
    } catch {
      owner = undefined;
    }
    if (owner !== undefined && Number.isInteger(owner) && !isProcessAlive(owner)) {
      fs.rmSync(BUILD_LOCK, { recursive: true, force: true });
      continue;
    }
    if (!announced) {
      log(`another process (pid ${String(owner)}) is building the auth server; waiting …`);
      announced = true;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for the auth server build lock ${BUILD_LOCK}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Builds the auth server with `go install` (unless a usable binary exists) and returns its path.
 * Rejects with AuthServerUnavailableError (command + go's output) when the build fails, e.g. when
 * the Go module proxy refuses the module version.
 */
export async function buildAuthServer(opts: { log?: Logger; force?: boolean } = {}): Promise<string> {
  const log = opts.log ?? stderrLogger;
  if (!opts.force) {
    const existing = existingAuthBinary();
    if (existing) return existing;
  }
  const { env, argv, display } = buildCommand();
  const release = await acquireBuildLock(log, 20 * 60_000);
  try {
    if (!opts.force) {
      const existing = existingAuthBinary();
      if (existing) return existing; // built by the process we waited for
    }
    fs.mkdirSync(AUTH_BIN_DIR, { recursive: true });
    log(`building the Supabase Auth server (once, may take minutes): ${display}`);
    const started = Date.now();
    const heartbeat = setInterval(() => {
      log(`  … still building (${Math.round((Date.now() - started) / 1000)} s)`);
    }, 15_000);
    heartbeat.unref();
    let result: Awaited<ReturnType<typeof exec>>;
    try {
      result = await exec(argv, {
        env: { ...process.env, ...env },
        onStderrLine: (line) => log(`  | ${line}`),
        onStdoutLine: (line) => log(`  | ${line}`),
      });
    } catch (err) {
      const message = (err as NodeJS.ErrnoException).code === 'ENOENT' ? '`go` was not found on PATH' : String(err);
      throw new AuthServerUnavailableError(`The Supabase Auth server is unavailable: ${message}.\nCommand: ${display}`, display, message, null);
    } finally {
      clearInterval(heartbeat);
    }
    // Registry hosts are not named in anything the project records (test output, bench results,
    // issue notes): the path after the host still says exactly what was refused.
    const output = `${result.stderr}${result.stdout}`.trim().replace(/https?:\/\/[^/\s]+/g, '<module proxy>');
    if (result.code !== 0 || !isExecutable(AUTH_BINARY)) {
      throw new AuthServerUnavailableError(
        `The Supabase Auth server is unavailable: building it failed (${
          result.signal ?? `exit code ${String(result.code)}`
        }).\nCommand: ${display}\nOutput:\n${tail(output, 40)}`,
        display,
        output,
        result.code,
      );
    }
    fs.writeFileSync(BUILT_MARKER, JSON.stringify({ module: AUTH_MODULE, commit: AUTH_COMMIT, builtAt: new Date().toISOString() }));
    log(`auth server built in ${Math.round((Date.now() - started) / 1000)} s: ${AUTH_BINARY}`);
    return AUTH_BINARY;
  } finally {
    release();
  }
}

let statusPromise: Promise<AuthServerStatus> | undefined;

/**
 * Whether the real auth server can be run here: finds or builds the binary once per process
 * (memoised). `reason` carries the build command and the output of go (e.g. the proxy's answer).
 */
export function authServerStatus(opts: { log?: Logger } = {}): Promise<AuthServerStatus> {
  statusPromise ??= buildAuthServer({ log: opts.log }).then(
    (binary): AuthServerStatus => ({ available: true, binary }),
    (err: unknown): AuthServerStatus => ({
      available: false,
      reason: err instanceof Error ? err.message : String(err),
    }),
  );
  return statusPromise;
}

// ---------------------------------------------------------------------------------------------
// Running it

export interface AuthServerProcessOptions {
  binary: string;
  port: number;
  /** Complete environment of the server (GOTRUE_* etc.); PATH/HOME are added. */
  env: Record<string, string>;
  logFile: string;
  log?: Logger;
  healthTimeoutMs?: number;
}

export interface AuthServerProcess {
  /** http://127.0.0.1:<port> (routes at the root: /health, /token, /factors, …). */
  url: string;
  port: number;
  logFile: string;
  running(): boolean;
  /** Runs `auth migrate` (embedded migrations) and waits for it. */
  migrate(): Promise<void>;
  /** Starts `auth serve` on the port and waits for GET /health. Idempotent while running. */
  start(): Promise<void>;
  /** SIGTERM (then SIGKILL after 5 s) and waits until the port is free. Idempotent. */
  stop(): Promise<void>;
  /** Stops it for good and unregisters its cleanup. */
  dispose(): Promise<void>;
}

function logTail(file: string, lines = 40): string {
  try {
    return tail(fs.readFileSync(file, 'utf8'), lines);
  } catch {
    return '(no log)';
  }
}

export function createAuthServerProcess(opts: AuthServerProcessOptions): AuthServerProcess {
  const log = opts.log ?? stderrLogger;
  const url = `http://${LOOPBACK}:${opts.port}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    ...opts.env,
  };
  let child: ChildProcess | undefined;
  let exited: Promise<void> | undefined;
  let cleanup: CleanupHandle | undefined;

  const openLog = () => fs.openSync(opts.logFile, 'a');

  const ensureCleanup = () => {
    cleanup ??= registerCleanup(`auth server ${url}`, {
      run: async () => {
        await stopChild();
      },
      runSync: () => killQuietly(child?.pid, 'SIGKILL'),
      reaper: {},
    });
    cleanup.updateReaper({ pids: child?.pid ? [child.pid] : [] });
  };

  const stopChild = async () => {
    const current = child;
    if (!current || !exited) return;
    const done = exited;
    if (current.exitCode === null && current.signalCode === null) {
      current.kill('SIGTERM');
      const killTimer = setTimeout(() => current.kill('SIGKILL'), 5000);
      await done;
      clearTimeout(killTimer);
    }
    await done;
    child = undefined;
    exited = undefined;
    cleanup?.updateReaper({ pids: [] });
    await waitForPortFree(opts.port, LOOPBACK, 5000);
  };

  const spawnAuth = (args: string[]) => {
    const fd = openLog();
    fs.writeSync(fd, `\n===== ${new Date().toISOString()} auth ${args.join(' ')} =====\n`);
    const proc = spawn(opts.binary, args, { env, stdio: ['ignore', fd, fd], cwd: path.dirname(opts.logFile) });
    fs.closeSync(fd);
    return proc;
  };

  return {
    url,
    port: opts.port,
    logFile: opts.logFile,
    running: () => child !== undefined && child.exitCode === null && child.signalCode === null,
    async migrate() {
      const proc = spawnAuth(['migrate']);
      const code = await new Promise<number | null>((resolve, reject) => {
        proc.once('error', reject);
        proc.once('exit', (c) => resolve(c));
      });
      if (code !== 0) {
        throw new Error(`auth migrate failed (exit ${String(code)}); log ${opts.logFile}:\n${logTail(opts.logFile)}`);
      }
    },
    async start() {
      if (child && child.exitCode === null && child.signalCode === null) return;
      const started = Date.now();
      log(`starting the auth server on ${url} (log ${opts.logFile}) …`);
      const proc = spawnAuth(['serve']);
      proc.unref();
      child = proc;
      let exitInfo: string | undefined;
      exited = new Promise<void>((resolve) => {
        proc.once('exit', (code, signal) => {
          exitInfo = signal ?? `exit code ${String(code)}`;
          resolve();
        });
        proc.once('error', (err) => {
          exitInfo = String(err);
          resolve();
        });
      });
      ensureCleanup();
      const deadline = Date.now() + (opts.healthTimeoutMs ?? 30_000);
      for (;;) {
        if (exitInfo !== undefined) {
          child = undefined;
          exited = undefined;
          throw new Error(`the auth server exited during start-up (${exitInfo}); log ${opts.logFile}:\n${logTail(opts.logFile)}`);
        }
        try {
          const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
          if (res.ok) break;
        } catch {
          // not up yet
        }
        if (Date.now() > deadline) {
          await stopChild();
          throw new Error(
            `the auth server did not answer GET ${url}/health within ${opts.healthTimeoutMs ?? 30_000} ms; log ${opts.logFile}:\n${logTail(opts.logFile)}`,
          );
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      log(`auth server healthy on ${url} (${Date.now() - started} ms)`);
    },
    async stop() {
      await stopChild();
    },
    async dispose() {
      await stopChild();
      cleanup?.dispose();
      cleanup = undefined;
    },
  };
}
