// A private, throw-away PostgreSQL cluster for the auth server: its own data directory under
// <repo>/.cache/testbed/pg-<pid>-<random>, its own unix-socket directory, a free loopback port,
// durability switched off for speed. Runs as the `postgres` OS user when we are root (initdb
// refuses root). The init SQL of Supabase Auth (hack/init_postgres.sql) is applied once into a
// cached template cluster (.cache/testbed/pg-template) which every run copies.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isProcessAlive, killQuietly, registerCleanup, runQuietlySync, type CleanupHandle } from './cleanup.js';
import { exec, execOrThrow, tail, type ExecOptions } from './exec.js';
import { LOOPBACK, freePort, waitForPortFree } from './free-port.js';
import { stderrLogger, testbedCacheDir, testbedLogDir, type Logger } from './paths.js';

/** Roles, schema and grants the auth server's migrations expect (Supabase Auth's hack/init_postgres.sql). */
export const INIT_SQL = `
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'postgres') THEN
    CREATE ROLE postgres SUPERUSER LOGIN;
  END IF;
END $$;
CREATE USER supabase_admin LOGIN CREATEROLE CREATEDB REPLICATION BYPASSRLS;
CREATE USER supabase_auth_admin NOINHERIT CREATEROLE LOGIN NOREPLICATION PASSWORD 'root';
CREATE SCHEMA IF NOT EXISTS auth AUTHORIZATION supabase_auth_admin;
GRANT CREATE ON DATABASE postgres TO supabase_auth_admin;
ALTER USER supabase_auth_admin SET search_path = 'auth';
`;

/** The auth server's database login (password as in init_postgres.sql). */
export const AUTH_DB_USER = 'supabase_auth_admin';
export const AUTH_DB_PASSWORD = 'root';

/** Appended to postgresql.conf of the template: a disposable database needs no durability. */
const SPEED_CONF = `
# --- supabase-mfa test bed: disposable cluster, no durability ---
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
autovacuum = off
shared_buffers = 32MB
max_connections = 100
listen_addresses = '${LOOPBACK}'
log_min_messages = warning
log_line_prefix = '%m [%p] %q%u@%d '
`;

const TEMPLATE_FORMAT = 2;

export interface PgBinaries {
  binDir: string;
  version: string;
  initdb: string;
  pgCtl: string;
  postgres: string;
  psql: string;
}

export interface PostgresCluster {
  host: string;
  port: number;
  /** The private directory holding data/ (and run/ for the socket unless the path was too long). */
  baseDir: string;
  dataDir: string;
  socketDir: string;
  logFile: string;
  /** The postmaster's pid. */
  pid: number;
  /** Connection URL for the auth server (supabase_auth_admin over TCP). */
  authDatabaseUrl: string;
  /** Runs SQL with psql and returns the unaligned, tuples-only output (trimmed). Superuser over the unix socket by default. */
  query(sql: string, opts?: QueryOptions): Promise<string>;
  /** `pg_ctl stop -m immediate`, then removes the private directories. Idempotent. */
  stop(): Promise<void>;
}

export interface QueryOptions {
  user?: string;
  password?: string;
  database?: string;
  /** Connect over TCP 127.0.0.1:<port> instead of the unix socket (password auth applies). */
  tcp?: boolean;
}

export interface StartPostgresOptions {
  log?: Logger;
  /** Parent directory for the private cluster (default <repo>/.cache/testbed). */
  rootDir?: string;
  /** Copy the cached, initialised template (default true). false: initdb + init SQL every time. */
  useTemplate?: boolean;
  /** pg_ctl start -t (seconds). */
  startTimeoutSeconds?: number;
}

// ---------------------------------------------------------------------------------------------
// Binaries

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function which(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, cmd);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function binariesIn(binDir: string, version: string): PgBinaries | undefined {
  const initdb = path.join(binDir, 'initdb');
  const pgCtl = path.join(binDir, 'pg_ctl');
  const postgres = path.join(binDir, 'postgres');
  if (![initdb, pgCtl, postgres].every(isExecutable)) return undefined;
  const localPsql = path.join(binDir, 'psql');
  const psql = isExecutable(localPsql) ? localPsql : (which('psql') ?? localPsql);
  return { binDir, version, initdb, pgCtl, postgres, psql };
}

