// Small promise wrapper around child_process.spawn that captures output.
import { spawn } from 'node:child_process';

export interface ExecResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  input?: string;
  timeoutMs?: number;
  /** Called with each complete stderr line as it arrives (progress). */
  onStderrLine?: (line: string) => void;
  /** Called with each complete stdout line as it arrives (progress). */
  onStdoutLine?: (line: string) => void;
}

export class ExecError extends Error {
  constructor(
    readonly argv: string[],
    readonly result: ExecResult,
  ) {
    const output = `${result.stderr}${result.stdout}`.trim();
    super(`command failed (${result.signal ?? `exit ${String(result.code)}`}): ${argv.join(' ')}${output ? `\n${output}` : ''}`);
    this.name = 'ExecError';
  }
}

function lineSplitter(onLine: ((line: string) => void) | undefined) {
  let buffer = '';
  return {
    push(chunk: string) {
      if (!onLine) return;
      buffer += chunk;
      let index: number;
      for (index = buffer.indexOf('\n'); index >= 0; index = buffer.indexOf('\n')) {
        onLine(buffer.slice(0, index));
        buffer = buffer.slice(index + 1);
      }
    },
    flush() {
      if (onLine && buffer) onLine(buffer);
      buffer = '';
    },
  };
}

/** Runs argv to completion; never throws for a non-zero exit (see `execOrThrow`). Rejects only if it cannot spawn. */
export function exec(argv: string[], opts: ExecOptions = {}): Promise<ExecResult> {
  const [cmd, ...args] = argv;
  if (cmd === undefined) return Promise.reject(new Error('empty command'));
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: opts.env ?? process.env,
      cwd: opts.cwd,
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const out = lineSplitter(opts.onStdoutLine);
    const err = lineSplitter(opts.onStderrLine);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      out.push(chunk);
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      err.push(chunk);
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    let timer: NodeJS.Timeout | undefined;
    if (opts.timeoutMs !== undefined) {
      timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
    }
    child.once('error', (error) => {
      if (timer) clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      out.flush();
      err.flush();
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Like `exec`, but rejects with an ExecError (including the output) unless the exit code is 0. */
export async function execOrThrow(argv: string[], opts: ExecOptions = {}): Promise<ExecResult> {
  const result = await exec(argv, opts);
  if (result.code !== 0) throw new ExecError(argv, result);
  return result;
}

/** The last `lines` lines of a text (for error messages with a log tail). */
export function tail(text: string, lines = 30): string {
  const all = text.trimEnd().split('\n');
  return all.slice(-lines).join('\n');
}
