/**
 * What the element shows for a session, as a pure function: a session snapshot and what was
 * published before go in; the states to publish and the events to fire (after the states, in
 * order) come out. The controller applies them; the table test (test/unit/session-states.test.ts)
 * pins every transition.
 */
import { factorLists, factorsByType, type FactorSummary, type RememberedFactor } from '../../shared/factors.js';
import type { Assurance, SessionSnapshot } from '../../shared/session-snapshot.js';
import { securityKeyStates } from '../../shared/webauthn-factors.js';
import type { SupabaseMfaEvent, SupabaseMfaStates } from '../../shared/generated/plugin.js';

/** What the element showed before: the states a transition is judged against. */
export interface Previous {
  signedIn: boolean;
  userId: string | null;
  currentLevel: string | null;
  nextLevel: string | null;
  /** The factor this page last enrolled, challenged or verified (Factor id / Factor type). */
  factor: RememberedFactor;
}

export interface Transition {
  states: Partial<SupabaseMfaStates>;
  events: SupabaseMfaEvent[];
}

/** The enrollment secret, URI and QR: only needed until the first successful verify. */
export const ENROLLMENT_CLEARED = {
  qr_code_svg: null,
  qr_code_image: null,
  totp_secret: null,
  totp_secret_grouped: null,
  totp_uri: null,
} as const satisfies Partial<SupabaseMfaStates>;

/** Everything that belongs to the user who was signed in, besides the session itself. */
const USER_DATA_CLEARED = {
  ...ENROLLMENT_CLEARED,
  factor_id: null,
  factor_type: null,
  challenge_id: null,
  challenge_expires_at: null,
  confirmation_email_sent: false,
  passkey_ids: [],
  passkey_names: [],
} as const satisfies Partial<SupabaseMfaStates>;

/** The factor list states, the security key states and the by-type states for `factors`. */
export function factorStates(factors: readonly FactorSummary[], remembered: RememberedFactor): Partial<SupabaseMfaStates> {
  return { ...factorLists(factors), ...securityKeyStates(factors), ...factorsByType(factors, remembered) };
}

/** The assurance states, and assurance_level_changed when the levels moved. */
export function assuranceFor(a: Assurance, previous: Pick<Previous, 'currentLevel' | 'nextLevel'>): Transition {
  return {
    states: {
      current_level: a.currentLevel,
      next_level: a.nextLevel,
      mfa_required: a.mfaRequired,
      mfa_passed: a.currentLevel === 'aal2',
      authentication_methods: a.methods,
    },
    events: a.currentLevel !== previous.currentLevel || a.nextLevel !== previous.nextLevel ? ['assurance_level_changed'] : [],
  };
}

/**
 * The states and events for `s` after `previous`. Another user than the one shown is not handled
 * here: the controller first applies statesFor(SIGNED_OUT, …), so workflows see the first
 * session end before the next begins (isUserSwitch tells when).
 */
export function statesFor(s: SessionSnapshot, previous: Previous): Transition {
  const assurance = assuranceFor(s, previous);
  const session = { is_signed_in: s.signedIn, user_id: s.userId, user_email: s.email, access_token: s.accessToken };
  if (s.signedIn) {
    return {
      states: { ...session, confirmation_email_sent: false, ...assurance.states, ...factorStates(s.factors, previous.factor) },
      events: [...assurance.events, ...(previous.signedIn ? [] : (['signed_in'] as const))],
    };
  }
  return {
    states: {
      ...session,
      ...assurance.states,
      ...USER_DATA_CLEARED,
      ...factorStates([], { id: null, type: null }),
      // The last user's failure is not the next user's; a failure that caused this sign-out is published after it.
      ...(previous.signedIn ? { error_code: null, error_message: null, setup_problem: null } : {}),
    },
    events: [...assurance.events, ...(previous.signedIn ? (['signed_out'] as const) : [])],
  };
}

/** Another user than the one shown, without a sign-out in between (Sign in / Set session as someone else, another tab). */
export function isUserSwitch(s: SessionSnapshot, previous: Previous): boolean {
  return s.signedIn && previous.signedIn && s.userId !== previous.userId;
}
