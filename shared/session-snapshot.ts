/**
 * What the element shows about the session, read from auth-js without a network request:
 * who is signed in, the assurance levels (auth-js's own getAuthenticatorAssuranceLevel, which
 * decodes the stored access token), and the factors carried on the session's user.
 */
import type { Session } from '@supabase/supabase-js';
import type { SupabaseAuth } from './client.js';
import { summarizeFactors, type FactorSummary } from './factors.js';
import { call } from './call.js';
import { mapResult, ok, type Result } from './result.js';

export type Aal = 'aal1' | 'aal2';

export interface Assurance {
  currentLevel: Aal | null;
  nextLevel: Aal | null;
  /** current aal1 while aal2 is reachable: the user must pass their second factor. */
  mfaRequired: boolean;
  methods: string[];
}

export interface SessionSnapshot extends Assurance {
  signedIn: boolean;
  userId: string | null;
  email: string | null;
  /** The user's own access token (JWT), for builders who call Supabase from the API Connector. */
  accessToken: string | null;
  factors: FactorSummary[];
}

export const SIGNED_OUT: SessionSnapshot = {
  signedIn: false,
  userId: null,
  email: null,
  accessToken: null,
  currentLevel: null,
  nextLevel: null,
  mfaRequired: false,
  methods: [],
  factors: [],
};

export async function readAssurance(auth: SupabaseAuth): Promise<Result<Assurance>> {
  const res = await call(() => auth.mfa.getAuthenticatorAssuranceLevel());
  return mapResult(res, (data) => {
    const currentLevel = (data.currentLevel as Aal | null) ?? null;
    const nextLevel = (data.nextLevel as Aal | null) ?? null;
    return {
      currentLevel,
      nextLevel,
      mfaRequired: currentLevel === 'aal1' && nextLevel === 'aal2',
      methods: (data.currentAuthenticationMethods ?? []).map((m) => (typeof m === 'string' ? m : m.method)),
    };
  });
}

function snapshotOf(session: Session | null, assurance: Assurance): SessionSnapshot {
  if (!session) return SIGNED_OUT;
  return {
    ...assurance,
    signedIn: true,
    userId: session.user?.id ?? null,
    email: session.user?.email ?? null,
    accessToken: session.access_token || null,
    // Supabase omits an empty list (`factors,omitempty` on its User): absent means none.
    factors: summarizeFactors(session.user?.factors),
  };
}

/** Reads the stored session and its assurance; no request unless the token must be refreshed. */
export async function readSessionSnapshot(auth: SupabaseAuth): Promise<Result<SessionSnapshot>> {
  const stored = await call(() => auth.getSession());
  if (stored.error) return stored;
  const session = stored.data.session;
  if (!session) return ok(SIGNED_OUT);
  return mapResult(await readAssurance(auth), (assurance) => snapshotOf(session, assurance));
}
