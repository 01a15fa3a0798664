// One call gives the end-to-end tests (and the playground) a Supabase Auth "project":
//   - remote: SUPABASE_URL + SUPABASE_ANON_KEY + SUPABASE_SERVICE_ROLE_KEY set → that server, nothing local;
//   - local: a private PostgreSQL cluster, the real auth server (built once from its Go module),
//     a Send-SMS hook that records phone-MFA codes, and a gateway serving /auth/v1 like a project,
//     deployed the way TESTBED_PROFILE / TESTBED_KEYS say (platform / self-hosted / custom domain;
//     legacy JWT keys, new sb_ keys, or sb_ keys before an old gateway: see profile.ts).
// Everything local is torn down by stop(), and also on exit / signals / crashes (see cleanup.ts).
import fs from 'node:fs';
import path from 'node:path';
import {
  AuthServerUnavailableError,
  authServerStatus,
  buildAuthServer,
  createAuthServerProcess,
  type AuthServerProcess,
  type AuthServerStatus,
} from './auth-server.js';
import { LOOPBACK, freePort } from './free-port.js';
import { AUTH_PREFIX, startGateway, type Gateway } from './gateway.js';
import { createUser, type CreatedUser } from './users.js';
import { generateJwtSecret, mintApiKeys, mintNewApiKeys, type ApiKeys } from './keys.js';
import { profileAuthEnv, profileFromEnv, profileIssuer, type TestbedKeyMode, type TestbedProfile } from './profile.js';
import { pruneOldLogs, stderrLogger, silentLogger, testbedLogDir, type Logger } from './paths.js';
import { startPostgres, type PostgresCluster } from './postgres.js';
import { startSmsHook, type SmsCodes } from './sms-hook.js';

export { CreateUserError, type CreatedUser } from './users.js';

export { AuthServerUnavailableError, authServerStatus, type AuthServerStatus };
export type { SmsCodes, SmsMessage } from './sms-hook.js';
export type { AuthResponseRewrite, Gateway, RouteHandler, FailureMode } from './gateway.js';
export { staticFiles } from './gateway.js';
export type { ObservedRequest } from './gateway.js';
export { CUSTOM_DOMAIN_ISSUER, KEY_MODES, PROFILES, profileFromEnv, type TestbedKeyMode, type TestbedProfile } from './profile.js';

export interface StartTestbedOptions {
  /** GOTRUE_JWT_EXP: access-token lifetime in seconds (default 3600). Local only. */
  jwtExpSeconds?: number;
  /** GOTRUE_SITE_URL (its host is the default TOTP issuer). Default http://localhost:3000. */
  siteUrl?: string;
  /** Fixed gateway port (default: a free one). */
  gatewayPort?: number;
  /** Extra / overriding auth server environment (GOTRUE_…), e.g. to switch a feature off. */
  authEnv?: Record<string, string>;
  /** Check the apikey header at the gateway like a real project (default true). */
  requireApiKey?: boolean;
  /** How the auth server is deployed (profile.ts); default TESTBED_PROFILE, else platform. Local only. */
  profile?: TestbedProfile;
  /** Which API keys the project hands out and what its gateway does with them (profile.ts); default TESTBED_KEYS, else legacy. Local only. */
  keys?: TestbedKeyMode;
  /** Ignore SUPABASE_URL & co. and start everything locally. */
  forceLocal?: boolean;
  /** Wait this long for the auth server's /health (default 30 s). */
  healthTimeoutMs?: number;
  /** Progress lines on stderr (default true). */
  quiet?: boolean;
  /**
   * Security keys / passkeys (default on): WebAuthn MFA and passkeys enabled for pages served on
   * the gateway at `localUrl` (RP id `localhost`). Browsers refuse WebAuthn on 127.0.0.1, and the
   * server only accepts the exact origins it was started with, so this uses the gateway's port.
   */
  webauthn?: boolean;
}

