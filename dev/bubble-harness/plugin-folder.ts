/**
 * The built plugin on disk (Bubble's GitHub-sync layout): where it is and its files as the map
 * plugin-model.ts reads. Node only.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPluginModel, type PluginFiles, type PluginModel } from './plugin-model.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The built plugin the tests load; BUBBLE_PLUGIN_DIR points them at another build (e.g. a patched copy). */
export const DIST_DIR = process.env.BUBBLE_PLUGIN_DIR ? resolve(process.env.BUBBLE_PLUGIN_DIR) : join(ROOT, 'dist', 'bubble-plugin');

/** Every file of a plugin folder, by path relative to it. */
export function readPluginFiles(dir = DIST_DIR): PluginFiles {
  if (!existsSync(join(dir, 'meta_data.json'))) {
    throw new Error(`${relative(ROOT, dir) || dir} has no built plugin: run \`npm run build\` first`);
  }
  const files: PluginFiles = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[relative(dir, full).split('\\').join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return files;
}

let cachedModel: { dir: string; model: PluginModel } | undefined;
/** The model of a plugin folder (cached for the last folder read). */
export function distModel(dir = DIST_DIR): PluginModel {
  if (cachedModel?.dir !== dir) cachedModel = { dir, model: loadPluginModel(readPluginFiles(dir)) };
  return cachedModel.model;
}
