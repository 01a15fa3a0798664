/**
 * Sign out: ends the session here (local), everywhere (global) or on the other devices (others).
 */
import type { SupabaseAuth } from '../shared/client.js';
import { call } from '../shared/call.js';
import type { Result } from '../shared/result.js';
import { oneOf } from '../shared/validate.js';

export interface SignOutInput {
  scope?: unknown;
}

export async function signOut(auth: SupabaseAuth, input: SignOutInput = {}): Promise<Result<{ scope: string }>> {
  const checked = oneOf(input.scope, ['local', 'global', 'others'] as const, 'Scope', 'local');
  if (checked.error) return checked;
  const scope = checked.data;
  // signOut answers { error } only; give it the data slot call() expects.
  return call(async () => ({ data: { scope: scope as string }, error: (await auth.signOut({ scope })).error }));
}
