/**
 * The input of Enroll a factor, checked before any request (and, in the hosted core, before the
 * enroll chunk is fetched: GoTrueClient's enroll method forwards to it).
 */
import { invalidInput, setupField } from '../shared/errors.js';
import { fail, mapResult, ok, type Result } from '../shared/result.js';
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
