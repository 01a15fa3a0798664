/** Reading the MFA element's states as the page's expressions do (Bubble: "Supabase MFA's …"). */
import type { ElementInstance } from '../../dev/bubble-harness/in-page.js';

export interface Factor {
  id: string;
  name: string;
  type: string;
  status: string;
}

export function text(mfa: ElementInstance, k: string): string {
  const v = mfa.states[k];
  return typeof v === 'string' ? v : '';
}

export function yes(mfa: ElementInstance, k: string): boolean {
  return mfa.states[k] === true;
}

export function list(mfa: ElementInstance, k: string): string[] {
  const v = mfa.states[k];
  return Array.isArray(v) ? v.map(String) : [];
}

export function count(mfa: ElementInstance, k: string): number {
  const v = mfa.states[k];
  return typeof v === 'number' ? v : 0;
}

/** The factor lists (ids, names, types, statuses) as one list of factors. */
export function factors(mfa: ElementInstance): Factor[] {
  const names = list(mfa, 'factor_names');
  const types = list(mfa, 'factor_types');
  const statuses = list(mfa, 'factor_statuses');
  return list(mfa, 'factor_ids').map((id, i) => ({ id, name: names[i] ?? '', type: types[i] ?? '', status: statuses[i] ?? '' }));
}

export const describeFactor = (f: Factor) => f.name || (f.type === 'phone' ? 'Phone' : f.type === 'webauthn' ? 'Security key' : 'Authenticator app');

/** The factor type's tag in the factor list. */
export const factorTag = (type: string) => (type === 'phone' ? 'SMS' : type === 'webauthn' ? 'KEY' : 'TOTP');
