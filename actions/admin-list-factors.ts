/**
 * List factors for a user (admin, server-side): any user's factors, with the service role key.
 */
import type { SupabaseAdmin } from '../shared/admin-client.js';
import { call } from '../shared/call.js';
import { summarizeFactors, type FactorSummary } from '../shared/factors.js';
import { mapResult, type Result } from '../shared/result.js';
import { uuid } from '../shared/validate.js';

export interface AdminListFactorsInput {
  userId: unknown;
}

export async function adminListFactors(admin: SupabaseAdmin, input: AdminListFactorsInput): Promise<Result<FactorSummary[]>> {
  const userId = uuid(input.userId, 'User id');
  if (userId.error) return userId;
  const res = await call(() => admin.mfa.listFactors({ userId: userId.data }));
  return mapResult(res, (d) => summarizeFactors(d.factors));
}
