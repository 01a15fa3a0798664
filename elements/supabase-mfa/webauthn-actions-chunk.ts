/**
 * The hosted build's stand-in for webauthn-actions.ts (same export): the security key and passkey
 * actions' code travels in the "webauthn" chunk with auth-js's WebAuthn module they always need
 * (entries/webauthn-chunk.ts), so a sign-in page downloads neither. The first such action fetches
 * the chunk (with its integrity check) and then runs as usual; a chunk that cannot be loaded ends
 * the action like any failure (runtime_unavailable: error states, the error event, the debugger).
 */
import { chunkNow, loadChunk } from '../../shared/chunks/registry.js';
import type { MfaAction } from './actions.js';
import type { WebAuthnActionName, webauthnActions as bundledActions } from './webauthn-actions.js';

export const WEBAUTHN_LOCK = 'webauthn';
/** What the chunk registers (entries/webauthn-chunk.ts). */
export const WEBAUTHN_ACTIONS_CHUNK = 'webauthn-actions';

type Actions = { webauthnActions: typeof bundledActions };

const NAMES: WebAuthnActionName[] = [
  'enroll_security_key',
  'verify_security_key',
  'sign_in_with_passkey',
  'register_passkey',
  'remove_passkey',
  'list_passkeys',
  'cancel_security_key',
];

export function webauthnActions(): { [K in WebAuthnActionName]: MfaAction<K> } {
  const lazy =
    <K extends WebAuthnActionName>(name: K): MfaAction<K> =>
    (c, p) => {
      const now = chunkNow<Actions>(WEBAUTHN_ACTIONS_CHUNK);
      if (now) return now.webauthnActions()[name](c, p);
      // Without the chunk no ceremony can be running: nothing to cancel.
      if (name === 'cancel_security_key') return undefined;
      return loadChunk<Actions>(WEBAUTHN_ACTIONS_CHUNK, 'webauthn').then((loaded) =>
        loaded.error
          ? c.runAction(
              name,
              () => Promise.resolve(loaded),
              () => undefined,
              { lock: WEBAUTHN_LOCK },
            )
          : loaded.data.webauthnActions()[name](c, p),
      );
    };
  return Object.fromEntries(NAMES.map((name) => [name, lazy(name)])) as { [K in WebAuthnActionName]: MfaAction<K> };
}
