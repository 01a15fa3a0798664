/**
 * Sign up with email and password: creates a Supabase user. The project decides what happens
 * next: with "Confirm email" on, Supabase emails a link and answers without a session (the user
 * signs in after confirming); with it off, the answer carries a session (aal1) at once.
 */
import type { Session } from '@supabase/supabase-js';
import type { SupabaseAuth } from '../shared/client.js';
import { call } from '../shared/call.js';
import { setupProblem } from '../shared/errors.js';
import { fail, mapResult, ok, validated, type Result } from '../shared/result.js';
import { email as checkEmail, optionalText, password as checkPassword } from '../shared/validate.js';

export interface SignUpInput {
  email: unknown;
  password: unknown;
  /** Where the confirmation link leads; empty: the project's Site URL. */
  emailRedirectTo?: unknown;
}

export interface SignedUp {
  /** null when the project asks for email confirmation first. */
  session: Session | null;
  userId: string | null;
  /** Supabase sent (or, for an address it already knows, pretends to send) a confirmation email. */
  confirmationEmailSent: boolean;
}

function redirectUrl(value: unknown): Result<string | null> {
  const text = optionalText(value);
  if (text === null) return ok(null);
  if (!/^https?:\/\/[^\s]+$/.test(text)) return fail(setupProblem('Confirmation link opens must be a page address starting with https://.'));
  return ok(text);
}

/** The checked input (no request). */
export function signUpInput(input: SignUpInput): Result<{ email: string; password: string; redirect: string | null }> {
  return validated({
    email: checkEmail(input.email),
    password: checkPassword(input.password),
    redirect: redirectUrl(input.emailRedirectTo),
  });
}

export async function signUp(auth: SupabaseAuth, input: SignUpInput): Promise<Result<SignedUp>> {
  const v = signUpInput(input);
  if (v.error) return v;
  const { email, password, redirect } = v.data;

  const res = await call(() => auth.signUp({ email, password, ...(redirect ? { options: { emailRedirectTo: redirect } } : {}) }));
  return mapResult(res, (d) => ({ session: d.session ?? null, userId: d.user?.id ?? null, confirmationEmailSent: !d.session }));
}
