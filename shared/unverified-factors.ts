/**
 * Unverified factors are what a set-up that never finished leaves behind (the QR was never
 * scanned, the security key prompt was closed). They count against the user's factor limit and
 * hold their names, so enrolling clears them when the server says so.
 */
import type { Factor } from '@supabase/supabase-js';
import { call } from './call.js';
import type { SupabaseAuth } from './client.js';
import { fail, ok, type Result } from './result.js';

/** Removes the user's unverified factors that `which` picks; answers the removed ids. Stops once `signal` is aborted (see call). */
export async function removeUnverifiedFactors(
  auth: SupabaseAuth,
  signal?: AbortSignal,
  which: (factor: Factor) => boolean = () => true,
): Promise<Result<string[]>> {
  const listed = await call(() => auth.mfa.listFactors(), signal);
  if (listed.error) return fail(listed.error);
  const removed: string[] = [];
  for (const factor of listed.data.all.filter((f) => f.status === 'unverified' && which(f))) {
    const gone = await call(() => auth.mfa.unenroll({ factorId: factor.id }), signal);
    if (gone.error) return fail(gone.error);
    removed.push(factor.id);
  }
  return ok(removed);
}
