/**
 * The hosted build's stand-in for webauthn-actions.ts (same export): the security key and passkey
 * actions' code travels in the "webauthn" chunk with auth-js's WebAuthn module they always need
 * (entries/webauthn-chunk.ts), so a sign-in page downloads neither. The first such action fetches
 * the chunk (with its integrity check) and then runs as usual; a chunk that cannot be loaded ends
 * the action like any failure (runtime_unavailable: error states, the error event, the debugger).
 */
import { chunkNow, loadChunk } from '../../shared/chunks/registry.js';
import type { MfaAction } from './actions.js';
import type { webauthnActions as bundledActions } from './webauthn-actions.js';
import { WEBAUTHN_ACTION_NAMES, WEBAUTHN_LOCK, type WebAuthnActionName } from './webauthn-action-names.js';

/** What the chunk registers (entries/webauthn-chunk.ts). */
export const WEBAUTHN_ACTIONS_CHUNK = 'webauthn-actions';

type Actions = { webauthnActions: typeof bundledActions };

export function webauthnActions(): { [K in WebAuthnActionName]: MfaAction<K> } {
  const lazy =
    <K extends WebAuthnActionName>(name: K): MfaAction<K> =>
    async (c, p) => {
      const now = chunkNow<Actions>(WEBAUTHN_ACTIONS_CHUNK);
      if (now) return now.webauthnActions()[name](c, p);
      // Without the chunk no ceremony can be running: nothing to cancel.
      if (name === 'cancel_security_key') return undefined;
      // Busy while the chunk loads; a second security key click meanwhile is ignored, and a
      // sign-out meanwhile ends the click (holding() then answers undefined).
      const loaded = await c.holding(name, WEBAUTHN_LOCK, () => loadChunk<Actions>(WEBAUTHN_ACTIONS_CHUNK, 'webauthn'));
      if (!loaded) return undefined;
      return loaded.error
        ? c.runAction(
            name,
            () => Promise.resolve(loaded),
            () => undefined,
            { lock: WEBAUTHN_LOCK },
          )
        : loaded.data.webauthnActions()[name](c, p);
    };
  return Object.fromEntries(WEBAUTHN_ACTION_NAMES.map((name) => [name, lazy(name)])) as { [K in WebAuthnActionName]: MfaAction<K> };
}