/** Finds initdb / pg_ctl / postgres: $TESTBED_PG_BIN, Debian's /usr/lib/postgresql/<newest>/bin, or PATH. */
export function findPgBinaries(): PgBinaries | undefined {
  const override = process.env.TESTBED_PG_BIN;
  if (override) return binariesIn(override, path.basename(path.dirname(override)));
  const debianRoot = '/usr/lib/postgresql';
  if (fs.existsSync(debianRoot)) {
    const versions = fs
      .readdirSync(debianRoot)
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const version of versions) {
      const found = binariesIn(path.join(debianRoot, version, 'bin'), version);
      if (found) return found;
    }
  }
  const pgCtl = which('pg_ctl');
  if (pgCtl) {
    const binDir = path.dirname(fs.realpathSync(pgCtl));
    return binariesIn(binDir, 'unknown');
  }
  return undefined;
}

/** Returns the PostgreSQL binaries, installing Debian's `postgresql` package with apt-get if they are missing. */
export async function ensurePgBinaries(log: Logger = stderrLogger): Promise<PgBinaries> {
  const found = findPgBinaries();
  if (found) return found;
  if (!isRoot()) {
    throw new Error(
      'PostgreSQL (initdb, pg_ctl, postgres) not found and not running as root: install it with ' +
        '`sudo apt-get install -y postgresql` or set TESTBED_PG_BIN to its bin directory',
    );
  }
  log('PostgreSQL not found: apt-get update && apt-get install -y postgresql …');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const progress = (line: string) => {
    if (/^(Get:|Unpacking|Setting up|E:|W:|Err:)/.test(line)) log(`  apt: ${line}`);
  };
  await execOrThrow(['apt-get', 'update'], { env, onStdoutLine: progress, onStderrLine: progress });
  await execOrThrow(['apt-get', 'install', '-y', '--no-install-recommends', 'postgresql'], {
    env,
    onStdoutLine: progress,
    onStderrLine: progress,
  });
  const installed = findPgBinaries();
  if (!installed) throw new Error('apt-get installed postgresql but initdb/pg_ctl/postgres are still not found');
  log(`PostgreSQL ${installed.version} installed (${installed.binDir})`);
  return installed;
}

// ---------------------------------------------------------------------------------------------
// Running things as the postgres OS user

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

interface PgUser {
  /** argv prefix: ['runuser', '-u', 'postgres', '--'] as root, [] otherwise. */
  prefix: string[];
  uid: number | undefined;
  gid: number | undefined;
}

let pgUserCache: PgUser | undefined;

async function pgUser(): Promise<PgUser> {
  if (pgUserCache) return pgUserCache;
  if (!isRoot()) {
    pgUserCache = { prefix: [], uid: undefined, gid: undefined };
    return pgUserCache;
  }
  const uid = Number((await execOrThrow(['id', '-u', 'postgres'])).stdout.trim());
  const gid = Number((await execOrThrow(['id', '-g', 'postgres'])).stdout.trim());
  pgUserCache = { prefix: ['runuser', '-u', 'postgres', '--'], uid, gid };
  return pgUserCache;
}

function chownToPg(user: PgUser, target: string): void {
  if (user.uid !== undefined && user.gid !== undefined) fs.chownSync(target, user.uid, user.gid);
}

function asPg(user: PgUser, argv: string[]): string[] {
  return [...user.prefix, ...argv];
}

const pgExecOpts: ExecOptions = { cwd: '/' };

// ---------------------------------------------------------------------------------------------
// Template

function templateKey(bins: PgBinaries): string {
  return createHash('sha256').update(`${TEMPLATE_FORMAT}\n${bins.binDir}\n${bins.version}\n${INIT_SQL}\n${SPEED_CONF}`).digest('hex').slice(0, 16);
}

function readTemplateMarker(dir: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(path.join(dir, 'TEMPLATE.json'), 'utf8')) as { key?: string }).key;
  } catch {
    return undefined;
  }
}

