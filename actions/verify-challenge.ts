/**
 * Verify a challenge: checks the user's code. On success auth-js stores the new aal2 session
 * and fires MFA_CHALLENGE_VERIFIED; the server signs out this user's sessions below aal2.
 */
import type { Session } from '@supabase/supabase-js';
import type { SupabaseAuth } from '../shared/client.js';
import { call } from '../shared/call.js';
import { fail, ok, type Result } from '../shared/result.js';
import { isError, otpCode, uuid } from '../shared/validate.js';

export interface VerifyChallengeInput {
  factorId: unknown;
  challengeId: unknown;
  code: unknown;
}

export interface VerifiedChallenge {
  factorId: string;
  session: Session;
}

export async function verifyChallenge(auth: SupabaseAuth, input: VerifyChallengeInput): Promise<Result<VerifiedChallenge>> {
  const code = otpCode(input.code);
  if (isError(code)) return fail(code);
  const factorId = uuid(input.factorId, 'Factor id');
  if (isError(factorId)) return fail(factorId);
  const challengeId = uuid(input.challengeId, 'Challenge id');
  if (isError(challengeId)) return fail(challengeId);

  const res = await call(() => auth.mfa.verify({ factorId, challengeId, code }));
  if (res.error) return fail(res.error);
  return ok({ factorId, session: res.data as unknown as Session });
}
