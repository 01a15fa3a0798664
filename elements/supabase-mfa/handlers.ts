/**
 * The Supabase MFA element's handlers, one per element action in plugin.json: each maps Bubble
 * properties to an action in actions/, runs it through the element (HandlerContext.run), then
 * publishes the result and fires the event. The action modules do the validating and the talking
 * to Supabase; nothing here knows HTTP.
 */
import { enrollFactor } from '../../actions/enroll-factor.js';
import { createChallenge } from '../../actions/create-challenge.js';
import { verifyChallenge, type VerifiedChallenge } from '../../actions/verify-challenge.js';
import { challengeAndVerify } from '../../actions/challenge-and-verify.js';
import { unenrollFactor } from '../../actions/unenroll-factor.js';
import { getAssuranceLevel } from '../../actions/get-assurance-level.js';
import { listFactors } from '../../actions/list-factors.js';
import { signIn, signInInput } from '../../actions/sign-in.js';
import { signUp, signUpInput } from '../../actions/sign-up.js';
import { setSession, setSessionInput } from '../../actions/set-session.js';
import { MfaError, messageFor, setupProblem } from '../../shared/errors.js';
import { revokeSession, signOutScope } from '../../actions/sign-out.js';
import { factorTypeOf, resolveFactorId, totpCandidates, withEnrolled, type FactorChoice } from '../../shared/factors.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { optionalText } from '../../shared/validate.js';
import type { SupabaseMfaActionProps } from '../../shared/generated/plugin.js';
import type { HandlerContext } from './controller.js';
import { showSignedIn } from './show-signed-in.js';
import { webauthnHandlers } from './webauthn-actions.js';
// The hosted core runs this lazy twin instead (it loads the WebAuthn chunk on first use): picked
// where it is called, as shared/chunks/hosted.d.ts explains.
import { webauthnHandlers as webauthnHandlersLazy } from './webauthn-actions.lazy.js';

type Props<K extends keyof SupabaseMfaActionProps> = SupabaseMfaActionProps[K];
/** The handler of one element action: what runs when a workflow runs it on the element. */
export type MfaHandler<K extends keyof SupabaseMfaActionProps> = (c: HandlerContext, props: Props<K>) => Promise<void> | void;

function noFactor(type: FactorChoice): string {
  if (type === 'totp' || type === 'phone') {
    const which = type === 'totp' ? 'authenticator app' : 'phone factor';
    return `Factor id is empty and the user has no ${which}: pass a Factor id, or show this step only when the user has one (Has authenticator app / Has phone factor).`;
  }
  return 'Factor id is empty and there is no factor to default to (none used on this page yet, and not exactly one verified): pass a Factor id or pick a Factor type.';
}

const KEY_NOT_CODE = 'That factor is a security key: use Verify with a security key, not a code.';
/** Create and verify is for authenticator apps: its challenge of a phone factor would text the user a code it cannot wait for. */
const PHONE_NOT_APP = 'That factor is a phone: use Create a challenge, then Verify a challenge.';

/** The Factor type option: anything but totp / phone means any. */
function choice(value: unknown): FactorChoice {
  return value === 'totp' || value === 'phone' ? value : 'any';
}

/**
 * The factor a code action means when the builder left Factor id empty (see resolveFactorId):
 * never a security key, which no typed code can pass; one named explicitly is refused too.
 */
function factorFor(c: HandlerContext, explicit: string | null, type: FactorChoice = 'any'): Result<string> {
  const id = resolveFactorId(optionalText(explicit), c.rememberedFactor(), c.knownFactors(), type === 'any' ? 'code' : type);
  if (!id) return fail(setupProblem(noFactor(type)));
  if (c.knownFactors().some((f) => f.id === id && f.type === 'webauthn')) return fail(setupProblem(KEY_NOT_CODE));
  return ok(id);
}

/** The type of a factor, from the user's factors or (for the one this page used) Factor type. */
const typeOfFactor = (c: HandlerContext, factorId: string) => factorTypeOf(factorId, c.knownFactors(), c.rememberedFactor());

