/**
 * The admin (service role) client for the server-side actions. It runs on Bubble's servers
 * only: the service role key never reaches a browser, a state or a log line.
 */
import { AuthAdminApi } from '@supabase/supabase-js';
import { apiKey, isError, projectUrl, type Checked } from './validate.js';

export type SupabaseAdmin = InstanceType<typeof AuthAdminApi>;

export function createAdminClient(raw: { url: unknown; serviceRoleKey: unknown }, fetchImpl?: typeof fetch): Checked<SupabaseAdmin> {
  const url = projectUrl(raw.url);
  if (isError(url)) return url;
  const key = apiKey(raw.serviceRoleKey, 'Supabase service role key');
  if (isError(key)) return key;
  return new AuthAdminApi({
    url: `${url}/auth/v1`,
    headers: { apikey: key, Authorization: `Bearer ${key}` },
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
}
