/**
 * The plugin's view of a user's factors: flat summaries that map onto Bubble's parallel list
 * states, and the rule for which factor an action means when the builder leaves Factor id empty.
 */
import type { Factor } from '@supabase/supabase-js';

export type FactorType = 'totp' | 'phone';

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
 * Which factor an action means: the one the builder named, else the one this page last
 * enrolled / challenged / verified, else the user's only verified factor (of the wanted type).
 * Returns null when that is ambiguous, so the caller can ask for a factor id.
 */
export function resolveFactorId(explicit: string | null, remembered: string | null, known: readonly FactorSummary[], type?: FactorType): string | null {
  if (explicit) return explicit;
  if (remembered) return remembered;
  const verified = known.filter((f) => f.status === 'verified' && (!type || f.type === type));
  return verified.length === 1 ? verified[0]!.id : null;
}

/** Groups a TOTP secret in fours ("JBSW Y3DP …") for people typing it by hand. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}
