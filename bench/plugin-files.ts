/**
 * The built plugin as Bubble sees it: dist/bubble-plugin/ read into a path → text map, and the two
 * elements found by the runtime name their generated code boxes pass (dev/bubble-harness/plugin-model.ts).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type ElementSpec, findElement, findElementAction, headerScripts, loadPluginModel, type PluginModel } from '../dev/bubble-harness/index.js';

export interface BuiltPlugin {
  dir: string;
  files: Map<string, string>;
  model: PluginModel;
  mfa: ElementSpec;
  qr: ElementSpec;
}

function readTree(dir: string, root = dir, out = new Map<string, string>()): Map<string, string> {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) readTree(full, root, out);
    else out.set(relative(root, full).split('\\').join('/'), readFileSync(full, 'utf8'));
  }
  return out;
}

export function loadBuiltPlugin(root: string): BuiltPlugin {
  const dir = join(root, 'dist', 'bubble-plugin');
  const files = readTree(dir);
  const model = loadPluginModel(Object.fromEntries(files));
  return { dir, files, model, mfa: findElement(model, 'supabase_mfa'), qr: findElement(model, 'qr_code') };
}

/** The inline code of an element's header scripts, joined (what the browser evaluates). */
export function headerCode(el: ElementSpec): string {
  const scripts = headerScripts(el.headers);
  if (scripts.some((s) => s.src)) throw new Error(`${el.display}: the header loads an external script; the bench only handles inline ones.`);
  return scripts.map((s) => s.code).join('\n;\n');
}

/** The run.js code box of an element action, by the name the box passes to the runtime. */
export function actionBox(el: ElementSpec, name: string): string {
  return findElementAction(el, name).run;
}
