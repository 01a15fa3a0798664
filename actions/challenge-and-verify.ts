/**
 * Create and verify a challenge: TOTP in one step (auth-js's challengeAndVerify: two requests).
 */
import type { SupabaseAuth } from '../shared/client.js';
import { call } from '../shared/call.js';
import { fail, ok, type Result } from '../shared/result.js';
import { isError, otpCode, uuid } from '../shared/validate.js';
import type { VerifiedChallenge } from './verify-challenge.js';

export interface ChallengeAndVerifyInput {
  factorId: unknown;
  code: unknown;
}

export async function challengeAndVerify(auth: SupabaseAuth, input: ChallengeAndVerifyInput): Promise<Result<VerifiedChallenge>> {
  const code = otpCode(input.code);
  if (isError(code)) return fail(code);
  const factorId = uuid(input.factorId, 'Factor id');
  if (isError(factorId)) return fail(factorId);

  const res = await call(() => auth.mfa.challengeAndVerify({ factorId, code }));
  if (res.error) return fail(res.error);
  return ok({ factorId, session: res.data as unknown as VerifiedChallenge['session'] });
}
