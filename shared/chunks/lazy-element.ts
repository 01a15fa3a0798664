/**
 * An element whose code is a chunk (hosted runtime only): the hosted core registers these
 * handlers in its place. Each hook reads Bubble's properties now (so 'not ready' still reaches
 * Bubble synchronously), then runs the element's own hook once the chunk is there. Hooks that
 * arrive while the chunk loads run afterwards in the order Bubble called them (initialize
 * before update before actions). A chunk that cannot be loaded (network, integrity check) is
 * reported to the debugger with a clear message; nothing is thrown into Bubble.
 */
import type { MfaError } from '../errors.js';
import { readProps, type BubbleProperties } from '../bubble/props.js';
import type { BubbleInstance } from '../bubble/types.js';
import { reportTo } from '../bubble/guard.js';
import type { ElementHandlers, Hook } from '../bubble/registry.js';
import type { Result } from '../result.js';
import type { ChunkFile, ChunkName } from './chunk-map.js';
import { chunkNow, loadChunk } from './registry.js';

interface Names {
  fields: ReadonlyArray<string>;
  actions: Record<string, ReadonlyArray<string>>;
}

/**
 * label: how the debugger message names the element; name: what the chunk registers it as;
 * file: the chunk file that brings it; initialStates: published at once by initialize (as the
 * element's own initialize does first), so the page sees the same states while the chunk loads;
 * onUnavailable: what the element shows when its chunk
 * cannot be loaded (once per element instance), e.g. its error states and event.
 */
export function lazyElement<F extends ChunkFile>(
  label: string,
  name: ChunkName<F>,
  file: F,
  names: Names,
  initialStates: object,
  onUnavailable?: (instance: BubbleInstance, error: MfaError) => void,
): ElementHandlers {
  const told = new WeakSet<object>();
  // The tail of the hooks waiting for the chunk; null when nothing waits.
  let queue: Promise<unknown> | null = null;
  // The hooks queued together share one load attempt (one fetch, one refusal); a hook that comes
  // after a failed attempt has drained tries again (a flaky network).
  let attempt: Promise<Result<ElementHandlers>> | null = null;

  const hook =
    (pick: (h: ElementHandlers) => Hook | undefined, declared: ReadonlyArray<string> | null): Hook =>
    (instance, properties, context) => {
      const snapshot: BubbleProperties = declared ? readProps<Record<string, unknown>>(properties, declared) : properties;
      const now = chunkNow<ElementHandlers>(name);
      if (now && !queue) return pick(now)?.(instance, snapshot, context);
      const step = (queue ?? Promise.resolve()).then(() => {
        attempt ??= loadChunk<ElementHandlers>(name, file);
        return attempt.then((loaded) => {
          if (loaded.error) {
            reportTo(context)(`Supabase MFA: ${label} is not available: ${loaded.error.code}: ${loaded.error.message}`);
            if (onUnavailable && !told.has(instance)) {
              told.add(instance);
              onUnavailable(instance, loaded.error);
            }
            return undefined;
          }
          return pick(loaded.data)?.(instance, snapshot, context);
        });
      });
      const tail: Promise<unknown> = step.catch(() => undefined);
      queue = tail;
      void tail.then(() => {
        if (queue === tail) {
          queue = null;
          attempt = null;
        }
      });
      // The registry's guard reports a rejection of the element's own hook.
      return step;
    };

  const initialize = hook((h) => h.initialize, null);
  const actions: Record<string, Hook> = {};
  for (const [action, declared] of Object.entries(names.actions)) actions[action] = hook((h) => h.actions?.[action], declared);
  return {
    initialize: (instance, properties, context) => {
      if (!chunkNow(name)) for (const [state, value] of Object.entries(initialStates)) instance.publishState(state, value);
      return initialize(instance, properties, context);
    },
    update: hook((h) => h.update, names.fields),
    actions,
  };
}
