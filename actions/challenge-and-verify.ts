/**
 * Create and verify a challenge: TOTP in one step (auth-js's challengeAndVerify: two requests).
 */
import type { SupabaseAuth } from '../shared/client.js';
import { call } from '../shared/call.js';
import { forFactor, setupField } from '../shared/errors.js';
import { fail, ok, validated, type Result } from '../shared/result.js';
import { otpCode, uuid } from '../shared/validate.js';
import type { VerifiedChallenge } from './verify-challenge.js';

export interface ChallengeAndVerifyInput {
  factorId: unknown;
  code: unknown;
}

export async function challengeAndVerify(auth: SupabaseAuth, input: ChallengeAndVerifyInput, signal?: AbortSignal): Promise<Result<VerifiedChallenge>> {
  const v = validated({ code: otpCode(input.code), factorId: setupField(uuid(input.factorId, 'Factor id')) });
  if (v.error) return v;
  const { code, factorId } = v.data;

  const res = await call(() => auth.mfa.challengeAndVerify({ factorId, code }), signal);
  if (res.error) return fail(forFactor(res.error, 'totp'));
  return ok({ factorId, session: res.data as unknown as VerifiedChallenge['session'] });
}
