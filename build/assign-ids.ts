/**
 * `npm run ids`: gives every plugin.json entry that has no id the next unused ID, in place.
 * Existing IDs are never touched: Bubble apps reference them, so changing one breaks apps.
 * New IDs come from the plugin's own range (zAA, zAB, …), which Bubble's editor never hands out.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { entriesWithIds, type PluginDef } from './plugin-def.js';
import { idAt, indexOfId, PLUGIN_ID_FIRST, PLUGIN_ID_PATTERN } from './ids.js';

export function assignIds(def: PluginDef): string[] {
  const entries = entriesWithIds(def);
  // Next after the highest ID already in the plugin's range (see build/ids.ts), never reused.
  const ours = entries.map((e) => e.entry.id).filter((id): id is string => !!id && PLUGIN_ID_PATTERN.test(id));
  let next = Math.max(indexOfId(PLUGIN_ID_FIRST) - 1, ...ours.map(indexOfId)) + 1;
  const assigned: string[] = [];
  for (const { path, entry } of entries) {
    if (entry.id) continue;
    // Put id first so the file reads naturally.
    const copy = { ...entry };
    for (const k of Object.keys(entry)) delete (entry as Record<string, unknown>)[k];
    Object.assign(entry, { id: idAt(next++) }, copy);
    assigned.push(`${entry.id} ${path}`);
  }
  return assigned;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const def = JSON.parse(readFileSync('plugin.json', 'utf8')) as PluginDef;
  const assigned = assignIds(def);
  writeFileSync('plugin.json', `${JSON.stringify(def, null, 2)}\n`);
  console.log(assigned.length ? assigned.join('\n') : 'every entry already has an id');
}
