/**
 * The Supabase MFA element's actions: each maps Bubble properties to an action in actions/,
 * then publishes the result and fires the event. The action modules do the validating and the
 * talking to Supabase; nothing here knows HTTP.
 */
import { enrollFactor } from '../../actions/enroll-factor.js';
import type { QrPreparer } from '../../shared/qr/index.js';
import { createChallenge } from '../../actions/create-challenge.js';
import { verifyChallenge, type VerifiedChallenge } from '../../actions/verify-challenge.js';
import { challengeAndVerify } from '../../actions/challenge-and-verify.js';
import { unenrollFactor } from '../../actions/unenroll-factor.js';
import { getAssuranceLevel } from '../../actions/get-assurance-level.js';
import { listFactors } from '../../actions/list-factors.js';
import { signIn, signInInput } from '../../actions/sign-in.js';
import { setSession, setSessionInput } from '../../actions/set-session.js';
import { invalidInput } from '../../shared/errors.js';
import { resolveFactorId, type FactorType } from '../../shared/factors.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { optionalText } from '../../shared/validate.js';
import type { SupabaseMfaActionProps } from '../../shared/generated/plugin.js';
import type { MfaController } from './controller.js';
import { webauthnActions } from './webauthn-actions.js';

type Props<K extends keyof SupabaseMfaActionProps> = SupabaseMfaActionProps[K];
export type MfaAction<K extends keyof SupabaseMfaActionProps> = (c: MfaController, props: Props<K>) => Promise<void> | void;

const NO_FACTOR = 'Factor id is empty and this page has no factor to default to: pass a factor id (e.g. from Factor ids).';

/**
 * The factor a code action means when the builder left Factor id empty (see resolveFactorId):
 * never a security key, which no typed code can pass; one named explicitly is refused too.
 */
function factorFor(c: MfaController, explicit: string | null, type: FactorType | 'code' = 'code'): Result<string> {
  const rememberedIsKey = c.view.current('factor_type') === 'webauthn';
  const id = resolveFactorId(optionalText(explicit), rememberedIsKey ? null : (c.view.current('factor_id') ?? null), c.knownFactors(), type);
  if (!id) return fail(invalidInput(NO_FACTOR));
  if (c.knownFactors().some((f) => f.id === id && f.type === 'webauthn')) return fail(invalidInput(KEY_NOT_CODE));
  return ok(id);
}

const KEY_NOT_CODE = 'That factor is a security key: use Verify with a security key, not a code.';

async function onVerified(c: MfaController, v: VerifiedChallenge, generation: number): Promise<void> {
  c.clearEnrollment();
  c.view.publishAll({ factor_id: v.factorId, challenge_id: null, challenge_expires_at: null });
  await c.sync(); // aal2 is in the states before "challenge verified" fires
  if (c.live(generation)) c.view.trigger('challenge_verified');
}

export function mfaActions(qrPreparer: QrPreparer): { [K in keyof SupabaseMfaActionProps]: MfaAction<K> } {
  return {
    enroll_factor: (c, p) =>
      c.runAction(
        'enroll_factor',
        (auth) =>
          enrollFactor(
            auth,
            {
              factorType: p.factor_type,
              friendlyName: p.friendly_name,
              phone: p.phone,
              issuer: optionalText(p.issuer) ?? c.fields?.totp_issuer,
              replaceUnverified: p.replace_unverified !== false,
            },
            qrPreparer,
          ),
        (f) => {
          c.view.publishAll({
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
      c.runAction(
        'create_challenge',
        async (auth) => {
          const factor = factorFor(c, p.factor_id);
          return factor.error ? factor : createChallenge(auth, { factorId: factor.data, channel: p.channel });
        },
        (ch) => {
          c.view.publishAll({ factor_id: ch.factorId, factor_type: ch.factorType, challenge_id: ch.challengeId, challenge_expires_at: ch.expiresAt });
          c.view.trigger('challenge_created');
        },
      ),

    verify_challenge: (c, p) =>
      c.runAction(
        'verify_challenge',
        async (auth) => {
          const factor = factorFor(c, p.factor_id);
          if (factor.error) return factor;
          const factorId = factor.data;
          const challengeId = optionalText(p.challenge_id) ?? c.view.current('challenge_id') ?? null;
          if (!challengeId) return fail(invalidInput('There is no challenge to verify: run Create a challenge first (or pass a challenge id).'));
          return verifyChallenge(auth, { factorId, challengeId, code: p.code });
        },
        (v, generation) => onVerified(c, v, generation),
      ),

    challenge_and_verify: (c, p) =>
      c.runAction(
        'challenge_and_verify',
        async (auth) => {
          const factor = factorFor(c, p.factor_id, 'totp');
          return factor.error ? factor : challengeAndVerify(auth, { factorId: factor.data, code: p.code });
        },
        (v, generation) => onVerified(c, v, generation),
      ),

    unenroll_factor: (c, p) =>
      c.runAction(
        'unenroll_factor',
        (auth) => unenrollFactor(auth, { factorId: p.factor_id }),
        async ({ factorId }, generation) => {
          if (c.view.current('factor_id') === factorId) {
            c.clearEnrollment();
            c.view.publishAll({ factor_id: null, factor_type: null, challenge_id: null, challenge_expires_at: null });
          }
          await c.sync(); // the refreshed session: its factors, and Next level aal1 after the last verified one
          if (c.live(generation)) c.view.trigger('factor_unenrolled');
        },
      ),

    get_assurance_level: (c) =>
      c.runAction(
        'get_assurance_level',
        (auth) => getAssuranceLevel(auth),
        (a) => c.publishAssurance(a),
      ),

    list_factors: (c) =>
      c.runAction(
        'list_factors',
        (auth) => listFactors(auth),
        (factors) => {
          c.publishFactors(factors);
          c.view.trigger('factors_listed');
        },
      ),

    sign_in: (c, p) =>
      c.runAction(
        'sign_in',
        (auth) => signIn(auth, { email: p.email, password: p.password }),
        async () => {
          await c.sync();
        },
        // A refused input sends nothing, so it must not end the current session's work either.
        { newSession: () => !signInInput({ email: p.email, password: p.password }).error },
      ),

    set_session: (c, p) =>
      c.runAction(
        'set_session',
        (auth) => setSession(auth, { accessToken: p.access_token, refreshToken: p.refresh_token }),
        async () => {
          await c.sync();
        },
        { newSession: () => !setSessionInput({ accessToken: p.access_token, refreshToken: p.refresh_token }).error },
      ),

    sign_out: (c, p) => c.signOut(p.scope),

    ...webauthnActions(),

    clear_enrollment: (c) =>
      c.runLocal('clear_enrollment', () => {
        c.clearEnrollment();
        return undefined;
      }),
  };
}
