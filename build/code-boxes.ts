/**
 * The text of every code box, exactly as Bubble stores it: a whole anonymous function.
 * Element and element-action boxes are one call into the runtime registry (which guards
 * against throwing into Bubble); server-side boxes carry their own bundle.
 */
import type { ElementDef } from './plugin-def.js';
import { SERVER_GLOBAL } from './bundle.js';

const NOTE = '// Supabase MFA for Bubble: generated from plugin.json by `npm run build`. Edit the TypeScript sources, not this box.';

function runtimeCall(element: string, hook: string, props: string, context: string): string {
  const missing = context === 'null'
    ? ''
    : `\n  else if (${context} && ${context}.reportDebugger) ${context}.reportDebugger('Supabase MFA: the plugin runtime did not load on this page.');`;
  return `  var rt = window.SupabaseMfaBubble;\n  if (rt) rt.run(${JSON.stringify(element)}, ${JSON.stringify(hook)}, instance, ${props}, ${context});${missing}`;
}

export function elementBoxes(el: ElementDef): { initialize: string; update: string; preview: string; reset: string } {
  return {
    initialize: `function(instance, context) {\n${NOTE}\n${runtimeCall(el.name, 'initialize', 'null', 'context')}\n}\n`,
    update: `function(instance, properties, context) {\n${NOTE}\n${runtimeCall(el.name, 'update', 'properties', 'context')}\n}\n`,
    preview: `function(instance, properties) {\n${NOTE}\n${runtimeCall(el.name, 'preview', 'properties', 'null')}\n}\n`,
    // has_reset_fn is false; Bubble still keeps the file with its template.
    reset: 'function(instance, context) {\n\n\n\n}\n',
  };
}

export function elementActionBox(el: ElementDef, action: string): string {
  return `function(instance, properties, context) {\n${NOTE}\n${runtimeCall(el.name, `action:${action}`, 'properties', 'context')}\n}\n`;
}

export function stateInitBox(initial: unknown): string {
  // A constant: state initialisation code that reads the element's own properties can cause
  // Bubble's circular dependency error. initialize() publishes the same values.
  return `function(properties, context) {\n  return ${JSON.stringify(initial)};\n}\n`;
}

export function serverActionBox(bundle: string): string {
  return `async function(properties, context) {\n${NOTE}\n${bundle.trim()}\n  return ${SERVER_GLOBAL}.run(properties, context);\n}\n`;
}

/** Bubble's template for the side of an action that is not used. */
export const CLIENT_TEMPLATE = 'function(properties, context) {\n\n\n\n}\n';

export function headerHtml(runtimes: Array<{ name: string; code: string }>): string {
  return runtimes
    .map(({ name, code }) => {
      // Each element type brings its own header; the guard makes a second copy a no-op.
      const guard = `window.SupabaseMfaBubbleLoaded=window.SupabaseMfaBubbleLoaded||{};if(!window.SupabaseMfaBubbleLoaded.${name}){window.SupabaseMfaBubbleLoaded.${name}=1;`;
      return `<script data-supabase-mfa-runtime="${name}">${guard}${code.trim()}}</script>`;
    })
    .join('\n') + '\n';
}
