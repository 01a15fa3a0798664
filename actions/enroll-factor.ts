/**
 * Enroll a factor: creates an unverified TOTP or phone factor.
 *
 * For TOTP the server's QR SVG is never read: the checked otpauth:// URI is drawn afresh as a QR
 * code and leaves this function as SVG markup that passed DOMPurify (for an HTML element) and as
 * a PNG (shared/qr/enrollment-qr.ts). The secret and URI are checked first, because builders bind
 * them to text and links and the QR is drawn from the URI.
 *
 * "Replace unverified factors" is done lazily: only when the server answers with a name
 * conflict or the factor cap do we remove the user's unverified factors and try once more.
 * The usual enrollment thus costs exactly one request, like calling supabase-js directly.
 */
import type { SupabaseAuth } from '../shared/client.js';
import { call } from '../shared/call.js';
import { forFactor, MfaError } from '../shared/errors.js';
import { groupSecret, type FactorType } from '../shared/factors.js';
import { enrollmentQr } from '../shared/qr/enrollment-qr.js';
import { enrollmentQr as enrollmentQrLazy } from '../shared/qr/enrollment-qr.lazy.js';
import { isOtpauthTotpUri } from '../shared/qr/otpauth-uri.js';
import type { SanitizingWindow } from '../shared/qr/sanitize-svg.js';
import { fail, ok, type Result } from '../shared/result.js';
import { removeUnverifiedFactors } from '../shared/unverified-factors.js';
import { enrollFactorInput, type EnrollFactorInput } from './enroll-factor-input.js';

export interface EnrolledTotp {
  /** The QR code as sanitised SVG markup, for an HTML element or a QR code element. */
  qrSvg: string;
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

export { enrollFactorInput };
export type { EnrollFactorInput, EnrollParams } from './enroll-factor-input.js';

const RETRY_AFTER_CLEANUP = new Set(['mfa_factor_name_conflict', 'too_many_enrolled_mfa_factors']);

const SECRET = /^[A-Z2-7]+=*$/;

/** Rejects anything but a real otpauth TOTP link, so a bound link can never run script. */
async function checkTotp(totp: { secret: string; uri: string }, win: SanitizingWindow | undefined): Promise<Result<EnrolledTotp>> {
  if (typeof totp.secret !== 'string' || !SECRET.test(totp.secret)) {
    return fail(new MfaError('invalid_qr', 'Supabase returned a TOTP secret that is not base32.'));
  }
  if (!isOtpauthTotpUri(totp.uri)) {
    return fail(new MfaError('invalid_qr', 'Supabase returned a TOTP link that is not an otpauth://totp/ URI.'));
  }
  if (!win) return fail(new MfaError('invalid_qr', 'The QR code needs a page (a window with a document) to be checked before it is shown.'));
  // The hosted core draws it with the enroll chunk, which GoTrueClient's enroll has just brought.
  const qr = await (typeof __HOSTED__ !== 'undefined' && __HOSTED__ ? enrollmentQrLazy : enrollmentQr)(totp.uri, win);
  if (qr.error) return fail(qr.error);
  return ok({ qrSvg: qr.data.svg, qrImage: qr.data.image, secret: totp.secret, secretGrouped: groupSecret(totp.secret), uri: totp.uri });
}

/**
 * `qrWindow` is the window whose DOM DOMPurify uses to check the QR's SVG: the page's, unless a
 * caller without one (Node) passes its own, e.g. jsdom's. Once `signal` is aborted, no further
 * request is sent (see call).
 */
export async function enrollFactor(
  auth: SupabaseAuth,
  input: EnrollFactorInput,
  qrWindow: SanitizingWindow | undefined = pageWindow(),
  signal?: AbortSignal,
): Promise<Result<EnrolledFactor>> {
  const checked = enrollFactorInput(input);
  if (checked.error) return checked;
  const p = checked.data;

  let enrolled = await call(() => auth.mfa.enroll(p), signal);
  let removedFactorIds: string[] = [];
  if (enrolled.error && RETRY_AFTER_CLEANUP.has(enrolled.error.code) && input.replaceUnverified !== false) {
    const removed = await removeUnverifiedFactors(auth, signal);
    if (removed.error) return fail(removed.error);
    removedFactorIds = removed.data;
    if (removedFactorIds.length) enrolled = await call(() => auth.mfa.enroll(p), signal);
  }
  if (enrolled.error) return fail(forFactor(enrolled.error, p.factorType));

  const data = enrolled.data as { id: string; type: string; friendly_name?: string; totp?: { secret: string; uri: string }; phone?: string };
  let totp: EnrolledTotp | null = null;
  if (p.factorType === 'totp') {
    if (!data.totp) return fail(new MfaError('invalid_qr', 'Supabase did not return a QR code for the new factor.'));
    const checked = await checkTotp(data.totp, qrWindow);
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

function pageWindow(): SanitizingWindow | undefined {
  return typeof window === 'undefined' ? undefined : (window as unknown as SanitizingWindow);
}