async function onVerified(c: HandlerContext, v: VerifiedChallenge, generation: number, type: string | null): Promise<void> {
  c.clearEnrollment();
  c.view.publishAll({ challenge_id: null, challenge_expires_at: null });
  await c.sync(); // aal2 and the verified factor are in the states before "challenge verified" fires
  if (!c.live(generation)) return;
  c.rememberFactor({ factor_id: v.factorId, factor_type: factorTypeOf(v.factorId, c.knownFactors()) ?? type });
  c.view.trigger('challenge_verified');
}

/**
 * Create and verify with an authenticator-app code: the first factor that accepts it. Only a
 * wrong code moves on to the user's next authenticator app; any other failure stops at once, and
 * so does the end of the session it started in (`signal`: the next try is not sent).
 */
export async function verifyTotp(
  auth: Parameters<typeof challengeAndVerify>[0],
  candidates: string[],
  code: unknown,
  signal?: AbortSignal,
): Promise<Result<VerifiedChallenge>> {
  let result: Result<VerifiedChallenge> = fail(setupProblem(noFactor('totp')));
  for (const factorId of candidates) {
    result = await challengeAndVerify(auth, { factorId, code }, signal);
    if (result.error?.code !== 'mfa_verification_failed') return result;
  }
  return result;
}

