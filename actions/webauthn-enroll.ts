/**
 * Enroll a security key or this device (Touch ID, Face ID, Windows Hello) as a second factor:
 * enroll → challenge (the browser creates the credential) → verify. Success leaves a verified
 * webauthn factor and an aal2 session.
 *
 * Done step by step rather than with auth-js's register(): register() keeps the unverified
 * factor when the ceremony fails (cancelled, timed out), and the next attempt with that name
 * then hits mfa_factor_name_conflict. Here any failure after enroll removes the new factor.
 *
 * auth-js asks for a cross-platform authenticator with a security-key hint unless told
 * otherwise; a platform authenticator then never matches. The overrides below say what the
 * builder chose.
 *
 * Once `signal` is aborted (the session the action started in ended), no further request is sent:
 * auth-js would send it with the session stored now, another user's after a switch (see call).
 */
import type { Session } from '@supabase/supabase-js';
import type { SupabaseAuth } from '../shared/client.js';
import { call } from '../shared/call.js';
import { setupField } from '../shared/errors.js';
import { removeUnverifiedFactors } from '../shared/unverified-factors.js';
import { fail, ok, type Result } from '../shared/result.js';
import { friendlyName as checkFriendlyName, oneOf } from '../shared/validate.js';
import { type Ceremony, ceremonyCall, pageRp, unsupported } from './webauthn-ceremony.js';

export const AUTHENTICATORS = ['security_key', 'this_device', 'either'] as const;
export type Authenticator = (typeof AUTHENTICATORS)[number];

export interface EnrollWebAuthnInput {
  authenticator?: unknown;
  friendlyName?: unknown;
}

export interface EnrolledWebAuthn {
  factorId: string;
  friendlyName: string;
  session: Session;
}

/**
 * Creation overrides per choice. For "either" the attachment must be absent, but auth-js merges
 * overrides over its defaults and skips undefined values; null survives the merge, and the
 * browser ignores an attachment value it does not know (WebAuthn Level 2 made it a string for
 * that reason), so null means "no preference".
 */
export function creationOverrides(choice: Authenticator): Record<string, unknown> {
  const attachment = choice === 'security_key' ? 'cross-platform' : choice === 'this_device' ? 'platform' : null;
  const hints = choice === 'security_key' ? ['security-key'] : choice === 'this_device' ? ['client-device'] : [];
  return { hints, authenticatorSelection: { authenticatorAttachment: attachment } };
}

const DEFAULT_NAMES: Record<Authenticator, string> = { security_key: 'Security key', this_device: 'This device', either: 'Security key' };

function defaultName(choice: Authenticator): string {
  // Names are unique per user: the time keeps a second key from clashing with the first.
  const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');
  return `${DEFAULT_NAMES[choice]} ${stamp}`;
}

async function removeFactor(auth: SupabaseAuth, factorId: string, signal: AbortSignal | undefined): Promise<void> {
  await call(() => auth.mfa.unenroll({ factorId }), signal);
}

/** An unverified webauthn factor with this name, left by an attempt that never finished: removed? */
async function removeLeftover(auth: SupabaseAuth, friendlyName: string, signal: AbortSignal | undefined): Promise<boolean> {
  const removed = await removeUnverifiedFactors(auth, signal, (f) => f.factor_type === 'webauthn' && f.friendly_name === friendlyName);
  return (removed.data?.length ?? 0) > 0;
}

export async function enrollWebAuthn(
  auth: SupabaseAuth,
  input: EnrollWebAuthnInput,
  ceremony: Ceremony,
  signal?: AbortSignal,
): Promise<Result<EnrolledWebAuthn>> {
  const choice = setupField(oneOf(input.authenticator, AUTHENTICATORS, 'Authenticator', 'either'));
  if (choice.error) return choice;
  const name = checkFriendlyName(input.friendlyName);
  if (name.error) return name;
  const friendlyName = name.data ?? defaultName(choice.data);
  const notSupported = unsupported();
  if (notSupported) return fail(notSupported);

  ceremony.start();
  const enroll = () => ceremonyCall(ceremony, 'create', () => auth.mfa.webauthn.enroll({ friendlyName }), signal);
  let enrolled = await enroll();
  if (enrolled.error?.code === 'mfa_factor_name_conflict' && (await removeLeftover(auth, friendlyName, signal))) enrolled = await enroll();
  if (enrolled.error) return fail(enrolled.error);
  const factorId = enrolled.data.id;

  const rp = pageRp();
  const created = await ceremonyCall(
    ceremony,
    'create',
    () => auth.mfa.webauthn.challenge({ factorId, friendlyName, webauthn: rp, signal: ceremony.signal }, { create: creationOverrides(choice.data) }),
    signal,
  );
  if (created.error) {
    await removeFactor(auth, factorId, signal);
    return fail(created.error);
  }
  const { challengeId, webauthn } = created.data;
  const verified = await ceremonyCall(
    ceremony,
    'create',
    () => auth.mfa.webauthn.verify({ factorId, challengeId, webauthn: { ...rp, type: 'create', credential_response: webauthn.credential_response as never } }),
    signal,
  );
  if (verified.error) {
    await removeFactor(auth, factorId, signal);
    return fail(verified.error);
  }
  return ok({ factorId, friendlyName, session: verified.data as unknown as Session });
}
