/**
 * Builds the auth client the plugin talks to Supabase with.
 *
 * We import AuthClient from @supabase/supabase-js rather than calling createClient: the MFA
 * calls live entirely in the auth client, and esbuild then drops PostgREST, Realtime, Storage
 * and Functions (~60 KB gzip with createClient, ~25 KB with the auth client alone).
 * The options mirror what createClient passes, so a session stored by any other supabase-js
 * client on the same site (same storage key) is shared with ours.
 */
import { AuthClient } from '@supabase/supabase-js';
import { authApiUrl, CLIENT_INFO } from './auth-api.js';
import { apiKeyHeaders, keyRefusalAwareFetch } from './api-keys.js';
import { projectUrl, publicApiKey, storageKeyOverride } from './validate.js';
import { mapResult, validated, type Result } from './result.js';

/** The auth client's instance type (AuthClient is exported as a value, a class alias). */
export type SupabaseAuth = InstanceType<typeof AuthClient>;

export interface ClientConfig {
  url: string;
  anonKey: string;
  storageKey: string;
}

/**
 * The default storage key. On `*.supabase.co` it is supabase-js's own (`sb-<project-ref>-auth-token`),
 * so a session created by another Supabase plugin on the same site is shared. Elsewhere (a local
 * server, a self-hosted or custom domain) supabase-js's key keeps only the first label of the host
 * (`127.0.0.1:54321` and `127.0.0.1:9999` both give `sb-127-auth-token`), so two projects would
 * share one session: there the key names the whole host, port and path.
 */
export function defaultStorageKey(url: string): string {
  const u = new URL(url);
  if (/^[a-z0-9-]+\.supabase\.co$/i.test(u.hostname) && (u.pathname === '/' || u.pathname === '')) {
    return `sb-${u.hostname.split('.')[0]}-auth-token`;
  }
  const id = `${u.hostname}-${u.port || (u.protocol === 'https:' ? '443' : '80')}${u.pathname}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `sb-${id.slice(0, 80)}-auth-token`;
}

/** The issuer (`iss`) of access tokens from this project's auth server: its auth API address. */
export const projectIssuer = authApiUrl;

/** Validates the raw settings (keys or element overrides) into a config, before any request. */
export function clientConfig(raw: { url: unknown; anonKey: unknown; storageKey?: unknown }): Result<ClientConfig> {
  const checked = validated({ url: projectUrl(raw.url), anonKey: publicApiKey(raw.anonKey), storageKey: storageKeyOverride(raw.storageKey) });
  return mapResult(checked, ({ url, anonKey, storageKey }) => ({ url, anonKey, storageKey: storageKey ?? defaultStorageKey(url) }));
}

export interface ClientOptions {
  /** Defaults to localStorage in a browser, memory elsewhere. */
  storage?: {
    getItem(k: string): string | null | Promise<string | null>;
    setItem(k: string, v: string): void | Promise<void>;
    removeItem(k: string): void | Promise<void>;
  };
  persistSession?: boolean;
  autoRefreshToken?: boolean;
  fetch?: typeof fetch;
}

export function createAuthClient(config: ClientConfig, options: ClientOptions = {}): SupabaseAuth {
  // The gateway's code-less refusal of the key becomes a setup problem that says so (api-keys.ts).
  const fetchImpl = keyRefusalAwareFetch(config.anonKey, options.fetch);
  // Built outside the literal below: the build reads it to know no custom lock is passed.
  const headers = { ...apiKeyHeaders(config.anonKey), 'X-Client-Info': CLIENT_INFO };
  return new AuthClient({
    url: authApiUrl(config.url),
    headers,
    storageKey: config.storageKey,
    persistSession: options.persistSession ?? true,
    autoRefreshToken: options.autoRefreshToken ?? true,
    detectSessionInUrl: false,
    // Email links (sign-up confirmation) carry a single-use ?code= the page exchanges, not tokens.
    flowType: 'pkce',
    ...(options.storage ? { storage: options.storage } : {}),
    fetch: fetchImpl,
  });
}
