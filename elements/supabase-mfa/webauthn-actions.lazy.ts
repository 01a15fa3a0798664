/**
 * The hosted core's twin of webauthn-actions.ts (same export; handlers.ts picks it by `__HOSTED__`,
 * shared/chunks/hosted.d.ts): the security key and passkey
 * actions' code travels in the "webauthn" chunk with auth-js's WebAuthn module they always need
 * (entries/webauthn-chunk.ts), so a sign-in page downloads neither. The first such action fetches
 * the chunk (with its integrity check) and then runs as usual; a chunk that cannot be loaded ends
 * the action like any failure (runtime_unavailable: error states, the error event, the debugger).
 */
import { chunkNow, loadChunk } from '../../shared/chunks/registry.js';
import type { Result } from '../../shared/result.js';
import type { MfaHandler } from './handlers.js';
import type { webauthnHandlers as bundledHandlers } from './webauthn-actions.js';
import { WEBAUTHN_ACTION_NAMES, webauthnLock, type WebAuthnActionName } from './webauthn-action-names.js';

/** What the chunk registers (entries/webauthn-chunk.ts). */
const WEBAUTHN_ACTIONS_CHUNK = 'webauthn-actions';

type Actions = { webauthnHandlers: typeof bundledHandlers };

/**
 * Enrolling a security key also runs GoTrueClient's enroll, which travels in the enroll chunk:
 * both are fetched together, so the prompt does not wait for one download after the other.
 */
const needsEnroll = (name: WebAuthnActionName) => name === 'enroll_security_key';

function ready(name: WebAuthnActionName): Actions | undefined {
  if (needsEnroll(name) && !chunkNow('gotrue-enroll')) return undefined;
  return chunkNow<Actions>(WEBAUTHN_ACTIONS_CHUNK);
}

async function load(name: WebAuthnActionName): Promise<Result<Actions>> {
  const [actions, enroll] = await Promise.all([
    loadChunk<Actions>(WEBAUTHN_ACTIONS_CHUNK, 'webauthn'),
    needsEnroll(name) ? loadChunk<unknown>('gotrue-enroll', 'enroll') : null,
  ]);
  return enroll?.error ? { data: null, error: enroll.error } : actions;
}

export function webauthnHandlers(): { [K in WebAuthnActionName]: MfaHandler<K> } {
  const lazy =
    <K extends WebAuthnActionName>(name: K): MfaHandler<K> =>
    (c, p) => {
      const now = ready(name);
      if (now) return now.webauthnHandlers()[name](c, p);
      // Without the chunk no ceremony can be running: nothing to cancel.
      if (name === 'cancel_security_key') return undefined;
      // Busy while the chunks load; a second such click meanwhile is ignored, and a sign-out
      // meanwhile ends the click.
      const lock = webauthnLock(name);
      return c.prepare(
        name,
        lock,
        () => load(name),
        (loaded) =>
          loaded.error
            ? c.run(
                name,
                () => Promise.resolve(loaded),
                () => undefined,
                { lock },
              )
            : loaded.data.webauthnHandlers()[name](c, p),
      );
    };
  return Object.fromEntries(WEBAUTHN_ACTION_NAMES.map((name) => [name, lazy(name)])) as { [K in WebAuthnActionName]: MfaHandler<K> };
}
