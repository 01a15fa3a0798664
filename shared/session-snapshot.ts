/**
 * What the element shows about the session, read from auth-js without a network request:
 * who is signed in, the assurance levels (auth-js's own getAuthenticatorAssuranceLevel, which
 * decodes the stored access token), and the factors carried on the session's user.
 */
import type { Session } from '@supabase/supabase-js';
import type { SupabaseAuth } from './client.js';
import { summarizeFactors, type FactorSummary } from './factors.js';
import { call } from './call.js';
import { fail, mapResult, ok, type Result } from './result.js';
import { MfaError } from './errors.js';
import { stringClaim } from './jwt-claims.js';

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
    // The token's subject, which the server checks, not a user object stored beside it (the two agree: see readSessionSnapshot).
    userId: stringClaim(session.access_token, 'sub') ?? session.user?.id ?? null,
    email: session.user?.email ?? null,
    accessToken: session.access_token || null,
    // Supabase omits an empty list (`factors,omitempty` on its User): absent means none.
    factors: summarizeFactors(session.user?.factors),
  };
}

/**
 * Reads the stored session and its assurance; no request unless the token must be refreshed. A
 * stored session whose user is not its token's subject (a valid token of one user next to another
 * user's name and email) is not a session: bad_jwt.
 */
export async function readSessionSnapshot(auth: SupabaseAuth): Promise<Result<SessionSnapshot>> {
  const stored = await call(() => auth.getSession());
  if (stored.error) return stored;
  const session = stored.data.session;
  if (!session) return ok(SIGNED_OUT);
  const sub = stringClaim(session.access_token, 'sub');
  if (sub === null || (session.user?.id ?? null) !== sub) {
    return fail(new MfaError('bad_jwt', 'The stored session names another user than its token.'));
  }
  return mapResult(await readAssurance(auth), (assurance) => snapshotOf(session, assurance));
}
