/**
 * `npm run ids`: gives every plugin.json entry that has no id the next unused ID, in place.
 * Existing IDs are never touched: Bubble apps reference them, so changing one breaks apps.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { entriesWithIds, type PluginDef } from './plugin-def.js';
import { idAt, indexOfId } from './ids.js';

export function assignIds(def: PluginDef): string[] {
  const entries = entriesWithIds(def);
  let next = Math.max(-1, ...entries.filter((e) => e.entry.id).map((e) => indexOfId(e.entry.id!))) + 1;
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