export interface Testbed {
  kind: 'local' | 'remote';
  /** The project URL: gateway base, WITHOUT /auth/v1 (pass it to createClient). */
  url: string;
  /** url + '/auth/v1'. */
  authUrl: string;
  /**
   * Local only: the gateway as http://localhost:<port>, the one origin the auth server accepts
   * WebAuthn ceremonies from (serve WebAuthn test pages and point the client here).
   */
  localUrl?: string;
  /** The key a page uses (an `sb_publishable_…` key when the key mode is new or old-gateway). */
  anonKey: string;
  /** The key server-side admin calls use (an `sb_secret_…` key when the key mode is new or old-gateway). */
  serviceRoleKey: string;
  /** Local only: the deployment profile and key mode it was started with. */
  profile?: TestbedProfile;
  keyMode?: TestbedKeyMode;
  /** Local only: the `iss` its access tokens carry; undefined for the self-hosted profile (none). */
  issuer?: string;
  /** Local only: the legacy JWT anon / service_role keys (the same as anonKey / serviceRoleKey in legacy mode). */
  jwtKeys?: ApiKeys;
  /** Local only: the HS256 secret the keys and access tokens are signed with. */
  jwtSecret?: string;
  /** Local only: the configured access-token lifetime. */
  jwtExpSeconds?: number;
  /** Local only: codes sent by the Send-SMS hook. Undefined against a remote project (no hook there). */
  smsCodes?: SmsCodes;
  /** Local only: the gateway (mount test pages with gateway.route(prefix, handler), simulate outages). */
  gateway?: Gateway;
  /** Local only: log files. */
  logs?: { auth: string; postgres: string };
  /** Local only: the PostgreSQL cluster (psql queries for assertions). */
  postgres?: PostgresCluster;
  /** Stops the auth server (the gateway then answers 502 for /auth/v1). Rejects for a remote project. */
  stopAuth(): Promise<void>;
  /** Starts it again on the same port and waits for /health. Rejects for a remote project. */
  startAuth(): Promise<void>;
  /** Creates a confirmed email/password user through the admin API (service-role key). */
  createUser(email?: string, password?: string): Promise<CreatedUser>;
  /** Stops everything that was started; idempotent. */
  stop(): Promise<void>;
}

/** The remote project from the environment, if all three variables are set. */
export function remoteFromEnv(): { url: string; anonKey: string; serviceRoleKey: string } | undefined {
  const url = process.env.SUPABASE_URL;
  const anonKey = process.env.SUPABASE_ANON_KEY;
  const serviceRoleKey = process.env.SUPABASE_SERVICE_ROLE_KEY;
  if (url && anonKey && serviceRoleKey) return { url: url.replace(/\/+$/, ''), anonKey, serviceRoleKey };
  return undefined;
}

