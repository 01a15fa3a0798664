/**
 * Unenroll a factor. auth-js does not refresh the session afterwards, so the assurance level
 * would still read aal2 until the next token refresh; we refresh at once so conditions on
 * Current level / Next level see the downgrade immediately (unless `signal` says the session
 * ended meanwhile: see call).
 */
import type { SupabaseAuth } from '../shared/client.js';
import { call } from '../shared/call.js';
import { setupField } from '../shared/errors.js';
import { fail, ok, type Result } from '../shared/result.js';
import { uuid } from '../shared/validate.js';

export interface UnenrollFactorInput {
  factorId: unknown;
}

export interface UnenrolledFactor {
  factorId: string;
}

export async function unenrollFactor(auth: SupabaseAuth, input: UnenrollFactorInput, signal?: AbortSignal): Promise<Result<UnenrolledFactor>> {
  const checked = setupField(uuid(input.factorId, 'Factor id'));
  if (checked.error) return checked;
  const factorId = checked.data;

  const res = await call(() => auth.mfa.unenroll({ factorId }), signal);
  if (res.error) return fail(res.error);
  const refreshed = await call(() => auth.refreshSession(), signal);
  if (refreshed.error) return fail(refreshed.error);
  return ok({ factorId });
}
