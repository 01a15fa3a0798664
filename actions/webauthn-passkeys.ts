/**
 * Passkeys: sign in without a password (aal1: a passkey is a first factor in Supabase), register
 * one for the signed-in user, list and remove them. Passkeys are separate from MFA factors: a
 * security key enrolled as a second factor is not discoverable and cannot sign in by itself.
 */
import type { Session } from '@supabase/supabase-js';
import type { SupabaseAuth } from '../shared/client.js';
import { call } from '../shared/call.js';
import { setupField, setupProblem } from '../shared/errors.js';
import { fail, mapResult, ok, type DataOf, type Result } from '../shared/result.js';
import { friendlyName as checkFriendlyName, optionalText, uuid } from '../shared/validate.js';
import { type Ceremony, ceremonyCall, unsupported } from './webauthn-ceremony.js';
import { toWebAuthnError } from '../shared/webauthn-errors.js';

export interface PasskeySummary {
  id: string;
  name: string | null;
}

export async function signInWithPasskey(auth: SupabaseAuth, ceremony: Ceremony): Promise<Result<Session>> {
  const notSupported = unsupported();
  if (notSupported) return fail(notSupported);
  ceremony.start();
  const res = await ceremonyCall(ceremony, 'get', () => auth.signInWithPasskey({ options: { signal: ceremony.signal } }));
  return mapResult(res, (d) => (d as { session: Session }).session);
}

export async function listPasskeys(auth: SupabaseAuth): Promise<Result<PasskeySummary[]>> {
  const res = await passkeyCall(() => auth.passkey.list());
  return mapResult(res, (list) => (list as Array<{ id: string; friendly_name?: string }>).map((p) => ({ id: p.id, name: p.friendly_name || null })));
}

export interface RegisterPasskeyInput {
  friendlyName?: unknown;
}

export interface RegisteredPasskey {
  passkeyId: string;
  passkeys: PasskeySummary[];
}

export async function registerPasskey(auth: SupabaseAuth, input: RegisterPasskeyInput, ceremony: Ceremony): Promise<Result<RegisteredPasskey>> {
  const name = checkFriendlyName(input.friendlyName);
  if (name.error) return name;
  const friendlyName = name.data;
  const notSupported = unsupported();
  if (notSupported) return fail(notSupported);

  ceremony.start();
  const res = await ceremonyCall(ceremony, 'create', () => auth.registerPasskey({ options: { signal: ceremony.signal } }));
  if (res.error) return fail(res.error);
  const passkeyId = (res.data as { id: string }).id;
  if (friendlyName) {
    const renamed = await passkeyCall(() => auth.passkey.update({ passkeyId, friendlyName }));
    if (renamed.error) return fail(renamed.error);
  }
  const listed = await listPasskeys(auth);
  if (listed.error) return fail(listed.error);
  return ok({ passkeyId, passkeys: listed.data });
}

export interface RemovePasskeyInput {
  passkeyId: unknown;
}

/** Removes one passkey; with no id, the user's only one. Returns the passkeys left. */
export async function removePasskey(auth: SupabaseAuth, input: RemovePasskeyInput): Promise<Result<PasskeySummary[]>> {
  let passkeyId: string;
  if (optionalText(input.passkeyId) === null) {
    const listed = await listPasskeys(auth);
    if (listed.error) return fail(listed.error);
    if (listed.data.length !== 1) {
      return fail(
        setupProblem(
          listed.data.length
            ? 'Passkey id is empty and the user has several passkeys: pass one (e.g. from Passkey ids).'
            : 'The user has no passkey to remove.',
        ),
      );
    }
    passkeyId = listed.data[0]!.id;
  } else {
    const checked = setupField(uuid(input.passkeyId, 'Passkey id'));
    if (checked.error) return checked;
    passkeyId = checked.data;
  }
  const res = await passkeyCall(() => auth.passkey.delete({ passkeyId }));
  if (res.error) return fail(res.error);
  return listPasskeys(auth);
}

/** The passkey calls without a browser prompt: their server codes get the same messages. */
async function passkeyCall<R extends { data: unknown; error: unknown }>(fn: () => Promise<R>): Promise<Result<DataOf<R>>> {
  const res = await call(fn);
  return res.error ? fail(toWebAuthnError(res.error, null, 'get')) : res;
}