async function startRemote(remote: { url: string; anonKey: string; serviceRoleKey: string }, log: Logger): Promise<Testbed> {
  log(`using the Supabase project at ${remote.url} (SUPABASE_URL); no local processes, no SMS codes`);
  try {
    const res = await fetch(`${remote.url}${AUTH_PREFIX}/health`, {
      headers: { apikey: remote.anonKey },
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) log(`warning: ${remote.url}${AUTH_PREFIX}/health answered HTTP ${res.status}`);
  } catch (err) {
    throw new Error(`the Supabase project at ${remote.url} is not reachable: ${String(err)}`);
  }
  const unsupported = (what: string) => () => Promise.reject(new Error(`${what} is not possible against a remote Supabase project (SUPABASE_URL)`));
  return {
    kind: 'remote',
    url: remote.url,
    authUrl: `${remote.url}${AUTH_PREFIX}`,
    anonKey: remote.anonKey,
    serviceRoleKey: remote.serviceRoleKey,
    stopAuth: unsupported('stopAuth()'),
    startAuth: unsupported('startAuth()'),
    createUser: (email, password) => createUser(remote.url, remote.serviceRoleKey, email, password),
    stop: () => Promise.resolve(),
  };
}

/** Environment of the auth server common to every profile (the profile adds API_EXTERNAL_URL and the issuer). */
export function authEnvironment(p: {
  databaseUrl: string;
  port: number;
  /** The project URL (the gateway, without /auth/v1). */
  projectUrl: string;
  siteUrl: string;
  jwtSecret: string;
  jwtExpSeconds: number;
  hookUrl: string;
  hookSecret: string;
}): Record<string, string> {
  return {
    GOTRUE_DB_DRIVER: 'postgres',
    DATABASE_URL: p.databaseUrl,
    DB_NAMESPACE: 'auth',
    GOTRUE_SITE_URL: p.siteUrl,
    GOTRUE_URI_ALLOW_LIST: `${p.siteUrl},${p.projectUrl}/**`,
    GOTRUE_API_HOST: LOOPBACK,
    PORT: String(p.port),
    GOTRUE_JWT_SECRET: p.jwtSecret,
    GOTRUE_JWT_EXP: String(p.jwtExpSeconds),
    GOTRUE_JWT_AUD: 'authenticated',
    GOTRUE_JWT_DEFAULT_GROUP_NAME: 'authenticated',
    GOTRUE_DISABLE_SIGNUP: 'false',
    GOTRUE_EXTERNAL_EMAIL_ENABLED: 'true',
    GOTRUE_MAILER_AUTOCONFIRM: 'true',
    GOTRUE_MFA_TOTP_ENROLL_ENABLED: 'true',
    GOTRUE_MFA_TOTP_VERIFY_ENABLED: 'true',
    GOTRUE_MFA_PHONE_ENROLL_ENABLED: 'true',
    GOTRUE_MFA_PHONE_VERIFY_ENABLED: 'true',
    GOTRUE_HOOK_SEND_SMS_ENABLED: 'true',
    GOTRUE_HOOK_SEND_SMS_URI: p.hookUrl,
    GOTRUE_HOOK_SEND_SMS_SECRETS: p.hookSecret,
    // A whole suite runs from one IP: the per-IP limits of a hosted project would stop it midway.
    // (The phone factor's own one-minute resend limit, MFA_PHONE_MAX_FREQUENCY, stays as shipped.)
    GOTRUE_RATE_LIMIT_VERIFY: '100000',
    GOTRUE_RATE_LIMIT_TOKEN_REFRESH: '100000',
    GOTRUE_RATE_LIMIT_OTP: '100000',
    GOTRUE_RATE_LIMIT_SMS_SENT: '100000',
    GOTRUE_RATE_LIMIT_EMAIL_SENT: '100000',
    GOTRUE_RATE_LIMIT_ANONYMOUS_USERS: '100000',
    GOTRUE_MFA_RATE_LIMIT_CHALLENGE_AND_VERIFY: '100000',
    GOTRUE_LOG_LEVEL: 'info',
  };
}

/**
 * WebAuthn MFA and passkeys for pages on `origin` (RP id localhost). Challenge/verify limits are
 * per IP and every test shares 127.0.0.1: 15 a minute would throttle a test run.
 */
export function webauthnEnvironment(origin: string): Record<string, string> {
  return {
    GOTRUE_MFA_WEB_AUTHN_ENROLL_ENABLED: 'true',
    GOTRUE_MFA_WEB_AUTHN_VERIFY_ENABLED: 'true',
    GOTRUE_PASSKEY_ENABLED: 'true',
    GOTRUE_WEBAUTHN_RP_ID: 'localhost',
    GOTRUE_WEBAUTHN_RP_DISPLAY_NAME: 'Supabase MFA test bed',
    GOTRUE_WEBAUTHN_RP_ORIGINS: origin,
    GOTRUE_MFA_RATE_LIMIT_CHALLENGE_AND_VERIFY: '1000',
    GOTRUE_RATE_LIMIT_PASSKEY: '1000',
  };
}

/**
 * Starts the test bed (see the file header). Local mode rejects with AuthServerUnavailableError,
 * before starting anything, when the auth server binary cannot be had.
 */
export async function startTestbed(opts: StartTestbedOptions = {}): Promise<Testbed> {
  const log = opts.quiet ? silentLogger : stderrLogger;
  const remote = opts.forceLocal ? undefined : remoteFromEnv();
  if (remote) return startRemote(remote, log);

  const t0 = Date.now();
  const binary = await buildAuthServer({ log }); // throws AuthServerUnavailableError
  pruneOldLogs();

  const stack: Array<() => Promise<void>> = [];
  const unwind = async () => {
    const errors: unknown[] = [];
    while (stack.length > 0) {
      const fn = stack.pop();
      try {
        await fn?.();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'stopping the test bed failed');
  };

  try {
    const postgres = await startPostgres({ log });
    stack.push(() => postgres.stop());

    const hook = await startSmsHook({ log });
    stack.push(() => hook.stop());
    log(`send-SMS hook on ${hook.url}`);

    const chosen = profileFromEnv();
    const profile = opts.profile ?? chosen.profile;
    const keyMode = opts.keys ?? chosen.keys;
    const jwtSecret = generateJwtSecret();
    const jwtKeys = mintApiKeys(jwtSecret);
    const keys = keyMode === 'legacy' ? jwtKeys : mintNewApiKeys();
    const gateway = await startGateway({
      log,
      port: opts.gatewayPort,
      // An old gateway knows only the JWT keys; a new one also the sb_ keys, as the role JWT upstream.
      apiKeys:
        opts.requireApiKey === false
          ? []
          : keyMode === 'new'
            ? [jwtKeys.anonKey, jwtKeys.serviceRoleKey, keys.anonKey, keys.serviceRoleKey]
            : [jwtKeys.anonKey, jwtKeys.serviceRoleKey],
      keyTranslation: keyMode === 'new' ? { [keys.anonKey]: jwtKeys.anonKey, [keys.serviceRoleKey]: jwtKeys.serviceRoleKey } : {},
    });
    stack.push(() => gateway.stop());
    log(`gateway on ${gateway.url} (${AUTH_PREFIX}/* → auth server); profile ${profile}, ${keyMode} keys`);

    const localUrl = `http://localhost:${gateway.port}`;
    const authPort = await freePort();
    const jwtExpSeconds = opts.jwtExpSeconds ?? 3600;
    const id = path.basename(postgres.baseDir).replace(/^pg-/, '');
    fs.mkdirSync(testbedLogDir, { recursive: true });
    const authLog = path.join(testbedLogDir, `auth-${id}.log`);
    const auth: AuthServerProcess = createAuthServerProcess({
      binary,
      port: authPort,
      logFile: authLog,
      log,
      healthTimeoutMs: opts.healthTimeoutMs,
      env: {
        ...authEnvironment({
          databaseUrl: postgres.authDatabaseUrl,
          port: authPort,
          projectUrl: gateway.url,
          siteUrl: opts.siteUrl ?? 'http://localhost:3000',
          jwtSecret,
          jwtExpSeconds,
          hookUrl: hook.url,
          hookSecret: hook.secret,
        }),
        ...profileAuthEnv(profile, gateway.url),
        ...(opts.webauthn === false ? {} : webauthnEnvironment(localUrl)),
        ...opts.authEnv,
      },
    });
    stack.push(() => auth.dispose());
    log('running auth migrations …');
    await auth.migrate();
    await auth.start();
    gateway.setAuthUpstream(auth.url);

    let stopping: Promise<void> | undefined;
    const testbed: Testbed = {
      kind: 'local',
      url: gateway.url,
      authUrl: `${gateway.url}${AUTH_PREFIX}`,
      localUrl,
      anonKey: keys.anonKey,
      serviceRoleKey: keys.serviceRoleKey,
      profile,
      keyMode,
      issuer: opts.authEnv?.GOTRUE_JWT_ISSUER !== undefined ? opts.authEnv.GOTRUE_JWT_ISSUER || undefined : profileIssuer(profile, gateway.url),
      jwtKeys,
      jwtSecret,
      jwtExpSeconds,
      smsCodes: hook.smsCodes,
      gateway,
      logs: { auth: authLog, postgres: postgres.logFile },
      postgres,
      stopAuth: async () => {
        await auth.stop();
        log('auth server stopped');
      },
      startAuth: () => auth.start(),
      // An old gateway refuses the sb_secret key: the test bed's own users are made with the JWT key there.
      createUser: (email, password) => createUser(gateway.url, keyMode === 'old-gateway' ? jwtKeys.serviceRoleKey : keys.serviceRoleKey, email, password),
      stop: () => {
        stopping ??= (async () => {
          const t = Date.now();
          await unwind();
          log(`test bed stopped (${Date.now() - t} ms)`);
        })();
        return stopping;
      },
    };
    log(`test bed ready in ${Date.now() - t0} ms: ${testbed.url}`);
    return testbed;
  } catch (err) {
    await unwind().catch((cleanupErr: unknown) => log(`cleanup after a failed start: ${String(cleanupErr)}`));
    throw err;
  }
}

export type { PostgresCluster } from './postgres.js';
export type { SmsHook } from './sms-hook.js';
