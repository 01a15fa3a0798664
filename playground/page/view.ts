/** What several groups' conditions read, computed once per render. */
import type { App } from './app-context.js';
import { count, text, yes } from './mfa-states.js';

export interface View {
  signedIn: boolean;
  /** The element is busy. */
  busy: boolean;
  mfaRequired: boolean;
  verifiedCount: number;
  level: string;
}

export function view(app: App): View {
  const { mfa } = app;
  return {
    signedIn: yes(mfa, 'is_signed_in'),
    busy: yes(mfa, 'is_busy'),
    mfaRequired: yes(mfa, 'mfa_required'),
    verifiedCount: count(mfa, 'verified_factor_count'),
    level: text(mfa, 'current_level'),
  };
}
