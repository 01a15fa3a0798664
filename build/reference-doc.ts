/**
 * docs/reference.md (every key, field, action, state, event and return value) is generated from
 * plugin.json; `npm run reference` rewrites it (the build only says when it is stale, it never
 * edits it) and a test fails when it is stale.
 */
import type { FieldDef, PluginDef } from './plugin-def.js';

export const REFERENCE_PATH = 'docs/reference.md';

const HEADER = [
  '# Reference',
  '',
  '<!-- generated from plugin.json by `npm run reference`; do not edit by hand -->',
  '',
  'Every key, element, field, action, state, event and server-side action the plugin declares, with the',
  'docs Bubble shows in its editor. The README has the recipe that puts them together.',
];

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function fieldList(fields: FieldDef[]): string {
  if (!fields.length) return 'no fields';
  return fields.map((f) => `\`${f.name}\`${f.optional || f.editor === 'Checkbox' || f.default !== undefined ? '' : ' (required)'}`).join(', ');
}

export function referenceMarkdown(def: PluginDef): string {
  const out: string[] = [...HEADER, ''];
  out.push('## Plugin keys', '', '| Key | Type | What it is |', '|---|---|---|');
  for (const k of def.keys) out.push(`| ${k.caption} | ${k.type === 'secure' ? 'private (server only)' : 'public'} | ${cell(k.doc)} |`);
  for (const el of def.elements) {
    out.push('', `## Element: ${el.display}`, '', cell(el.doc), '');
    if (el.fields.length) {
      out.push('| Field | Name | Description |', '|---|---|---|');
      for (const f of el.fields) out.push(`| ${f.caption} | \`${f.name}\` | ${cell(f.doc)} |`);
      out.push('');
    }
    if (el.actions.length) {
      out.push(`**Actions** (workflow: "Element actions → ${el.display}")`, '', '| Action | Fields | What it does |', '|---|---|---|');
      for (const a of el.actions) out.push(`| ${a.caption} | ${fieldList(a.fields)} | ${cell(a.doc)} |`);
      out.push('');
    }
    out.push('**States**', '', '| State | Name | Type | Meaning |', '|---|---|---|---|');
    for (const s of el.states) out.push(`| ${s.caption} | \`${s.name}\` | ${s.list ? `list of ${s.type}` : s.type} | ${cell(s.doc)} |`);
    out.push('', '**Events**', '', '| Event | Name | When |', '|---|---|---|');
    for (const e of el.events) out.push(`| ${e.caption} | \`${e.name}\` | ${cell(e.doc)} |`);
  }
  out.push('', '## Server-side actions', '', '| Action | Fields | Returns | What it does |', '|---|---|---|---|');
  for (const sa of def.server_actions) {
    out.push(`| ${sa.display} | ${fieldList(sa.fields)} | ${sa.returns.map((r) => `\`${r.name}\``).join(', ')} | ${cell(sa.doc)} |`);
  }
  return `${out.join('\n')}\n`;
}

/** `npm run reference`: rewrites docs/reference.md from plugin.json. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const { existsSync, readFileSync, writeFileSync } = await import('node:fs');
  const { loadPluginDef } = await import('./plugin-def.js');
  const fresh = referenceMarkdown(loadPluginDef());
  if (existsSync(REFERENCE_PATH) && readFileSync(REFERENCE_PATH, 'utf8') === fresh) console.log(`${REFERENCE_PATH} is up to date`);
  else {
    writeFileSync(REFERENCE_PATH, fresh);
    console.log(`Wrote ${REFERENCE_PATH} from plugin.json`);
  }
}
