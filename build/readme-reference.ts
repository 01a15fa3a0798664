/**
 * The README's reference section (every action, state and event) is generated from plugin.json
 * and kept between two markers; `npm run readme` refreshes it (the build only says when it is
 * stale, it never edits the README) and a test fails when it is stale.
 */
import type { FieldDef, PluginDef } from './plugin-def.js';

export const START = '<!-- reference:start (generated from plugin.json by `npm run readme`; do not edit by hand) -->';
export const END = '<!-- reference:end -->';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function fieldList(fields: FieldDef[]): string {
  if (!fields.length) return 'no fields';
  return fields.map((f) => `\`${f.name}\`${f.optional || f.editor === 'Checkbox' || f.default !== undefined ? '' : ' (required)'}`).join(', ');
}

export function referenceMarkdown(def: PluginDef): string {
  const out: string[] = [START, ''];
  out.push('### Plugin keys', '', '| Key | Type | What it is |', '|---|---|---|');
  for (const k of def.keys) out.push(`| ${k.caption} | ${k.type === 'secure' ? 'private (server only)' : 'public'} | ${cell(k.doc)} |`);
  for (const el of def.elements) {
    out.push('', `### Element: ${el.display}`, '', cell(el.doc), '');
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
  out.push('', '### Server-side actions', '', '| Action | Fields | Returns | What it does |', '|---|---|---|---|');
  for (const sa of def.server_actions) {
    out.push(`| ${sa.display} | ${fieldList(sa.fields)} | ${sa.returns.map((r) => `\`${r.name}\``).join(', ')} | ${cell(sa.doc)} |`);
  }
  out.push('', END);
  return out.join('\n');
}

/** Replaces the section between the markers; throws if the README has no markers. */
export function withReference(readme: string, def: PluginDef): string {
  const a = readme.indexOf('<!-- reference:start');
  const b = readme.indexOf(END);
  if (a < 0 || b < 0) throw new Error('README.md has no reference markers');
  return readme.slice(0, a) + referenceMarkdown(def) + readme.slice(b + END.length);
}

/** `npm run readme`: rewrites the reference section of README.md from plugin.json. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const { readFileSync, writeFileSync } = await import('node:fs');
  const { loadPluginDef } = await import('./plugin-def.js');
  const readme = readFileSync('README.md', 'utf8');
  const refreshed = withReference(readme, loadPluginDef());
  if (refreshed === readme) console.log('README.md reference section is up to date');
  else {
    writeFileSync('README.md', refreshed);
    console.log('Refreshed the reference section of README.md from plugin.json');
  }
}
