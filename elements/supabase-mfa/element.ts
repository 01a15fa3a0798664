/**
 * Bubble's hooks for the Supabase MFA element. The controller lives in instance.data (Bubble
 * keeps it for the element's life); hooks read every property first, synchronously, so a
 * 'not ready' from Bubble surfaces before any work starts.
 */
import { ElementView } from '../../shared/bubble/element-view.js';
import { reportTo } from '../../shared/bubble/guard.js';
import { defineElement, type ActionHook } from '../../shared/bubble/define-element.js';
import type { BubbleContext, BubbleInstance } from '../../shared/bubble/types.js';
import type { ElementHandlers } from '../../shared/bubble/registry.js';
import { SUPABASE_MFA_PROPERTY_NAMES, type SupabaseMfaActionProps } from '../../shared/generated/plugin.js';
import { MfaController, type ControllerOptions } from './controller.js';
import { mfaHandlers } from './handlers.js';

function controllerOf(instance: BubbleInstance): MfaController | undefined {
  return instance.data.controller as MfaController | undefined;
}

type ActionHooks = { [K in keyof SupabaseMfaActionProps]: ActionHook<SupabaseMfaActionProps[K]> };

export function supabaseMfaElement(options: ControllerOptions = {}): ElementHandlers {
  const handlers = mfaHandlers();
  const hook =
    <K extends keyof SupabaseMfaActionProps>(name: K): ActionHook<SupabaseMfaActionProps[K]> =>
    (instance, props, context) => {
      const controller = controllerOf(instance);
      if (!controller) {
        // Bubble runs initialize first; if it has not, there are no states to report into.
        reportTo(context)(`Supabase MFA: ${name} ran before the element was initialized; nothing was sent.`);
        return undefined;
      }
      return handlers[name](controller, props);
    };
  const actionHooks = Object.fromEntries((Object.keys(handlers) as Array<keyof SupabaseMfaActionProps>).map((name) => [name, hook(name)])) as ActionHooks;
  return defineElement(SUPABASE_MFA_PROPERTY_NAMES, {
    initialize(instance, context) {
      const controller = new MfaController(new ElementView(instance), context as BubbleContext, options);
      instance.data.controller = controller;
      controller.start();
    },
    update(instance, fields) {
      controllerOf(instance)?.configure(fields);
    },
    actions: actionHooks,
  });
}
