/**
 * The plugin's view of a user's factors: flat summaries that map onto Bubble's parallel list
 * states, and the rule for which factor an action means when the builder leaves Factor id empty.
 */
import type { Factor } from '@supabase/supabase-js';
import { displayName } from './display-text.js';

export type FactorType = 'totp' | 'phone' | 'webauthn';

/** Factor types that are checked with a typed code (create / verify a challenge). */
export const CODE_FACTOR_TYPES: readonly FactorType[] = ['totp', 'phone'];

export interface FactorSummary {
  id: string;
  name: string | null;
  type: string;
  status: string;
}

export function summarizeFactors(factors: readonly Factor[] | null | undefined): FactorSummary[] {
  return (factors ?? []).map((f) => ({
    id: f.id,
    name: f.friendly_name ? f.friendly_name : null,
    type: f.factor_type,
    status: f.status,
  }));
}

export function verifiedCount(factors: readonly FactorSummary[]): number {
  return factors.filter((f) => f.status === 'verified').length;
}

/**
 * Bubble has no list of objects for a plugin state: the factors go out as parallel lists (same
 * order in each) plus a count. The MFA element's states and the admin server action's return
 * values share these names, so both publish through this one mapping (names made safe to bind
 * into an HTML element: display-text.ts).
 */
export interface FactorLists {
  factor_ids: string[];
  factor_names: string[];
  factor_types: string[];
  factor_statuses: string[];
  verified_factor_count: number;
}

export function factorLists(factors: readonly FactorSummary[]): FactorLists {
  return {
    factor_ids: factors.map((f) => f.id),
    factor_names: factors.map((f) => displayName(f.name ?? '')),
    factor_types: factors.map((f) => f.type),
    factor_statuses: factors.map((f) => f.status),
    verified_factor_count: verifiedCount(factors),
  };
}

/**
 * What an action asks for when Factor id is empty: any = the factor this page used last; code =
 * a factor checked with a typed code (TOTP or phone, never a security key); or one type.
 */
export type FactorChoice = 'any' | 'code' | FactorType;

/** The factor this page last enrolled, challenged or verified (the Factor id / Factor type states). */
export interface RememberedFactor {
  id: string | null;
  type: string | null;
}

/**
 * The user's factor of one type, as the TOTP factor id / Phone factor id states show it: the
 * verified one (the remembered one when there are several, else the latest), else the unverified
 * one being set up (again the remembered one first). Null when the user has none of that type.
 */
export function factorOfType(type: FactorType, known: readonly FactorSummary[], remembered: RememberedFactor): string | null {
  const ofType = known.filter((f) => f.type === type);
  for (const status of ['verified', 'unverified']) {
    const candidates = ofType.filter((f) => f.status === status);
    const preferred = candidates.find((f) => f.id === remembered.id) ?? candidates.at(-1);
    if (preferred) return preferred.id;
  }
  return null;
}

/**
 * Which factor an action means when the builder leaves Factor id empty.
 *  - any: the factor this page last used, else the user's only verified factor;
 *  - code: the same, but never a security key (a typed code cannot pass it);
 *  - totp / phone: the remembered factor only if it has that type (a phone challenge must never
 *    make an authenticator-app check send an SMS), else the user's factor of that type;
 *  - webauthn: the remembered factor only if it is a security key, else the user's one verified
 *    key (never a guess among several, never an unverified one: its challenge is a registration).
 * Null when nothing fits, so the caller can say which id to pass.
 */
export function resolveFactorId(
  explicit: string | null,
  remembered: RememberedFactor,
  known: readonly FactorSummary[],
  type: FactorChoice = 'any',
): string | null {
  if (explicit) return explicit;
  if (type === 'any' || type === 'code') {
    const fits = (t: string | null) => type === 'any' || t === null || CODE_FACTOR_TYPES.includes(t as FactorType);
    if (remembered.id && fits(factorTypeOf(remembered.id, known, remembered))) return remembered.id;
    const verified = known.filter((f) => f.status === 'verified' && (type === 'any' || CODE_FACTOR_TYPES.includes(f.type as FactorType)));
    return verified.length === 1 ? verified[0]!.id : null;
  }
  if (remembered.id && factorTypeOf(remembered.id, known, remembered) === type) return remembered.id;
  if (type === 'webauthn') {
    const keys = known.filter((f) => f.type === 'webauthn' && f.status === 'verified');
    return keys.length === 1 ? keys[0]!.id : null;
  }
  return factorOfType(type, known, remembered);
}

/**
 * The factors a code from "an authenticator app" may belong to, in the order to try them: the
 * one resolveFactorId picks (the set-up in progress, or the one used last), then the user's
 * other verified TOTP factors, so a user with two authenticator apps can use either.
 */
export function totpCandidates(explicit: string | null, remembered: RememberedFactor, known: readonly FactorSummary[]): string[] {
  if (explicit) return [explicit];
  const first = resolveFactorId(null, remembered, known, 'totp');
  const verified = known.filter((f) => f.type === 'totp' && f.status === 'verified').map((f) => f.id);
  return [...new Set([...(first ? [first] : []), ...verified.reverse()])];
}

/** The factor states that spare builders from searching the parallel lists. */
export interface FactorsByType {
  totp_factor_id: string | null;
  phone_factor_id: string | null;
  has_totp_factor: boolean;
  has_phone_factor: boolean;
}

export function factorsByType(known: readonly FactorSummary[], remembered: RememberedFactor): FactorsByType {
  const hasVerified = (type: FactorType) => known.some((f) => f.type === type && f.status === 'verified');
  return {
    totp_factor_id: factorOfType('totp', known, remembered),
    phone_factor_id: factorOfType('phone', known, remembered),
    has_totp_factor: hasVerified('totp'),
    has_phone_factor: hasVerified('phone'),
  };
}

/**
 * The factor list after an enrollment, without another request: the server's answer names the
 * new factor, and the unverified ones removed to make room are known. (auth-js does not update
 * the session's user on enroll, so the session cannot tell us.)
 */
export function withEnrolled(
  known: readonly FactorSummary[],
  removedIds: readonly string[],
  added: { id: string; name: string | null; type: string },
): FactorSummary[] {
  const gone = new Set([...removedIds, added.id]);
  return [...known.filter((f) => !gone.has(f.id)), { id: added.id, name: added.name, type: added.type, status: 'unverified' }];
}

/** The type of a factor: from the user's factors, else the remembered type if it is the factor this page used; null when unknown. */
export function factorTypeOf(id: string | null, known: readonly FactorSummary[], remembered: RememberedFactor = { id: null, type: null }): string | null {
  if (!id) return null;
  return known.find((f) => f.id === id)?.type ?? (remembered.id === id ? remembered.type : null);
}

/** Groups a TOTP secret in fours ("JBSW Y3DP …") for people typing it by hand. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}
