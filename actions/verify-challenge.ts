/**
 * Verify a challenge: checks the user's code. On success auth-js stores the new aal2 session
 * and fires MFA_CHALLENGE_VERIFIED; the server signs out this user's sessions below aal2.
 */
import type { Session } from '@supabase/supabase-js';
import type { SupabaseAuth } from '../shared/client.js';
import { call } from '../shared/call.js';
import { fail, ok, validated, type Result } from '../shared/result.js';
import { otpCode, uuid } from '../shared/validate.js';

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
  const v = validated({ code: otpCode(input.code), factorId: uuid(input.factorId, 'Factor id'), challengeId: uuid(input.challengeId, 'Challenge id') });
  if (v.error) return v;
  const { code, factorId, challengeId } = v.data;

  const res = await call(() => auth.mfa.verify({ factorId, challengeId, code }));
  if (res.error) return fail(res.error);
  return ok({ factorId, session: res.data as unknown as Session });
}
