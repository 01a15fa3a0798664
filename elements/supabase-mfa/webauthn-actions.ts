/**
 * The MFA element's security key and passkey actions. Those that open a prompt share one lock
 * (webauthnLock): the browser runs one WebAuthn prompt at a time, so a second such click while one
 * is open is ignored like a repeated click; listing and removing passkeys lock only themselves. The running ceremony is kept on the controller for the Cancel action.
 */
import { Ceremony, ceremonyTimeout } from '../../actions/webauthn-ceremony.js';
import { browserSupportsWebAuthn } from '../../shared/webauthn-support.js';
import { enrollWebAuthn } from '../../actions/webauthn-enroll.js';
import { verifyWebAuthn } from '../../actions/webauthn-verify.js';
import { listPasskeys, registerPasskey, removePasskey, signInWithPasskey, type PasskeySummary } from '../../actions/webauthn-passkeys.js';
import type { SupabaseAuth } from '../../shared/client.js';
import { displayName } from '../../shared/display-text.js';
import { setupProblem } from '../../shared/errors.js';
import { resolveFactorId } from '../../shared/factors.js';
import { fail, type Result } from '../../shared/result.js';
import { optionalText } from '../../shared/validate.js';
import type { MfaHandler } from './handlers.js';
import { showSignedIn } from './show-signed-in.js';
import type { HandlerContext } from './controller.js';
import { WEBAUTHN_LOCK, webauthnLock, type WebAuthnActionName } from './webauthn-action-names.js';

export type { WebAuthnActionName };

/**
 * Runs `work` with a fresh ceremony registered on the controller (for Cancel), cleared after.
 * auth-js's WebAuthn module is always there: bundled inline; in the hosted runtime it travels in
 * the same chunk as this module (webauthn-actions.lazy.ts).
 */
function withCeremony<T>(c: HandlerContext, timeout: unknown, work: (auth: SupabaseAuth, ceremony: Ceremony, signal: AbortSignal) => Promise<Result<T>>) {
  return async (auth: SupabaseAuth, signal: AbortSignal): Promise<Result<T>> => {
    const ms = ceremonyTimeout(timeout);
    if (ms.error) return fail(ms.error);
    const ceremony = new Ceremony(ms.data);
    const close = c.openCeremony(ceremony);
    try {
      return await work(auth, ceremony, signal);
    } finally {
      ceremony.finish();
      close();
    }
  };
}

function publishPasskeys(c: HandlerContext, passkeys: PasskeySummary[]): void {
  c.view.publishAll({ passkey_ids: passkeys.map((p) => p.id), passkey_names: passkeys.map((p) => displayName(p.name ?? '')) });
}

export function webauthnHandlers(): { [K in WebAuthnActionName]: MfaHandler<K> } {
  return {
    enroll_security_key: (c, p) =>
      c.run(
        'enroll_security_key',
        withCeremony(c, p.timeout_seconds, (auth, ceremony, signal) =>
          enrollWebAuthn(auth, { authenticator: p.authenticator, friendlyName: p.friendly_name }, ceremony, signal),
        ),
        async (e, generation) => {
          c.clearEnrollment();
          c.view.publishAll({ factor_id: e.factorId, factor_type: 'webauthn', challenge_id: null, challenge_expires_at: null });
          await c.sync(); // the new factor and aal2 are in the states before the events fire
          if (!c.live(generation)) return; // signed out meanwhile: no success event
          c.view.trigger('security_key_enrolled');
          c.view.trigger('challenge_verified');
        },
        { lock: WEBAUTHN_LOCK },
      ),

    verify_security_key: (c, p) =>
      c.run(
        'verify_security_key',
        withCeremony(c, p.timeout_seconds, (auth, ceremony) => {
          const factorId = resolveFactorId(optionalText(p.factor_id), c.rememberedFactor(), c.knownFactors(), 'webauthn');
          if (!factorId) {
            return Promise.resolve(
              fail(setupProblem('Factor id is empty and the user has no single security key to default to: pass a factor id (e.g. Security key factor id).')),
            );
          }
          return verifyWebAuthn(auth, { factorId }, ceremony);
        }),
        async (v, generation) => {
          c.view.publishAll({ factor_id: v.factorId, factor_type: 'webauthn', challenge_id: null, challenge_expires_at: null });
          await c.sync();
          if (c.live(generation)) c.view.trigger('challenge_verified');
        },
        { lock: WEBAUTHN_LOCK },
      ),

    sign_in_with_passkey: (c, p) =>
      c.run(
        'sign_in_with_passkey',
        withCeremony(c, p.timeout_seconds, (auth, ceremony) => signInWithPasskey(auth, ceremony)),
        async (_, generation) => {
          // signed_in fires from the session change; a session this page cannot keep is an error.
          await showSignedIn(c, 'sign_in_with_passkey', generation);
        },
        // A passkey sign-in may be another user: it ends the current session's work first, but
        // only when a ceremony will really start (a refused timeout or browser sends nothing).
        { lock: WEBAUTHN_LOCK, newSession: () => !ceremonyTimeout(p.timeout_seconds).error && browserSupportsWebAuthn() },
      ),

    register_passkey: (c, p) =>
      c.run(
        'register_passkey',
        withCeremony(c, p.timeout_seconds, (auth, ceremony) => registerPasskey(auth, { friendlyName: p.friendly_name }, ceremony)),
        (r) => {
          publishPasskeys(c, r.passkeys);
          c.view.trigger('passkey_registered');
        },
        { lock: WEBAUTHN_LOCK },
      ),

    remove_passkey: (c, p) =>
      c.run(
        'remove_passkey',
        (auth) => removePasskey(auth, { passkeyId: p.passkey_id }),
        (left) => {
          publishPasskeys(c, left);
          c.view.trigger('passkey_removed');
        },
        { lock: webauthnLock('remove_passkey') },
      ),

    list_passkeys: (c) =>
      c.run(
        'list_passkeys',
        (auth) => listPasskeys(auth),
        (list) => {
          publishPasskeys(c, list);
          c.view.trigger('passkeys_listed');
        },
        { lock: webauthnLock('list_passkeys') },
      ),

    cancel_security_key: (c) =>
      c.runLocal('cancel_security_key', () => {
        // Nothing running is not a failure: the prompt may have just closed by itself.
        c.cancelCeremony();
        return undefined;
      }),
  };
}
