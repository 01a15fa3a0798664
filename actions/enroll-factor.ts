/**
 * Enroll a factor: creates an unverified TOTP or phone factor.
 *
 * For TOTP the server's QR SVG is never passed on: its modules are read by the strict QR reader
 * (no DOM) and leave this function only as the plugin's QR code text and a PNG, neither of them
 * markup (shared/qr/supabase-qr-code.ts). The secret and URI are checked too, because builders
 * bind them to text and links.
 *
 * "Replace unverified factors" is done lazily: only when the server answers with a name
 * conflict or the factor cap do we remove the user's unverified factors and try once more.
 * The usual enrollment thus costs exactly one request, like calling supabase-js directly.
 */
import type { SupabaseAuth } from '../shared/client.js';
import { call } from '../shared/call.js';
import { forFactor, invalidInput, MfaError, setupField } from '../shared/errors.js';
import { groupSecret, type FactorType } from '../shared/factors.js';
import { readSupabaseQrCode } from '../shared/qr/supabase-qr-code.js';
import { fail, mapResult, ok, type Result } from '../shared/result.js';
import { removeUnverifiedFactors } from '../shared/unverified-factors.js';
import { charCount } from '../shared/input-text.js';
import { e164Phone, friendlyName as checkFriendlyName, oneOf, optionalText } from '../shared/validate.js';

export interface EnrollFactorInput {
  factorType?: unknown;
  friendlyName?: unknown;
  phone?: unknown;
  issuer?: unknown;
  /** default true */
  replaceUnverified?: boolean;
}

export interface EnrolledTotp {
  /** The QR code text (shared/qr/qr-code-text.ts), for a QR code element. */
  qrCode: string;
  /** The QR code as a PNG data URI, for an Image element. */
  qrImage: string;
  secret: string;
  secretGrouped: string;
  uri: string;
}

export interface EnrolledFactor {
  factorId: string;
  factorType: FactorType;
  friendlyName: string | null;
  phone: string | null;
  totp: EnrolledTotp | null;
  /** Unverified factors removed to make room (empty on the usual path). */
  removedFactorIds: string[];
}

const RETRY_AFTER_CLEANUP = new Set(['mfa_factor_name_conflict', 'too_many_enrolled_mfa_factors']);

export type EnrollParams = { factorType: 'totp'; friendlyName?: string; issuer?: string } | { factorType: 'phone'; friendlyName?: string; phone: string };

/** The input checked, before any request (the hosted runtime checks it before fetching the rest of enrolling). */
export function enrollFactorInput(input: EnrollFactorInput): Result<EnrollParams> {
  const factorType = setupField(oneOf(input.factorType, ['totp', 'phone'] as const, 'Factor type', 'totp'));
  if (factorType.error) return factorType;
  const name = checkFriendlyName(input.friendlyName);
  if (name.error) return name;
  const named = name.data ? { friendlyName: name.data } : {};
  if (factorType.data === 'phone') return mapResult(e164Phone(input.phone), (phone) => ({ factorType: 'phone' as const, phone, ...named }));
  const issuer = optionalText(input.issuer) ?? undefined;
  if (issuer && charCount(issuer) > 100) return fail(invalidInput('The authenticator issuer is longer than 100 characters.'));
  return ok({ factorType: 'totp' as const, ...named, ...(issuer ? { issuer } : {}) });
}

const SECRET = /^[A-Z2-7]+=*$/;

/** Rejects anything but a real otpauth TOTP link, so a bound link can never run script. */
function checkTotp(totp: { qr_code: string; secret: string; uri: string }): Result<EnrolledTotp> {
  if (typeof totp.secret !== 'string' || !SECRET.test(totp.secret)) {
    return fail(new MfaError('invalid_qr', 'Supabase returned a TOTP secret that is not base32.'));
  }
  if (typeof totp.uri !== 'string' || !totp.uri.startsWith('otpauth://totp/') || /[\s<>"'`]/.test(totp.uri)) {
    return fail(new MfaError('invalid_qr', 'Supabase returned a TOTP link that is not an otpauth://totp/ URI.'));
  }
  const qr = readSupabaseQrCode(totp.qr_code);
  if (qr.error) return fail(qr.error);
  return ok({ qrCode: qr.data.text, qrImage: qr.data.image, secret: totp.secret, secretGrouped: groupSecret(totp.secret), uri: totp.uri });
}

export async function enrollFactor(auth: SupabaseAuth, input: EnrollFactorInput): Promise<Result<EnrolledFactor>> {
  const checked = enrollFactorInput(input);
  if (checked.error) return checked;
  const p = checked.data;

  let enrolled = await call(() => auth.mfa.enroll(p));
  let removedFactorIds: string[] = [];
  if (enrolled.error && RETRY_AFTER_CLEANUP.has(enrolled.error.code) && input.replaceUnverified !== false) {
    const removed = await removeUnverifiedFactors(auth);
    if (removed.error) return fail(removed.error);
    removedFactorIds = removed.data;
    if (removedFactorIds.length) enrolled = await call(() => auth.mfa.enroll(p));
  }
  if (enrolled.error) return fail(forFactor(enrolled.error, p.factorType));

  const data = enrolled.data as { id: string; type: string; friendly_name?: string; totp?: { qr_code: string; secret: string; uri: string }; phone?: string };
  let totp: EnrolledTotp | null = null;
  if (p.factorType === 'totp') {
    if (!data.totp) return fail(new MfaError('invalid_qr', 'Supabase did not return a QR code for the new factor.'));
    const checked = checkTotp(data.totp);
    if (checked.error) return fail(checked.error);
    totp = checked.data;
  }
  return ok({
    factorId: data.id,
    factorType: p.factorType,
    friendlyName: data.friendly_name || null,
    phone: p.factorType === 'phone' ? (data.phone ?? p.phone) : null,
    totp,
    removedFactorIds,
  });
}
