/**
 * Set session: adopts tokens obtained elsewhere (another plugin, the app's backend).
 */
import type { Session } from '@supabase/supabase-js';
import type { SupabaseAuth } from '../shared/client.js';
import { call } from '../shared/call.js';
import { invalidInput } from '../shared/errors.js';
import { fail, ok, type Result } from '../shared/result.js';
import { isError, requiredText } from '../shared/validate.js';

export interface SetSessionInput {
  accessToken: unknown;
  refreshToken: unknown;
}

export async function setSession(auth: SupabaseAuth, input: SetSessionInput): Promise<Result<Session>> {
  const accessToken = requiredText(input.accessToken, 'The access token');
  if (isError(accessToken)) return fail(accessToken);
  if (accessToken.split('.').length !== 3) return fail(invalidInput('The access token is not a JWT (three dot-separated parts).'));
  const refreshToken = requiredText(input.refreshToken, 'The refresh token');
  if (isError(refreshToken)) return fail(refreshToken);

  const res = await call(() => auth.setSession({ access_token: accessToken, refresh_token: refreshToken }));
  return res.error ? fail(res.error) : ok(res.data.session as Session);
}
