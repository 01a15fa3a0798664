/**
 * The admin (service role) client for the server-side actions. It runs on Bubble's servers
 * only: the service role key never reaches a browser, a state or a log line.
 */
import { AuthAdminApi } from '@supabase/supabase-js';
import { apiKey, projectUrl } from './validate.js';
import { mapResult, validated, type Result } from './result.js';

export type SupabaseAdmin = InstanceType<typeof AuthAdminApi>;

export function createAdminClient(raw: { url: unknown; serviceRoleKey: unknown }, fetchImpl?: typeof fetch): Result<SupabaseAdmin> {
  const checked = validated({ url: projectUrl(raw.url), key: apiKey(raw.serviceRoleKey, 'Supabase service role key') });
  return mapResult(
    checked,
    ({ url, key }) =>
      new AuthAdminApi({
        url: `${url}/auth/v1`,
        headers: { apikey: key, Authorization: `Bearer ${key}` },
        ...(fetchImpl ? { fetch: fetchImpl } : {}),
      }),
  );
}
