/**
 * Verify with a security key or device: the step-up from aal1 to aal2 (challenge → the browser
 * signs with the credential → verify).
 *
 * auth-js hints "security-key" by default, which steers some browsers away from a platform
 * credential (Touch ID, Windows Hello); the factor's credential ids already say which
 * authenticator may answer, so no hint is sent.
 */
import type { Session } from '@supabase/supabase-js';
import type { SupabaseAuth } from '../shared/client.js';
import { fail, ok, type Result } from '../shared/result.js';
import { setupField } from '../shared/errors.js';
import { uuid } from '../shared/validate.js';
import { type Ceremony, ceremonyCall, pageRp, unsupported } from './webauthn-ceremony.js';

export interface VerifyWebAuthnInput {
  factorId: unknown;
}

export interface VerifiedWebAuthn {
  factorId: string;
  session: Session;
}

export async function verifyWebAuthn(auth: SupabaseAuth, input: VerifyWebAuthnInput, ceremony: Ceremony): Promise<Result<VerifiedWebAuthn>> {
  const checked = setupField(uuid(input.factorId, 'Factor id'));
  if (checked.error) return checked;
  const factorId = checked.data;
  const notSupported = unsupported();
  if (notSupported) return fail(notSupported);

  ceremony.start();
  const res = await ceremonyCall(ceremony, 'get', () =>
    auth.mfa.webauthn.authenticate({ factorId, webauthn: { ...pageRp(), signal: ceremony.signal } }, { hints: [] } as never),
  );
  if (res.error) return fail(res.error);
  return ok({ factorId, session: res.data as unknown as Session });
}
