/**
 * Verify a challenge: checks the user's code. On success auth-js stores the new aal2 session
 * and fires MFA_CHALLENGE_VERIFIED; the server signs out this user's sessions below aal2.
 */
import type { Session } from '@supabase/supabase-js';
import type { SupabaseAuth } from '../shared/client.js';
import { call } from '../shared/call.js';
import { forFactor, setupField } from '../shared/errors.js';
import { fail, ok, validated, type Result } from '../shared/result.js';
import { otpCode, uuid } from '../shared/validate.js';

export interface VerifyChallengeInput {
  factorId: unknown;
  challengeId: unknown;
  code: unknown;
  /** totp or phone when known: the wrong-code message then says where to look. */
  factorType?: string | null;
}

export interface VerifiedChallenge {
  factorId: string;
  session: Session;
}

export async function verifyChallenge(auth: SupabaseAuth, input: VerifyChallengeInput): Promise<Result<VerifiedChallenge>> {
  const v = validated({
    code: otpCode(input.code),
    factorId: setupField(uuid(input.factorId, 'Factor id')),
    challengeId: setupField(uuid(input.challengeId, 'Challenge id')),
  });
  if (v.error) return v;
  const { code, factorId, challengeId } = v.data;

  const res = await call(() => auth.mfa.verify({ factorId, challengeId, code }));
  if (res.error) return fail(forFactor(res.error, input.factorType));
  return ok({ factorId, session: res.data as unknown as Session });
}
