/**
 * The plugin's view of a user's factors: flat summaries that map onto Bubble's parallel list
 * states, and the rule for which factor an action means when the builder leaves Factor id empty.
 */
import type { Factor } from '@supabase/supabase-js';

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
 * values share these names, so both publish through this one mapping.
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
    factor_names: factors.map((f) => f.name ?? ''),
    factor_types: factors.map((f) => f.type),
    factor_statuses: factors.map((f) => f.status),
    verified_factor_count: verifiedCount(factors),
  };
}

/**
 * Which factor an action means: the one the builder named, else the one this page last
 * enrolled / challenged / verified, else the user's only verified factor (of the wanted type).
 * Returns null when that is ambiguous, so the caller can ask for a factor id.
 * `'code'` means the code actions (TOTP or phone): a security key (webauthn) is never picked
 * for them by default, not even when it is the factor this page remembers, because a typed
 * code cannot pass it.
 */
export function resolveFactorId(
  explicit: string | null,
  remembered: string | null,
  known: readonly FactorSummary[],
  type?: FactorType | 'code',
): string | null {
  if (explicit) return explicit;
  const fits = (t: string) => !type || (type === 'code' ? CODE_FACTOR_TYPES.includes(t as FactorType) : t === type);
  const rememberedType = remembered ? known.find((f) => f.id === remembered)?.type : undefined;
  if (remembered && (rememberedType === undefined ? type !== 'webauthn' : fits(rememberedType))) return remembered;
  const verified = known.filter((f) => f.status === 'verified' && fits(f.type));
  return verified.length === 1 ? verified[0]!.id : null;
}

/** Groups a TOTP secret in fours ("JBSW Y3DP …") for people typing it by hand. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}
