/**
 * What a Bubble-like page is made of, for any page built on the harness (the harness page, a
 * plugin's own demo page): the plugin's headers for <head>, the plugin files as a script, jQuery,
 * and browser bundles of TypeScript entry points. Node only.
 */
import { build } from 'esbuild';
import type { ElementSpec, PluginFiles, PluginModel } from './plugin-model.js';

export { jquerySourceText } from './jquery.js';

/** JSON that is safe inside an inline <script> (no `</script>`, no line separators). */
export function jsonForScript(v: unknown): string {
  return JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The plugin-wide header and the headers of these element types (in this order), as Bubble puts them in <head>. */
export function headersHtml(model: PluginModel, elements: readonly ElementSpec[]): string {
  return [model.pluginHeader, ...elements.map((e) => e.headers)].join('\n');
}

/** The plugin's files as `window.__BUBBLE_PLUGIN_FILES__` (params and code boxes; the headers are already in <head>). */
export function pluginFilesScript(files: PluginFiles): string {
  const forBrowser = Object.fromEntries(Object.entries(files).filter(([p]) => !p.endsWith('headers.html')));
  return `window.__BUBBLE_PLUGIN_FILES__ = ${jsonForScript(forBrowser)};\n`;
}

const bundles = new Map<string, Promise<string>>();
/** `entry` and what it imports as one classic script (built once per process). */
export function browserBundle(entry: string): Promise<string> {
  let bundle = bundles.get(entry);
  if (!bundle) {
    bundle = build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'chrome110',
      logLevel: 'silent',
      legalComments: 'none',
    }).then((r) => r.outputFiles[0]!.text);
    bundles.set(entry, bundle);
  }
  return bundle;
}
