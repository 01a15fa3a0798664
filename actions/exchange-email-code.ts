/**
 * Finish an email link (sign-up confirmation) started on this browser: the link's single-use
 * code is exchanged for a session with the code verifier auth-js kept when the link was asked
 * for (PKCE). A code from a link asked for elsewhere has no verifier here and sends nothing.
 */
import type { Session } from '@supabase/supabase-js';
import type { SupabaseAuth } from '../shared/client.js';
import { call } from '../shared/call.js';
import { mapResult, type Result } from '../shared/result.js';

export async function exchangeEmailCode(auth: SupabaseAuth, code: string): Promise<Result<Session>> {
  const res = await call(() => auth.exchangeCodeForSession(code));
  return mapResult(res, (d) => d.session as Session);
}
