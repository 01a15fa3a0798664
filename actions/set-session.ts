/**
 * Set session: adopts tokens obtained elsewhere (another plugin, the app's backend).
 */
import type { Session } from '@supabase/supabase-js';
import type { SupabaseAuth } from '../shared/client.js';
import { call } from '../shared/call.js';
import { setupField, setupProblem } from '../shared/errors.js';
import { fail, mapResult, validated, type Result } from '../shared/result.js';
import { requiredText } from '../shared/validate.js';

export interface SetSessionInput {
  accessToken: unknown;
  refreshToken: unknown;
}

/** The checked tokens (no request). */
export function setSessionInput(input: SetSessionInput): Result<{ accessToken: string; refreshToken: string }> {
  const v = validated({
    accessToken: setupField(requiredText(input.accessToken, 'The access token')),
    refreshToken: setupField(requiredText(input.refreshToken, 'The refresh token')),
  });
  if (v.error) return v;
  if (v.data.accessToken.split('.').length !== 3) return fail(setupProblem('The access token is not a JWT (three dot-separated parts).'));
  return v;
}

export async function setSession(auth: SupabaseAuth, input: SetSessionInput): Promise<Result<Session>> {
  const v = setSessionInput(input);
  if (v.error) return v;
  const { accessToken, refreshToken } = v.data;

  const res = await call(() => auth.setSession({ access_token: accessToken, refresh_token: refreshToken }));
  return mapResult(res, (d) => d.session as Session);
}
