/**
 * The security-key states: whether the user has a verified webauthn factor, and which one
 * (the default for Verify with a security key).
 */
import type { FactorSummary } from './factors.js';

export interface SecurityKeyStates {
  has_security_key: boolean;
  security_key_factor_id: string | null;
}

export function securityKeyStates(factors: readonly FactorSummary[]): SecurityKeyStates {
  const keys = factors.filter((f) => f.type === 'webauthn' && f.status === 'verified');
  return { has_security_key: keys.length > 0, security_key_factor_id: keys[0]?.id ?? null };
}