export function mfaHandlers(): { [K in keyof SupabaseMfaActionProps]: MfaHandler<K> } {
  return {
    enroll_factor: (c, p) =>
      c.run(
        'enroll_factor',
        (auth, signal) =>
          enrollFactor(
            auth,
            {
              factorType: p.factor_type,
              friendlyName: p.friendly_name,
              phone: p.phone,
              issuer: optionalText(p.issuer) ?? c.totpIssuer(),
              replaceUnverified: p.replace_unverified !== false,
            },
            undefined,
            signal,
          ),
        (f) => {
          // The lists show the new factor before the event, so builders need no List factors.
          c.publishFactors(withEnrolled(c.knownFactors(), f.removedFactorIds, { id: f.factorId, name: f.friendlyName, type: f.factorType }));
          c.rememberFactor({
            factor_id: f.factorId,
            factor_type: f.factorType,
            challenge_id: null,
            challenge_expires_at: null,
            qr_code_svg: f.totp?.qrSvg ?? null,
            qr_code_image: f.totp?.qrImage ?? null,
            totp_secret: f.totp?.secret ?? null,
            totp_secret_grouped: f.totp?.secretGrouped ?? null,
            totp_uri: f.totp?.uri ?? null,
          });
          c.view.trigger('factor_enrolled');
        },
      ),

    create_challenge: (c, p) =>
      c.run(
        'create_challenge',
        async (auth) => {
          const factor = factorFor(c, p.factor_id, choice(p.factor_type));
          return factor.error ? factor : createChallenge(auth, { factorId: factor.data, channel: p.channel });
        },
        (ch) => {
          c.rememberFactor({ factor_id: ch.factorId, factor_type: ch.factorType, challenge_id: ch.challengeId, challenge_expires_at: ch.expiresAt });
          c.view.trigger('challenge_created');
        },
      ),

    verify_challenge: (c, p) =>
      c.run(
        'verify_challenge',
        async (auth) => {
          const factor = factorFor(c, p.factor_id, choice(p.factor_type));
          if (factor.error) return factor;
          const factorId = factor.data;
          const challengeId = optionalText(p.challenge_id) ?? c.view.current('challenge_id') ?? null;
          if (!challengeId) return fail(setupProblem('There is no code request to check: run Create a challenge first (or pass a Challenge id).'));
          return verifyChallenge(auth, { factorId, challengeId, code: p.code, factorType: typeOfFactor(c, factorId) });
        },
        (v, generation) => onVerified(c, v, generation, typeOfFactor(c, v.factorId)),
      ),

    challenge_and_verify: (c, p) =>
      c.run(
        'challenge_and_verify',
        async (auth, signal) => {
          const candidates = totpCandidates(optionalText(p.factor_id), c.rememberedFactor(), c.knownFactors());
          const types = candidates.map((id) => typeOfFactor(c, id));
          if (types.includes('webauthn')) return fail(setupProblem(KEY_NOT_CODE));
          if (types.includes('phone')) return fail(setupProblem(PHONE_NOT_APP));
          return verifyTotp(auth, candidates, p.code, signal);
        },
        (v, generation) => onVerified(c, v, generation, 'totp'),
      ),

    unenroll_factor: (c, p) =>
      c.run(
        'unenroll_factor',
        (auth, signal) => unenrollFactor(auth, { factorId: p.factor_id }, signal),
        async ({ factorId }, generation) => {
          if (c.view.current('factor_id') === factorId) {
            c.clearEnrollment();
            c.rememberFactor({ factor_id: null, factor_type: null, challenge_id: null, challenge_expires_at: null });
          }
          await c.sync(); // the refreshed session: its factors, and Next level aal1 after the last verified one
          if (c.live(generation)) c.view.trigger('factor_unenrolled');
        },
      ),

    get_assurance_level: (c) =>
      c.run(
        'get_assurance_level',
        (auth) => getAssuranceLevel(auth),
        (a) => c.publishAssurance(a),
      ),

    list_factors: (c) =>
      c.run(
        'list_factors',
        (auth) => listFactors(auth),
        (factors) => {
          c.publishFactors(factors);
          c.view.trigger('factors_listed');
        },
      ),

    // A refused input sends nothing, so it must not end the current session's work either: these
    // three start a new session only once their input passes its check.
    sign_in: (c, p) => {
      const input = { email: p.email, password: p.password };
      return c.run(
        'sign_in',
        (auth) => signIn(auth, input),
        async (_, generation) => {
          await showSignedIn(c, 'sign_in', generation);
        },
        { newSession: () => !signInInput(input).error },
      );
    },

    sign_up: (c, p) => {
      const input = { email: p.email, password: p.password, emailRedirectTo: p.email_redirect_to };
      return c.run(
        'sign_up',
        (auth) => signUp(auth, input),
        async (u, generation) => {
          // Signed in at once: Signed in fires before Signed up (the account exists either way).
          if (u.session) await showSignedIn(c, 'sign_up', generation);
          if (!c.live(generation)) return;
          c.view.publish('confirmation_email_sent', u.confirmationEmailSent);
          c.view.trigger('signed_up');
        },
        { newSession: () => !signUpInput(input).error },
      );
    },

    set_session: (c, p) => {
      const input = { accessToken: p.access_token, refreshToken: p.refresh_token };
      return c.run(
        'set_session',
        (auth) => setSession(auth, input),
        async (_, generation) => {
          await showSignedIn(c, 'set_session', generation);
        },
        { newSession: () => !setSessionInput(input).error },
      );
    },

    // local / global: this page is signed out first, without waiting for the network (signed_out
    // fires), then the server is asked to revoke; if it cannot be, error follows signed_out.
    // others: the server ends the other sessions; if it cannot be reached, this page signs out
    // too and says so. global / others need a token the server accepts: an expired one is
    // refreshed first (the only case that waits for the network before signing out here).
    sign_out: (c, p) => {
      const scope = signOutScope(p.scope);
      if (scope.error) return c.fail('sign_out', scope.error);
      // This page first, without the network; then the server revokes with `token`, if there is one.
      const hereThenRevoke = (token: string | null, to: 'local' | 'global') =>
        c.run('sign_out', token ? (auth) => revokeSession(auth, token, to) : null, () => undefined, { localFirst: true });
      if (scope.data === 'local') return hereThenRevoke(c.storedAccessToken(), 'local');
      // Every session, or the other ones: with a token the server still accepts (a tab left hidden
      // for an hour holds an expired one), refreshed under the action's lock before anything else.
      return c.prepare(
        'sign_out',
        'sign_out',
        () => c.currentAccessToken(),
        (token) =>
          scope.data === 'global'
            ? hereThenRevoke(token, 'global')
            : c.run(
                'sign_out',
                (auth) => (token ? revokeSession(auth, token, 'others') : Promise.resolve(fail(new MfaError('no_session', messageFor('no_session'))))),
                () => undefined,
                // The other sessions may still be alive, or this one is dead: do not stay signed in here.
                { signOutOn: () => token !== null },
              ),
      );
    },

    ...(typeof __HOSTED__ !== 'undefined' && __HOSTED__ ? webauthnHandlersLazy : webauthnHandlers)(),

    clear_enrollment: (c) =>
      c.runLocal('clear_enrollment', () => {
        c.clearEnrollment();
        return undefined;
      }),
  };
}
