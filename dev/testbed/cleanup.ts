// Process-wide cleanup registry: whatever the test bed starts (PostgreSQL, the auth server, servers)
// registers here, so it is torn down on a normal stop(), on process exit (also after an uncaught
// exception, which still emits 'exit'), on SIGINT/SIGTERM/SIGHUP, and even when this process is
// SIGKILLed: a tiny detached "reaper" process watches our pid and undoes what is listed in a state
// file (kill pids, run stop commands, remove directories).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { testbedCacheDir } from './paths.js';

/** What the reaper must do for one resource if this process dies without cleaning up. */
export interface ReaperSpec {
  /** argv lists run synchronously first (e.g. `pg_ctl stop -m immediate`). */
  commands?: string[][];
  /** pids sent SIGKILL after the commands ran. */
  pids?: number[];
  /** files / directories removed last. */
  paths?: string[];
}

export interface CleanupOptions {
  /** The normal, asynchronous teardown (used by stop() and on signals). */
  run: () => Promise<void>;
  /** A synchronous best-effort teardown for the 'exit' event (no event loop left there). */
  runSync: () => void;
  /** Instructions for the reaper (SIGKILL of this process). */
  reaper?: ReaperSpec;
}

export interface CleanupHandle {
  /** Replaces the reaper instructions (e.g. a restarted child has a new pid). */
  updateReaper(spec: ReaperSpec): void;
  /** Runs the asynchronous teardown once (idempotent: later calls return the same promise). */
  run(): Promise<void>;
  /** Removes the entry without running anything (the owner cleaned up itself). */
  dispose(): void;
}

interface Entry {
  id: number;
  name: string;
  opts: CleanupOptions;
  reaper: ReaperSpec;
  state: 'active' | 'stopping' | 'done';
  promise: Promise<void> | undefined;
}

const entries = new Map<number, Entry>();
let nextId = 1;
let handlersInstalled = false;
let reaperStarted = false;
const stateDir = path.join(testbedCacheDir, 'run');
const stateFile = path.join(stateDir, `reaper-${process.pid}.json`);

export function registerCleanup(name: string, opts: CleanupOptions): CleanupHandle {
  installHandlers();
  const entry: Entry = { id: nextId++, name, opts, reaper: opts.reaper ?? {}, state: 'active', promise: undefined };
  entries.set(entry.id, entry);
  writeReaperState();
  return {
    updateReaper(spec) {
      entry.reaper = spec;
      writeReaperState();
    },
    run() {
      return runEntry(entry);
    },
    dispose() {
      entry.state = 'done';
      entries.delete(entry.id);
      writeReaperState();
    },
  };
}

function runEntry(entry: Entry): Promise<void> {
  if (entry.promise) return entry.promise;
  entry.state = 'stopping';
  entry.promise = (async () => {
    try {
      await entry.opts.run();
    } finally {
      entry.state = 'done';
      entries.delete(entry.id);
      writeReaperState();
    }
  })();
  return entry.promise;
}

/** Runs every registered asynchronous teardown, newest first. Errors are collected, not thrown early. */
export async function runAllCleanups(): Promise<void> {
  const errors: unknown[] = [];
  for (const entry of [...entries.values()].reverse()) {
    try {
      await runEntry(entry);
    } catch (err) {
      errors.push(err);
    }
  }
  if (errors.length > 0) throw new AggregateError(errors, 'test bed cleanup failed');
}

/** Synchronous teardown of everything not yet done (for 'exit'). */
export function runAllCleanupsSync(): void {
  for (const entry of [...entries.values()].reverse()) {
    if (entry.state === 'done') continue;
    try {
      entry.opts.runSync();
    } catch (err) {
      process.stderr.write(`[testbed] cleanup of ${entry.name} failed: ${String(err)}\n`);
    }
    entry.state = 'done';
    entries.delete(entry.id);
  }
  removeReaperState();
}

/** Names of resources still registered (for tests and diagnostics). */
export function pendingCleanups(): string[] {
  return [...entries.values()].map((e) => e.name);
}

