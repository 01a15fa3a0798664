/**
 * Delete a factor for a user (admin, server-side), e.g. for a user who lost their phone.
 */
import type { SupabaseAdmin } from '../shared/admin-client.js';
import { call } from '../shared/call.js';
import { fail, ok, validated, type Result } from '../shared/result.js';
import { uuid } from '../shared/validate.js';

export interface AdminDeleteFactorInput {
  userId: unknown;
  factorId: unknown;
}

export async function adminDeleteFactor(admin: SupabaseAdmin, input: AdminDeleteFactorInput): Promise<Result<{ factorId: string }>> {
  const v = validated({ userId: uuid(input.userId, 'User id'), factorId: uuid(input.factorId, 'Factor id') });
  if (v.error) return v;
  const { userId, factorId } = v.data;
  const res = await call(() => admin.mfa.deleteFactor({ id: factorId, userId }));
  if (res.error) return fail(res.error);
  // auth-js nests the server's answer (the deleted factor) one level deeper than its types say.
  const body = res.data as unknown as { id?: string; data?: { id?: string } };
  return ok({ factorId: body.data?.id ?? body.id ?? factorId });
}