function socketDirFor(baseDir: string, registerExtra: (dir: string) => void): string {
  const preferred = path.join(baseDir, 'run');
  // A unix socket path must fit in ~107 bytes: /…/run/.s.PGSQL.65535
  if (path.join(preferred, '.s.PGSQL.65535').length <= 100) {
    fs.mkdirSync(preferred, { mode: 0o700 });
    return preferred;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-pg-'));
  registerExtra(dir);
  return dir;
}

/** Runs initdb into `dataDir` (must exist, owned by the postgres user) and appends SPEED_CONF. */
async function initdb(bins: PgBinaries, user: PgUser, dataDir: string): Promise<void> {
  await execOrThrow(
    asPg(user, [
      bins.initdb,
      '-D',
      dataDir,
      '-U',
      'postgres',
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      '-E',
      'UTF8',
      '--no-locale',
      '--no-sync',
      '--no-instructions',
    ]),
    pgExecOpts,
  );
  fs.appendFileSync(path.join(dataDir, 'postgresql.conf'), SPEED_CONF);
}

function psqlArgv(bins: PgBinaries, host: string, port: number, sql: string, opts: QueryOptions): string[] {
  return [
    bins.psql,
    '-X',
    '-A',
    '-t',
    '-q',
    '-v',
    'ON_ERROR_STOP=1',
    '-h',
    host,
    '-p',
    String(port),
    '-U',
    opts.user ?? 'postgres',
    '-d',
    opts.database ?? 'postgres',
    '-c',
    sql,
  ];
}

async function runPsql(bins: PgBinaries, socketDir: string, port: number, sql: string, opts: QueryOptions = {}): Promise<string> {
  const host = opts.tcp ? LOOPBACK : socketDir;
  const env: NodeJS.ProcessEnv = { ...process.env, PGCONNECT_TIMEOUT: '5' };
  delete env.PGPASSWORD;
  if (opts.password !== undefined) env.PGPASSWORD = opts.password;
  const result = await execOrThrow(psqlArgv(bins, host, port, sql, opts), { env, timeoutMs: 30_000 });
  return result.stdout.trim();
}

async function pgCtlStart(
  bins: PgBinaries,
  user: PgUser,
  dataDir: string,
  logFile: string,
  timeoutSeconds: number,
): Promise<{ ok: true } | { ok: false; output: string }> {
  const result = await exec(asPg(user, [bins.pgCtl, 'start', '-D', dataDir, '-w', '-t', String(timeoutSeconds), '-s', '-l', logFile]), pgExecOpts);
  if (result.code === 0) return { ok: true };
  let logTail = '';
  try {
    logTail = tail(fs.readFileSync(logFile, 'utf8'), 20);
  } catch {
    // no log
  }
  return { ok: false, output: `${result.stderr}${result.stdout}\n--- ${logFile} ---\n${logTail}`.trim() };
}

function pgCtlStopArgv(bins: PgBinaries, user: PgUser, dataDir: string, mode: 'immediate' | 'fast'): string[] {
  return asPg(user, [bins.pgCtl, 'stop', '-D', dataDir, '-m', mode, '-w', '-t', '10', '-s']);
}

function readPostmasterPid(dataDir: string): number | undefined {
  try {
    const first = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0];
    const pid = Number(first);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function writeConf(dataDir: string, port: number, socketDir: string): void {
  fs.appendFileSync(
    path.join(dataDir, 'postgresql.conf'),
    `\n# --- this run ---\nport = ${port}\nunix_socket_directories = '${socketDir.replace(/'/g, "''")}'\n`,
  );
}

function newLogFile(user: PgUser, name: string): string {
  fs.mkdirSync(testbedLogDir, { recursive: true });
  const file = path.join(testbedLogDir, name);
  fs.writeFileSync(file, '');
  chownToPg(user, file);
  return file;
}

/**
 * Makes sure the cached template cluster (initdb + INIT_SQL applied, cleanly shut down) exists and
 * matches this PostgreSQL and this init SQL; builds it atomically (tmp dir + rename) otherwise.
 * Returns the template's data directory.
 */
export async function ensureTemplate(bins: PgBinaries, rootDir: string = testbedCacheDir, log: Logger = stderrLogger): Promise<string> {
  const user = await pgUser();
  const dir = path.join(rootDir, 'pg-template');
  const key = templateKey(bins);
  if (readTemplateMarker(dir) === key) return path.join(dir, 'data');

  const started = Date.now();
  log(`initialising the PostgreSQL ${bins.version} template cluster (once) in ${dir} …`);
  fs.mkdirSync(rootDir, { recursive: true });
  const tmp = path.join(rootDir, `pg-template.tmp-${process.pid}-${randomBytes(3).toString('hex')}`);
  fs.mkdirSync(tmp, { mode: 0o755 });
  const extraDirs: string[] = [];
  const dataDir = path.join(tmp, 'data');
  fs.mkdirSync(dataDir, { mode: 0o700 });
  chownToPg(user, dataDir);
  const socketDir = socketDirFor(tmp, (d) => extraDirs.push(d));
  chownToPg(user, socketDir);

  const handle = registerCleanup(`postgres template build ${tmp}`, {
    run: async () => {
      await exec(pgCtlStopArgv(bins, user, dataDir, 'immediate'), pgExecOpts);
      killQuietly(readPostmasterPid(dataDir));
      for (const d of [tmp, ...extraDirs]) fs.rmSync(d, { recursive: true, force: true });
    },
    runSync: () => {
      runQuietlySync(pgCtlStopArgv(bins, user, dataDir, 'immediate'));
      killQuietly(readPostmasterPid(dataDir));
      for (const d of [tmp, ...extraDirs]) fs.rmSync(d, { recursive: true, force: true });
    },
    reaper: { commands: [pgCtlStopArgv(bins, user, dataDir, 'immediate')], paths: [tmp, ...extraDirs] },
  });
  try {
    await initdb(bins, user, dataDir);
    const logFile = newLogFile(user, `postgres-template-${process.pid}.log`);
    let lastError = '';
    let port = 0;
    for (let attempt = 0; attempt < 3; attempt++) {
      port = await freePort();
      writeConf(dataDir, port, socketDir);
      const result = await pgCtlStart(bins, user, dataDir, logFile, 30);
      if (result.ok) {
        lastError = '';
        break;
      }
      lastError = result.output;
    }
    if (lastError) throw new Error(`could not start the template cluster:\n${lastError}`);
    await runPsql(bins, socketDir, port, INIT_SQL);
    // Clean shutdown so that copies start without crash recovery.
    await execOrThrow(pgCtlStopArgv(bins, user, dataDir, 'fast'), pgExecOpts);
    // Drop the per-run settings again: each copy appends its own.
    const confPath = path.join(dataDir, 'postgresql.conf');
    const conf = fs.readFileSync(confPath, 'utf8');
    const cut = conf.indexOf('\n# --- this run ---');
    if (cut >= 0) fs.writeFileSync(confPath, `${conf.slice(0, cut)}\n`);
    fs.writeFileSync(path.join(tmp, 'TEMPLATE.json'), JSON.stringify({ key, version: bins.version, binDir: bins.binDir, createdAt: new Date().toISOString() }));
    for (const d of extraDirs) fs.rmSync(d, { recursive: true, force: true });
    fs.rmSync(socketDir, { recursive: true, force: true });
    // Publish atomically; replace a stale template; if another process won the race, use theirs.
    if (fs.existsSync(dir) && readTemplateMarker(dir) !== key) {
      const trash = `${dir}.old-${process.pid}-${randomBytes(3).toString('hex')}`;
      try {
        fs.renameSync(dir, trash);
        fs.rmSync(trash, { recursive: true, force: true });
      } catch {
        // someone else replaced it meanwhile
      }
    }
    try {
      fs.renameSync(tmp, dir);
    } catch {
      fs.rmSync(tmp, { recursive: true, force: true });
      if (readTemplateMarker(dir) !== key) throw new Error(`could not publish the template cluster at ${dir}`);
    }
    handle.dispose();
    log(`template cluster ready (${Date.now() - started} ms)`);
    return path.join(dir, 'data');
  } catch (err) {
    await handle.run();
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Stale clusters of dead processes (e.g. SIGKILL with the reaper also gone)

/** Stops and removes private clusters whose owning process is gone. */
export function reapStaleClusters(rootDir: string = testbedCacheDir, log: Logger = stderrLogger): void {
  let names: string[];
  try {
    names = fs.readdirSync(rootDir);
  } catch {
    return;
  }
  for (const name of names) {
    const match = /^pg-(?:template\.tmp-)?(\d+)-[0-9a-f]+$/.exec(name);
    if (!match) continue;
    const ownerPid = Number(match[1]);
    if (ownerPid === process.pid || isProcessAlive(ownerPid)) continue;
    const base = path.join(rootDir, name);
    const postmaster = readPostmasterPid(path.join(base, 'data'));
    if (postmaster !== undefined && isProcessAlive(postmaster)) {
      killQuietly(postmaster, 'SIGQUIT'); // immediate shutdown
    }
    fs.rmSync(base, { recursive: true, force: true });
    log(`removed stale cluster ${name} (owner pid ${ownerPid} is gone)`);
  }
}

// ---------------------------------------------------------------------------------------------
// The private cluster

export async function startPostgres(opts: StartPostgresOptions = {}): Promise<PostgresCluster> {
  const log = opts.log ?? stderrLogger;
  const rootDir = opts.rootDir ?? testbedCacheDir;
  const useTemplate = opts.useTemplate ?? true;
  const timeoutSeconds = opts.startTimeoutSeconds ?? 30;
  const t0 = Date.now();
  const bins = await ensurePgBinaries(log);
  const user = await pgUser();
  fs.mkdirSync(rootDir, { recursive: true });
  reapStaleClusters(rootDir, log);
  const templateData = useTemplate ? await ensureTemplate(bins, rootDir, log) : undefined;

  const id = `${process.pid}-${randomBytes(3).toString('hex')}`;
  const baseDir = path.join(rootDir, `pg-${id}`);
  fs.mkdirSync(baseDir, { mode: 0o755 });
  const extraDirs: string[] = [];
  const dataDir = path.join(baseDir, 'data');
  const socketDir = socketDirFor(baseDir, (d) => extraDirs.push(d));
  chownToPg(user, socketDir);
  const logFile = newLogFile(user, `postgres-${id}.log`);
  const removeDirs = () => {
    for (const d of [baseDir, ...extraDirs]) fs.rmSync(d, { recursive: true, force: true });
  };

  let port = 0;
  let pid: number | undefined;
  const stopArgv = pgCtlStopArgv(bins, user, dataDir, 'immediate');
  const handle: CleanupHandle = registerCleanup(`postgres ${baseDir}`, {
    run: async () => {
      const t = Date.now();
      if (fs.existsSync(path.join(dataDir, 'postmaster.pid'))) await exec(stopArgv, pgExecOpts);
      const postmaster = pid ?? readPostmasterPid(dataDir);
      if (postmaster !== undefined && isProcessAlive(postmaster)) {
        killQuietly(postmaster, 'SIGKILL');
        for (let i = 0; i < 100 && isProcessAlive(postmaster); i++) await new Promise((r) => setTimeout(r, 20));
      }
      removeDirs();
      if (port) await waitForPortFree(port, LOOPBACK, 5000);
      log(`PostgreSQL on ${LOOPBACK}:${port} stopped, ${baseDir} removed (${Date.now() - t} ms)`);
    },
    runSync: () => {
      if (fs.existsSync(path.join(dataDir, 'postmaster.pid'))) runQuietlySync(stopArgv);
      killQuietly(pid ?? readPostmasterPid(dataDir), 'SIGKILL');
      removeDirs();
    },
    reaper: { commands: [stopArgv], paths: [baseDir, ...extraDirs] },
  });

  try {
    if (templateData) {
      await execOrThrow(['cp', '-a', templateData, dataDir]);
    } else {
      fs.mkdirSync(dataDir, { mode: 0o700 });
      chownToPg(user, dataDir);
      await initdb(bins, user, dataDir);
    }
    let lastError = '';
    for (let attempt = 0; attempt < 3; attempt++) {
      port = await freePort();
      log(`starting PostgreSQL ${bins.version} on ${LOOPBACK}:${port} (${dataDir}) …`);
      writeConf(dataDir, port, socketDir);
      const started = await pgCtlStart(bins, user, dataDir, logFile, timeoutSeconds);
      if (started.ok) {
        lastError = '';
        break;
      }
      lastError = started.output;
      // A port taken between freePort() and bind() is retried with a new port; other errors too (cheap).
      log(`PostgreSQL did not start (attempt ${attempt + 1}): ${tail(started.output, 3)}`);
    }
    if (lastError) throw new Error(`PostgreSQL failed to start:\n${lastError}`);
    pid = readPostmasterPid(dataDir);
    handle.updateReaper({ commands: [stopArgv], pids: pid ? [pid] : [], paths: [baseDir, ...extraDirs] });
    if (!templateData) await runPsql(bins, socketDir, port, INIT_SQL);
  } catch (err) {
    await handle.run().catch(() => {});
    throw err;
  }

  log(`PostgreSQL ready on ${LOOPBACK}:${port} (pid ${String(pid)}, ${Date.now() - t0} ms)`);
  const finalPort = port;
  return {
    host: LOOPBACK,
    port: finalPort,
    baseDir,
    dataDir,
    socketDir,
    logFile,
    pid: pid ?? -1,
    authDatabaseUrl: `postgres://${AUTH_DB_USER}:${AUTH_DB_PASSWORD}@${LOOPBACK}:${finalPort}/postgres?sslmode=disable`,
    query: (sql, queryOpts) => runPsql(bins, socketDir, finalPort, sql, queryOpts),
    stop: () => handle.run(),
  };
}
