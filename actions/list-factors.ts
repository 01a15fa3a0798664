/**
 * List factors: the user's factors, verified and unverified (auth-js reads them from GET /user).
 */
import type { SupabaseAuth } from '../shared/client.js';
import { call } from '../shared/call.js';
import { summarizeFactors, type FactorSummary } from '../shared/factors.js';
import { fail, ok, type Result } from '../shared/result.js';

export async function listFactors(auth: SupabaseAuth): Promise<Result<FactorSummary[]>> {
  const res = await call(() => auth.mfa.listFactors());
  return res.error ? fail(res.error) : ok(summarizeFactors(res.data.all));
}
