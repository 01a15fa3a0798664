/**
 * The one global the plugin defines: window.SupabaseMfaBubble. Each runtime script (the QR
 * runtime and the MFA runtime) registers its elements here, and the generated code boxes call
 * run(element, hook, …), which looks the handler up and guards it. The editor preview is not
 * here: each preview code box carries its own small bundle (the editor may not run headers).
 */
import { guard, reportTo } from './guard.js';
import type { BubbleContext, BubbleInstance } from './types.js';
import type { BubbleProperties } from './props.js';
import type { ElementTypes } from '../generated/plugin.js';

export type Hook = (instance: BubbleInstance, properties: BubbleProperties, context: BubbleContext | null) => unknown;

export interface ElementHandlers {
  initialize?: Hook;
  update?: Hook;
  actions?: Record<string, Hook>;
}

export interface RuntimeSettings {
  /** How long a request to Supabase may take before it ends in network_error (default about 25 s). */
  requestTimeoutMs?: number;
}

export interface Registry {
  elements: Record<string, ElementHandlers>;
  /** Page-wide knobs; tests shorten the request timeout here. */
  settings: RuntimeSettings;
  run(element: string, hook: string, instance: BubbleInstance, properties: BubbleProperties, context: BubbleContext | null): void;
}

const GLOBAL = 'SupabaseMfaBubble';

export function registry(): Registry {
  const g = globalThis as unknown as Record<string, Registry | undefined>;
  const existing = g[GLOBAL];
  if (existing) {
    existing.settings ??= {};
    return existing;
  }
  const created: Registry = {
    elements: {},
    settings: {},
    run(element, hook, instance, properties, context) {
      const report = reportTo(context);
      guard(`${element}.${hook}`, report, () => {
        const handlers = created.elements[element];
        const fn = hook.startsWith('action:') ? handlers?.actions?.[hook.slice(7)] : (handlers?.[hook as keyof ElementHandlers] as Hook | undefined);
        if (!fn) {
          report(`Supabase MFA: ${element}.${hook} is not available (the plugin's runtime script for this element did not load).`);
          return undefined;
        }
        return fn(instance, properties, context);
      });
    },
  };
  g[GLOBAL] = created;
  return created;
}

export function registerElement(name: keyof ElementTypes, handlers: ElementHandlers): void {
  registry().elements[name] = handlers;
}
