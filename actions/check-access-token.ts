/**
 * Check a user's access token on the server (a Bubble backend workflow's first step): the
 * project's auth server is asked first (GET /auth/v1/user), so a forged, expired or signed-out
 * token, a deleted or a banned user is refused; only a token it accepted has its claims read
 * (assurance level, methods, session). Nothing is trusted from the token before that answer.
 *
 * Refused before any request: text that is not a compact JWT (markup, API keys), an unsigned
 * token (`alg: none`), a token that is not a user session's (no `sub` / `session_id`: a sign-out
 * could not revoke it). `iss` is not required: self-hosted servers may leave it out, and the
 * server's answer is what proves the token is this project's.
 */
import { call } from '../shared/call.js';
import { MfaError, messageFor } from '../shared/errors.js';
import { jwtClaims, jwtHeader } from '../shared/jwt-claims.js';
import { fail, ok, type Result } from '../shared/result.js';
import type { SupabaseUserApi } from '../shared/user-client.js';
import { accessToken } from '../shared/validate.js';

export interface CheckAccessTokenInput {
  accessToken: unknown;
  /** Refuse (insufficient_aal) a token whose session has not passed a second factor. */
  requireAal2?: boolean;
}

export interface AccessTokenCheck {
  userId: string;
  email: string | null;
  /** The session's assurance level: aal1 (one factor) or aal2 (a second factor verified). */
  aal: string | null;
  aal2Met: boolean;
  /** How the session was authenticated, Supabase's names in order (password, totp, mfa/phone, mfa/webauthn, otp, …). */
  methods: string[];
  sessionId: string;
  expiresAt: Date | null;
}

const NEEDS_AAL2 = 'This needs your second factor: verify it (or set one up) and try again.';

const badJwt = (status?: number) => new MfaError('bad_jwt', messageFor('bad_jwt'), status);

interface SessionClaims {
  sub: string;
  session_id: string;
  exp: number | null;
  aal: string | null;
  amr: string[];
}

/** What a user session's token says, or why it cannot be one (read, not yet trusted). */
function sessionClaims(token: string): Result<SessionClaims> {
  const alg = jwtHeader(token)?.alg;
  const claims = jwtClaims(token);
  if (typeof alg !== 'string' || alg.toLowerCase() === 'none' || !claims) return fail(badJwt());
  const { sub, session_id, exp, aal, amr } = claims;
  if (typeof sub !== 'string' || sub === '' || typeof session_id !== 'string' || session_id === '') return fail(badJwt());
  const methods = Array.isArray(amr) ? amr.map((e) => (e && typeof e === 'object' ? (e as { method?: unknown }).method : e)) : [];
  return ok({
    sub,
    session_id,
    exp: typeof exp === 'number' && Number.isFinite(exp) ? exp : null,
    aal: typeof aal === 'string' ? aal : null,
    amr: [...new Set(methods.filter((m): m is string => typeof m === 'string'))],
  });
}

export async function checkAccessToken(api: SupabaseUserApi, input: CheckAccessTokenInput): Promise<Result<AccessTokenCheck>> {
  const token = accessToken(input.accessToken);
  if (token.error) return token;
  const claims = sessionClaims(token.data);
  if (claims.error) return claims;
  const { sub, session_id, exp, aal, amr } = claims.data;

  const answer = await call(() => api.getUser(token.data));
  if (answer.error) {
    // The server says bad_jwt for an expired token as for a forged one: an expiry in the past
    // (of a token it refused) is the one a user can fix by signing in again.
    const expired = answer.error.code === 'bad_jwt' && exp !== null && exp * 1000 <= Date.now();
    return fail(expired ? new MfaError('session_expired', messageFor('session_expired'), answer.error.status) : answer.error);
  }
  const user = answer.data;
  if (!user || user.id !== sub) return fail(badJwt());

  const check: AccessTokenCheck = {
    userId: user.id,
    email: user.email || null,
    aal,
    aal2Met: aal === 'aal2',
    methods: amr,
    sessionId: session_id,
    expiresAt: exp === null ? null : new Date(exp * 1000),
  };
  if (input.requireAal2 && !check.aal2Met) return fail(new MfaError('insufficient_aal', NEEDS_AAL2));
  return ok(check);
}
