/**
 * Which Supabase the local test bed plays: builders run the auth server in several shapes, and the
 * plugin must work with each. Two independent choices, from the environment unless a test names them:
 *
 * - TESTBED_PROFILE (how the auth server is configured):
 *   - `platform` (default): tokens name the project's own address as issuer (`iss` = <url>/auth/v1),
 *     like a hosted project or `supabase start`;
 *   - `self-hosted`: the official self-hosted docker compose's auth settings: no GOTRUE_JWT_ISSUER,
 *     so access tokens carry no `iss` and the discovery document answers `"issuer": ""`;
 *     API_EXTERNAL_URL is the gateway's address and email links name /auth/v1/verify, as its .env does;
 *   - `custom-domain`: the app uses the gateway's address while tokens keep naming the project's
 *     supabase.co address (CUSTOM_DOMAIN_ISSUER), as behind a custom domain.
 * - TESTBED_KEYS (which API keys the project hands out and what its gateway does with them):
 *   - `legacy` (default): JWT anon / service_role keys, sent as they are;
 *   - `new`: `sb_publishable_…` / `sb_secret_…` keys, translated by the gateway the way the
 *     Supabase CLI's gateway does (see gateway.ts); the legacy JWT keys are still accepted;
 *   - `old-gateway`: the project hands out sb_ keys but its gateway knows only the JWT keys
 *     (an older self-hosted Kong): an sb_ key is answered 401 with no error code.
 */
export const PROFILES = ['platform', 'self-hosted', 'custom-domain'] as const;
export type TestbedProfile = (typeof PROFILES)[number];

export const KEY_MODES = ['legacy', 'new', 'old-gateway'] as const;
export type TestbedKeyMode = (typeof KEY_MODES)[number];

/** The issuer of the custom-domain profile: a project's own address, not the one the app uses. */
export const CUSTOM_DOMAIN_ISSUER = 'https://abcdefghijklmnopqrst.supabase.co/auth/v1';

function choice<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined || value === '') return fallback;
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw new Error(`${name}=${value} is not one of: ${allowed.join(', ')}`);
  return found;
}

/** The profile and key mode named by TESTBED_PROFILE / TESTBED_KEYS (defaults: platform, legacy); throws on an unknown value. */
export function profileFromEnv(env: NodeJS.ProcessEnv = process.env): { profile: TestbedProfile; keys: TestbedKeyMode } {
  return {
    profile: choice('TESTBED_PROFILE', env.TESTBED_PROFILE, PROFILES, 'platform'),
    keys: choice('TESTBED_KEYS', env.TESTBED_KEYS, KEY_MODES, 'legacy'),
  };
}

/** The `iss` the profile's access tokens carry (undefined: none), for a gateway at `gatewayUrl`. */
export function profileIssuer(profile: TestbedProfile, gatewayUrl: string): string | undefined {
  if (profile === 'self-hosted') return undefined;
  if (profile === 'custom-domain') return CUSTOM_DOMAIN_ISSUER;
  return `${gatewayUrl}/auth/v1`;
}

/**
 * The auth server settings that make the profile, over the test bed's common ones. An absent
 * GOTRUE_JWT_ISSUER is the server's default, the empty string (tokens without `iss`).
 */
export function profileAuthEnv(profile: TestbedProfile, gatewayUrl: string): Record<string, string> {
  const issuer = profileIssuer(profile, gatewayUrl);
  if (profile !== 'self-hosted') return { API_EXTERNAL_URL: `${gatewayUrl}/auth/v1`, GOTRUE_JWT_ISSUER: issuer! };
  const verify = '/auth/v1/verify';
  return {
    API_EXTERNAL_URL: gatewayUrl,
    GOTRUE_JWT_ADMIN_ROLES: 'service_role',
    GOTRUE_MAILER_URLPATHS_CONFIRMATION: verify,
    GOTRUE_MAILER_URLPATHS_INVITE: verify,
    GOTRUE_MAILER_URLPATHS_RECOVERY: verify,
    GOTRUE_MAILER_URLPATHS_EMAIL_CHANGE: verify,
  };
}
