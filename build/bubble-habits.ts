/**
 * Checks a generated layout against what Bubble's own GitHub sync writes (docs/bubble-format.md).
 * The build refuses output that breaks one of these habits: such a plugin either confuses
 * Bubble or changes on the first sync round trip. Returns readable problems; empty means fine.
 */
import { bubbleJson } from './bubble-json.js';
import { folderSuffix, PLUGIN_ID_PATTERN } from './ids.js';
import type { PluginDef } from './plugin-def.js';

export const LICENSES = ['open_source', 'private', 'commercial'];
export const ELEMENT_CATEGORIES = ['visual elements', 'input forms', 'containers'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

function checkFields(path: string, fields: unknown, problems: string[]): void {
  if (!isObj(fields)) return;
  for (const [id, f] of Object.entries(fields)) {
    if (!isObj(f) || !('default_val' in f)) continue;
    const numeric = f.editor === 'StaticNumber' || (f.editor === 'DynamicValue' && f.value === 'number');
    const boolean = f.editor === 'Checkbox' || (f.editor === 'DynamicValue' && f.value === 'boolean');
    const want = numeric ? 'number' : boolean ? 'boolean' : 'string';
    if (typeof f.default_val !== want) problems.push(`${path}: field ${id} has default_val ${JSON.stringify(f.default_val)}; Bubble writes a ${want}`);
  }
}

export function bubbleHabitProblems(files: Map<string, string>, def: PluginDef): string[] {
  const problems: string[] = [];
  for (const [path, text] of files) {
    // Folder names: <ID>-<suffix>, IDs from the plugin's own range.
    for (const seg of path.split('/').slice(0, -1)) {
      const m = /^([A-Za-z]{3})-([0-9a-z]+)$/.exec(seg);
      if (!m) continue;
      if (!PLUGIN_ID_PATTERN.test(m[1]!)) problems.push(`${path}: ID ${m[1]} is outside the plugin's range (zAA…)`);
      if (folderSuffix(m[1]!) !== m[2]) problems.push(`${path}: folder suffix ${m[2]} is not the one Bubble derives from ${m[1]}`);
    }
    if (!text.length) problems.push(`${path} is empty; Bubble does not write empty files`);
    if (!path.endsWith('.json')) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      problems.push(`${path} is not JSON`);
      continue;
    }
    if (bubbleJson(value) !== text) problems.push(`${path} is not formatted like Bubble's JSON (sorted keys, 4-space indent, no final newline)`);
    if (!isObj(value)) continue;
    if (path === 'meta_data.json') {
      if (!LICENSES.includes(value.license as string))
        problems.push(`meta_data.json: license ${JSON.stringify(value.license)} is not one of ${LICENSES.join(', ')}`);
      const cats = value.categories;
      if (!isObj(cats) || Object.keys(cats).some((k, i) => k !== String(i))) problems.push('meta_data.json: categories must be an object keyed "0", "1", …');
      if ('version' in value) problems.push('meta_data.json: Bubble writes no version (versions live in its Version tab)');
    } else if (path === 'shared_tech_params.json') {
      if (isObj(value.assets) && !Object.keys(value.assets).length) problems.push('shared_tech_params.json: Bubble writes no empty assets object');
      for (const [id, k] of Object.entries(isObj(value.shared_keys) ? value.shared_keys : {})) {
        if (isObj(k) && 'doc' in k) problems.push(`shared_tech_params.json: key ${id} has a doc; Bubble writes none on keys`);
      }
    } else if (/^elements\/[^/]+\/params\.json$/.test(path)) {
      if (!ELEMENT_CATEGORIES.includes(value.category as string))
        problems.push(`${path}: category ${JSON.stringify(value.category)} is not one of ${ELEMENT_CATEGORIES.join(', ')}`);
      if ('doc' in value) problems.push(`${path}: Bubble writes no doc at the top of an element`);
      checkFields(path, value.fields, problems);
    } else if (/\/element_actions\/[^/]+\/params\.json$/.test(path)) {
      if (isObj(value.fields) && !Object.keys(value.fields).length) problems.push(`${path}: Bubble drops "fields": {} from element actions`);
      checkFields(path, value.fields, problems);
    } else if (/^actions\/[^/]+\/params\.json$/.test(path)) {
      if ('doc' in value) problems.push(`${path}: Bubble writes no doc at the top of a plugin action`);
      checkFields(path, value.fields, problems);
      for (const [id, r] of Object.entries(isObj(value.return_value) ? value.return_value : {})) {
        if (isObj(r) && 'doc' in r) problems.push(`${path}: return value ${id} has a doc; Bubble writes none on return values`);
      }
    }
  }
  const header = files.get('html_headers.html');
  if (header !== undefined && !header.trim()) problems.push('html_headers.html is empty; Bubble does not write it empty');
  problems.push(...secureCaptionLeaks(browserTexts(files), def));
  return problems;
}

/** Files that reach a browser: element files and the plugin-wide header. */
export function browserTexts(files: Map<string, string>): Map<string, string> {
  return new Map([...files].filter(([p]) => p.startsWith('elements/') || p === 'html_headers.html'));
}

/** A secure key's caption is how server code reads it; browser code has no reason to carry it. */
export function secureCaptionLeaks(texts: Map<string, string>, def: PluginDef): string[] {
  const problems: string[] = [];
  for (const k of def.keys.filter((k) => k.type === 'secure')) {
    for (const [path, text] of texts) if (text.includes(k.caption)) problems.push(`${path} contains the secure key's caption "${k.caption}"`);
  }
  return problems;
}