const SIGNALS: Array<[NodeJS.Signals, number]> = [
  ['SIGINT', 2],
  ['SIGTERM', 15],
  ['SIGHUP', 1],
];

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => runAllCleanupsSync());
  // 'exit' also fires after a fatal uncaught exception; this monitor is belt and braces for the
  // case where the process dies from it (nobody else handles 'uncaughtException').
  process.on('uncaughtExceptionMonitor', () => {
    if (process.listenerCount('uncaughtException') === 0) runAllCleanupsSync();
  });
  for (const [signal, number] of SIGNALS) {
    let received = false;
    const handler = () => {
      if (received) {
        // Second signal: give up on the graceful path.
        runAllCleanupsSync();
        process.exit(128 + number);
      }
      received = true;
      process.stderr.write(`[testbed] ${signal}: stopping the test bed…\n`);
      const timeout = setTimeout(() => {
        runAllCleanupsSync();
        process.exit(128 + number);
      }, 15_000);
      timeout.unref();
      runAllCleanups()
        .catch((err) => process.stderr.write(`[testbed] cleanup error: ${String(err)}\n`))
        .finally(() => {
          clearTimeout(timeout);
          // Another listener (e.g. a CLI) decides how to exit; otherwise behave like the default.
          if (process.listenerCount(signal) <= 1) process.exit(128 + number);
        });
    };
    process.on(signal, handler);
  }
}

// ---------------------------------------------------------------------------------------------
// The reaper: a detached plain-JS process, one per test-bed process, alive while there is state.

const REAPER_SOURCE = `
const fs = require('fs');
const cp = require('child_process');
const stateFile = process.argv[1];
const ppid = Number(process.argv[2]);
function alive(pid) {
  try { process.kill(pid, 0); return true; } catch (e) { return e && e.code === 'EPERM'; }
}
setInterval(() => {
  if (!fs.existsSync(stateFile)) process.exit(0);
  if (alive(ppid)) return;
  let state = { entries: [] };
  try { state = JSON.parse(fs.readFileSync(stateFile, 'utf8')); } catch (e) {}
  for (const entry of (state.entries || []).slice().reverse()) {
    for (const c of entry.commands || []) {
      try { cp.spawnSync(c[0], c.slice(1), { stdio: 'ignore', timeout: 15000 }); } catch (e) {}
    }
    for (const pid of entry.pids || []) {
      try { process.kill(pid, 'SIGKILL'); } catch (e) {}
    }
    for (const p of entry.paths || []) {
      try { fs.rmSync(p, { recursive: true, force: true }); } catch (e) {}
    }
  }
  try { fs.rmSync(stateFile, { force: true }); } catch (e) {}
  process.exit(0);
}, 300);
`;

function writeReaperState(): void {
  const active = [...entries.values()].filter((e) => e.state !== 'done');
  if (active.length === 0) {
    removeReaperState();
    return;
  }
  try {
    fs.mkdirSync(stateDir, { recursive: true });
    const tmp = `${stateFile}.tmp`;
    const payload = {
      pid: process.pid,
      entries: active.map((e) => ({ name: e.name, ...e.reaper })),
    };
    fs.writeFileSync(tmp, JSON.stringify(payload, null, 1));
    fs.renameSync(tmp, stateFile);
    if (!reaperStarted) startReaper();
  } catch (err) {
    process.stderr.write(`[testbed] could not write reaper state: ${String(err)}\n`);
  }
}

function removeReaperState(): void {
  try {
    fs.rmSync(stateFile, { force: true });
  } catch {
    // ignore
  }
  // The reaper sees the state file gone and exits by itself; a new one starts with new state.
  reaperStarted = false;
}

function startReaper(): void {
  const child = spawn(process.execPath, ['-e', REAPER_SOURCE, stateFile, String(process.pid)], {
    detached: true,
    stdio: 'ignore',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
  });
  child.unref();
  reaperStarted = true;
}

/** Kills a pid synchronously and ignores "no such process". */
export function killQuietly(pid: number | undefined, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/**
 * True while a process with this pid exists and is not a zombie (a daemonised postmaster is
 * reparented to pid 1, which may take a while to reap it).
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    // no /proc (not Linux) or the process just went away
    return !fs.existsSync('/proc');
  }
}

/** Runs a command synchronously, ignoring failures (for exit-time cleanup). */
export function runQuietlySync(argv: string[], timeoutMs = 15_000): void {
  const [cmd, ...args] = argv;
  if (cmd === undefined) return;
  try {
    spawnSync(cmd, args, { stdio: 'ignore', timeout: timeoutMs });
  } catch {
    // ignore
  }
}
