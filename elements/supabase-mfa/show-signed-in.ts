/**
 * The end of every action that signs a user in (handlers.ts, webauthn-actions.ts): kept apart so
 * the security key chunk does not carry the element's other handlers.
 */
import { MfaError, setupProblem } from '../../shared/errors.js';
import type { HandlerContext } from './controller.js';

/**
 * After Sign in, Set session, a passkey sign-in or a sign-up that signs in, the states must show
 * the user: a session this page did not keep ends in an error, not in silence, and is revoked and
 * removed (never left behind alive). When the page refused it for naming another issuer than the
 * Supabase URL's project (unconfirmed by the server), that is a setup problem.
 */
export async function showSignedIn(c: HandlerContext, name: string, generation: number): Promise<boolean> {
  const snap = await c.sync();
  if (!c.live(generation) || snap.error) return false; // sync reported its own failure
  if (snap.data.signedIn) return true;
  const issuer = c.refusedIssuer();
  await c.discardRefused();
  if (!c.live(generation)) return false;
  c.fail(
    name,
    issuer
      ? setupProblem(
          `The session names ${issuer} as its issuer, not this Supabase URL's project, and the server did not confirm it, so it was not kept (it was signed out). Check Supabase URL; a self-hosted server's GOTRUE_JWT_ISSUER must be this Supabase URL followed by /auth/v1, or empty.`,
        )
      : new MfaError('unexpected_error', 'You were signed in, but this page could not keep the session. Please try again.'),
  );
  return false;
}
