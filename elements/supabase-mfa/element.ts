/**
 * Bubble's hooks for the Supabase MFA element. The controller lives in instance.data (Bubble
 * keeps it for the element's life); hooks read every property first, synchronously, so a
 * 'not ready' from Bubble surfaces before any work starts.
 */
import { ElementView } from '../../shared/bubble/element-view.js';
import { readProps } from '../../shared/bubble/props.js';
import { reportTo } from '../../shared/bubble/guard.js';
import type { BubbleContext, BubbleInstance } from '../../shared/bubble/types.js';
import type { ElementHandlers, Hook } from '../../shared/bubble/registry.js';
import type { QrPreparer } from '../../actions/enroll-factor.js';
import type { SupabaseMfaActionProps, SupabaseMfaFields } from '../../shared/generated/plugin.js';
import { MfaController, type ControllerOptions } from './controller.js';
import { mfaActions, type MfaAction } from './actions.js';

const FIELD_NAMES: ReadonlyArray<keyof SupabaseMfaFields> = ['supabase_url', 'anon_key', 'storage_key', 'totp_issuer'];

/** Field names per action, so each action reads exactly its declared properties. */
const ACTION_FIELDS: { [K in keyof SupabaseMfaActionProps]: ReadonlyArray<keyof SupabaseMfaActionProps[K]> } = {
  enroll_factor: ['factor_type', 'friendly_name', 'phone', 'issuer', 'replace_unverified'],
  create_challenge: ['factor_id', 'channel'],
  verify_challenge: ['code', 'factor_id', 'challenge_id'],
  challenge_and_verify: ['code', 'factor_id'],
  unenroll_factor: ['factor_id'],
  get_assurance_level: [],
  list_factors: [],
  sign_in: ['email', 'password'],
  set_session: ['access_token', 'refresh_token'],
  sign_out: ['scope'],
  clear_enrollment: [],
};

function controllerOf(instance: BubbleInstance): MfaController | undefined {
  return instance.data.controller as MfaController | undefined;
}

export function supabaseMfaElement(prepareQr: () => QrPreparer, options: ControllerOptions = {}): ElementHandlers {
  const actions = mfaActions(prepareQr);
  const actionHooks: Record<string, Hook> = {};
  for (const name of Object.keys(actions) as Array<keyof SupabaseMfaActionProps>) {
    actionHooks[name] = (instance, properties, context) => {
      const props = readProps(properties as never, ACTION_FIELDS[name] as never);
      const controller = controllerOf(instance);
      if (!controller) {
        // Bubble runs initialize first; if it has not, there are no states to report into.
        reportTo(context)(`Supabase MFA: ${name} ran before the element was initialized; nothing was sent.`);
        return undefined;
      }
      return (actions[name] as MfaAction<typeof name>)(controller, props);
    };
  }
  return {
    initialize(instance, _properties, context) {
      const controller = new MfaController(new ElementView(instance), context as BubbleContext, options);
      instance.data.controller = controller;
      controller.start();
    },
    update(instance, properties) {
      const fields = readProps(properties as unknown as SupabaseMfaFields, FIELD_NAMES);
      controllerOf(instance)?.configure(fields);
    },
    preview(instance) {
      // Non-visual: Bubble shows the element's icon in the editor; nothing to draw.
      void instance;
    },
    actions: actionHooks,
  };
}
