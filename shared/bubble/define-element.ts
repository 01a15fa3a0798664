/**
 * Typed element hooks. An element is written against its generated types (fields, action
 * properties); defineElement turns it into the raw hooks the registry runs, reading exactly the
 * property names plugin.json declares for each hook (the generated <ELEMENT>_PROPERTY_NAMES).
 * No preview hook: the editor may not run the runtime, so each element's preview is its own
 * script (elements/<element>/preview.ts, bundled into the preview code box).
 */
import type { ElementTypes, PropertyNames } from '../generated/plugin.js';
import { readProps, type BubbleProperties } from './props.js';
import type { ElementHandlers, Hook } from './registry.js';
import type { BubbleContext, BubbleInstance } from './types.js';

type Fields<E extends keyof ElementTypes> = ElementTypes[E]['fields'];
type ActionProps<E extends keyof ElementTypes> = ElementTypes[E]['actions'];

export type ActionHook<P> = (instance: BubbleInstance, props: P, context: BubbleContext | null) => unknown;

export interface ElementDefinition<E extends keyof ElementTypes> {
  initialize?(instance: BubbleInstance, context: BubbleContext | null): void;
  update?(instance: BubbleInstance, fields: Fields<E>, context: BubbleContext | null): void;
  /** One hook per declared action; an element without actions in plugin.json takes none. */
  actions?: [keyof ActionProps<E>] extends [never] ? never : { [A in keyof ActionProps<E>]: ActionHook<ActionProps<E>[A]> };
}

export function defineElement<E extends keyof ElementTypes>(names: PropertyNames<E>, def: ElementDefinition<E>): ElementHandlers {
  const fieldsOf = (properties: BubbleProperties) => readProps<Fields<E>>(properties, names.fields as ReadonlyArray<keyof Fields<E>>);
  const handlers: ElementHandlers = {};
  if (def.initialize) handlers.initialize = (instance, _properties, context) => def.initialize!(instance, context);
  if (def.update) handlers.update = (instance, properties, context) => def.update!(instance, fieldsOf(properties), context);
  if (def.actions) {
    const actions: Record<string, Hook> = {};
    const actionNames = names.actions as Record<string, ReadonlyArray<string>>;
    // Inside this generic function the per-action types are erased; each hook still receives
    // exactly its declared properties, read by the generated names.
    const hooks = def.actions as unknown as Record<string, ActionHook<Record<string, unknown>>>;
    for (const [action, hook] of Object.entries(hooks)) {
      const declared = actionNames[action];
      if (!declared) continue; // not in plugin.json: Bubble has no box that could call it
      actions[action] = (instance, properties, context) => hook(instance, readProps<Record<string, unknown>>(properties, declared), context);
    }
    handlers.actions = actions;
  }
  return handlers;
}
