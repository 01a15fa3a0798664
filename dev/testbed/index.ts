/**
 * dev/testbed: the real Supabase Auth server on a private PostgreSQL as a local "project" (gateway,
 * SMS hook, profiles: TESTBED_PROFILE, TESTBED_KEYS), or a remote project from SUPABASE_URL; and
 * why a real-server suite skips when there is none. See README.md beside this file.
 */
export { AUTH_BINARY, AUTH_COMMIT, buildAuthServer, buildCommand } from './auth-server.js';
export { isProcessAlive } from './cleanup.js';
export { freePort, isPortFree, isPortListening } from './free-port.js';
export { startGateway, staticFiles } from './gateway.js';
export type { Gateway, RouteHandler } from './gateway.js';
export { decodeJwtPayload, generateJwtSecret, mintApiKeys, signHs256 } from './keys.js';
export { silentLogger } from './paths.js';
export { startPostgres } from './postgres.js';
export type { PostgresCluster } from './postgres.js';
export { profileAuthEnv, profileFromEnv } from './profile.js';
export { briefly, localOnlySkipReason, localServerSkipReason, realServerSkipReason } from './skip-reason.js';
export { generateWebhookSecret, signWebhook, startSmsHook } from './sms-hook.js';
export type { SmsHook } from './sms-hook.js';
export { authServerStatus, AuthServerUnavailableError, CreateUserError, CUSTOM_DOMAIN_ISSUER, remoteFromEnv, startTestbed } from './testbed.js';
export type { CreatedUser, ObservedRequest, Testbed } from './testbed.js';
