/**
 * A dev server in a child process, the way a developer runs it (`tsx <script>`): the child says
 * it is ready with one line `READY <json>` on stdout (announceReady), the parent waits for that
 * line (startChildServer) and stops the child with a signal, as Ctrl-C would. Tests start the
 * playground this way, so they use it from outside, never its code.
 */
import { spawn } from 'node:child_process';

const READY = 'READY ';

/** Child side: tells the parent it is ready, with what the parent needs to know (JSON). */
export function announceReady(info: unknown): void {
  process.stdout.write(`${READY}${JSON.stringify(info)}\n`);
}

export interface ChildServer<T> {
  /** What the child announced. */
  info: T;
  pid: number;
  /** Everything the child wrote so far. */
  stdout(): string;
  stderr(): string;
  /** Sends `signal` (default SIGINT, as Ctrl-C) and resolves to the exit code; idempotent. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs `node --import tsx <script> …args` from `cwd` and resolves once it announced it is ready. */
export function startChildServer<T>(
  script: string,
  opts: { cwd: string; args?: string[]; env?: Record<string, string>; timeoutMs?: number },
): Promise<ChildServer<T>> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...(opts.args ?? [])], {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stopping: Promise<number | null> | undefined;
  const stop = (signal: NodeJS.Signals = 'SIGINT') => {
    if (!stopping) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      stopping = exited;
    }
    return stopping;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop('SIGKILL');
      reject(new Error(`${script} did not say it was ready within ${opts.timeoutMs ?? 60_000} ms:\n${stdout}\n${stderr}`));
    }, opts.timeoutMs ?? 60_000);
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    let ready = false;
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      const line = ready ? undefined : stdout.split('\n').find((l, i, all) => l.startsWith(READY) && i < all.length - 1);
      if (!line) return;
      ready = true;
      clearTimeout(timer);
      resolve({ info: JSON.parse(line.slice(READY.length)) as T, pid: child.pid!, stdout: () => stdout, stderr: () => stderr, stop });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (code ${code}) before it was ready:\n${stdout}\n${stderr}`));
    });
  });
}
