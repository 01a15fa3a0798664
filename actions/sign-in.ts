/**
 * Sign in with email and password (aal1), so the plugin works without any other Supabase plugin.
 */
import type { Session } from '@supabase/supabase-js';
import type { SupabaseAuth } from '../shared/client.js';
import { call } from '../shared/call.js';
import { mapResult, validated, type Result } from '../shared/result.js';
import { email as checkEmail, password as checkPassword } from '../shared/validate.js';

export interface SignInInput {
  email: unknown;
  password: unknown;
}

/** The checked email and password (no request). */
export function signInInput(input: SignInInput): Result<{ email: string; password: string }> {
  return validated({
    email: checkEmail(input.email),
    password: checkPassword(input.password),
  });
}

export async function signIn(auth: SupabaseAuth, input: SignInInput): Promise<Result<Session>> {
  const v = signInInput(input);
  if (v.error) return v;
  const { email, password } = v.data;

  const res = await call(() => auth.signInWithPassword({ email, password }));
  return mapResult(res, (d) => d.session as Session);
}
