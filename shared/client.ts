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
import { apiKey, optionalText, projectUrl } from './validate.js';
import { mapResult, validated, type Result } from './result.js';

/** The auth client's instance type (AuthClient is exported as a value, a class alias). */
export type SupabaseAuth = InstanceType<typeof AuthClient>;

export interface ClientConfig {
  url: string;
  anonKey: string;
  storageKey: string;
}

/** supabase-js's default key: `sb-<first label of the host>-auth-token`. */
export function defaultStorageKey(url: string): string {
  return `sb-${new URL(url).hostname.split('.')[0]}-auth-token`;
}

/** Validates the raw settings (keys or element overrides) into a config, before any request. */
export function clientConfig(raw: { url: unknown; anonKey: unknown; storageKey?: unknown }): Result<ClientConfig> {
  const checked = validated({ url: projectUrl(raw.url), anonKey: apiKey(raw.anonKey, 'Supabase anon key') });
  return mapResult(checked, ({ url, anonKey }) => ({ url, anonKey, storageKey: optionalText(raw.storageKey) ?? defaultStorageKey(url) }));
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
  return new AuthClient({
    url: `${config.url}/auth/v1`,
    headers: { apikey: config.anonKey, Authorization: `Bearer ${config.anonKey}`, 'X-Client-Info': 'supabase-mfa-bubble/0.1' },
    storageKey: config.storageKey,
    persistSession: options.persistSession ?? true,
    autoRefreshToken: options.autoRefreshToken ?? true,
    detectSessionInUrl: false,
    ...(options.storage ? { storage: options.storage } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
