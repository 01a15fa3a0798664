/**
 * Sign in with email and password (aal1), so the plugin works without any other Supabase plugin.
 */
import type { Session } from '@supabase/supabase-js';
import type { SupabaseAuth } from '../shared/client.js';
import { call } from '../shared/call.js';
import { fail, ok, type Result } from '../shared/result.js';
import { email as checkEmail, isError, requiredText } from '../shared/validate.js';

export interface SignInInput {
  email: unknown;
  password: unknown;
}

export async function signIn(auth: SupabaseAuth, input: SignInInput): Promise<Result<Session>> {
  const email = checkEmail(input.email);
  if (isError(email)) return fail(email);
  // Passwords are taken as typed: surrounding spaces can be part of a password.
  const password = typeof input.password === 'string' && input.password !== '' ? input.password : requiredText(null, 'The password');
  if (isError(password)) return fail(password);

  const res = await call(() => auth.signInWithPassword({ email, password }));
  return res.error ? fail(res.error) : ok(res.data.session as Session);
}
