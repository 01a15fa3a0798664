/**
 * List factors for a user (admin, server-side): any user's factors, with the service role key.
 */
import type { SupabaseAdmin } from '../shared/admin-client.js';
import { call } from '../shared/call.js';
import { summarizeFactors, type FactorSummary } from '../shared/factors.js';
import { fail, ok, type Result } from '../shared/result.js';
import { isError, uuid } from '../shared/validate.js';

export interface AdminListFactorsInput {
  userId: unknown;
}

export async function adminListFactors(admin: SupabaseAdmin, input: AdminListFactorsInput): Promise<Result<FactorSummary[]>> {
  const userId = uuid(input.userId, 'User id');
  if (isError(userId)) return fail(userId);
  const res = await call(() => admin.mfa.listFactors({ userId }));
  return res.error ? fail(res.error) : ok(summarizeFactors(res.data.factors));
}
