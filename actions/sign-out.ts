/**
 * Sign out: ends the session here (local), everywhere (global) or on the other devices (others).
 */
import type { SupabaseAuth } from '../shared/client.js';
import { call } from '../shared/call.js';
import { fail, ok, type Result } from '../shared/result.js';
import { isError, oneOf } from '../shared/validate.js';

export interface SignOutInput {
  scope?: unknown;
}

export async function signOut(auth: SupabaseAuth, input: SignOutInput = {}): Promise<Result<{ scope: string }>> {
  const scope = oneOf(input.scope, ['local', 'global', 'others'] as const, 'Scope', 'local');
  if (isError(scope)) return fail(scope);
  // signOut answers { error } only; give it the data slot call() expects.
  const res = await call(async () => ({ data: { scope }, error: (await auth.signOut({ scope })).error }));
  return res.error ? fail(res.error) : ok(res.data);
}
