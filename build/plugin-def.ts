/**
 * Loads plugin.json, the one definition of everything Bubble sees, and checks it twice:
 * against plugin.schema.json (shape) and against rules a schema cannot express
 * (IDs unique across the plugin, names unique per scope, defaults among the options).
 * Every later build step trusts the PluginDef this returns.
 */
import { readFileSync } from 'node:fs';
import AjvModule from 'ajv';
import { PLUGIN_ID_PATTERN } from './ids.js';

export type ValueType = 'text' | 'number' | 'boolean' | 'date' | 'image';
export type Editor = 'DynamicValue' | 'StaticText' | 'StaticNumber' | 'Checkbox' | 'Dropdown' | 'Color';

export interface FieldDef {
  id: string;
  name: string;
  caption: string;
  doc: string;
  editor: Editor;
  type?: ValueType;
  optional?: boolean;
  default?: string | boolean | number;
  options?: string[];
}
export interface StateDef {
  id: string;
  name: string;
  caption: string;
  doc: string;
  type: ValueType;
  list?: boolean;
}
export interface EventDef {
  id: string;
  name: string;
  caption: string;
  doc: string;
}
export interface ElementActionDef {
  id: string;
  name: string;
  caption: string;
  doc: string;
  fields: FieldDef[];
}
export interface KeyDef {
  id: string;
  name: string;
  caption: string;
  doc: string;
  type: 'client_safe' | 'secure';
}
export interface ElementDef {
  id: string;
  name: string;
  /** entries/<runtime>-runtime.ts */
  runtime: string;
  display: string;
  category: 'visual elements' | 'input forms' | 'containers';
  icon: string;
  visible: boolean;
  default_size: { width: number; height: number };
  doc: string;
  fields: FieldDef[];
  states: StateDef[];
  events: EventDef[];
  actions: ElementActionDef[];
}
export interface ReturnDef {
  id: string;
  name: string;
  caption: string;
  type: ValueType;
  list?: boolean;
}
export interface ServerActionDef {
  id: string;
  name: string;
  display: string;
  category: string;
  doc: string;
  fields: FieldDef[];
  returns: ReturnDef[];
}
export interface PluginDef {
  name: string;
  description: string;
  categories: string[];
  license: 'open_source' | 'private' | 'commercial';
  instructions: string;
  keys: KeyDef[];
  elements: ElementDef[];
  server_actions: ServerActionDef[];
}

export class PluginDefError extends Error {
  constructor(readonly problems: string[]) {
    super(`plugin.json is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Every entry that carries an ID, with a readable path for error messages. */
export function entriesWithIds(def: PluginDef): Array<{ path: string; entry: { id?: string } }> {
  const out: Array<{ path: string; entry: { id?: string } }> = [];
  def.keys.forEach((k) => {
    out.push({ path: `keys.${k.name}`, entry: k });
  });
  for (const el of def.elements) {
    out.push({ path: `elements.${el.name}`, entry: el });
    el.fields.forEach((f) => {
      out.push({ path: `elements.${el.name}.fields.${f.name}`, entry: f });
    });
    el.states.forEach((s) => {
      out.push({ path: `elements.${el.name}.states.${s.name}`, entry: s });
    });
    el.events.forEach((e) => {
      out.push({ path: `elements.${el.name}.events.${e.name}`, entry: e });
    });
    for (const a of el.actions) {
      out.push({ path: `elements.${el.name}.actions.${a.name}`, entry: a });
      a.fields.forEach((f) => {
        out.push({ path: `elements.${el.name}.actions.${a.name}.fields.${f.name}`, entry: f });
      });
    }
  }
  for (const sa of def.server_actions) {
    out.push({ path: `server_actions.${sa.name}`, entry: sa });
    sa.fields.forEach((f) => {
      out.push({ path: `server_actions.${sa.name}.fields.${f.name}`, entry: f });
    });
    sa.returns.forEach((r) => {
      out.push({ path: `server_actions.${sa.name}.returns.${r.name}`, entry: r });
    });
  }
  return out;
}

function duplicates(names: string[]): string[] {
  return [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
}

/** Rules beyond the schema. Returns human-readable problems; empty means valid. */
export function semanticProblems(def: PluginDef): string[] {
  const problems: string[] = [];
  const withIds = entriesWithIds(def);
  for (const { path, entry } of withIds) {
    if (!entry.id) problems.push(`${path} has no id (run \`npm run ids\`)`);
    else if (!PLUGIN_ID_PATTERN.test(entry.id)) {
      problems.push(
        `${path}: id ${entry.id} is outside the plugin's range zAA…zzz, where Bubble's editor can hand it out too (remove it and run \`npm run ids\`)`,
      );
    }
  }
  for (const id of duplicates(withIds.map((e) => e.entry.id).filter((id): id is string => !!id))) {
    problems.push(
      `id ${id} is used more than once: ${withIds
        .filter((e) => e.entry.id === id)
        .map((e) => e.path)
        .join(', ')}`,
    );
  }
  const scope = (label: string, names: string[]) => duplicates(names).forEach((n) => problems.push(`${label}: name "${n}" is declared twice`));
  const topLevel: Array<[string, string[]]> = [
    ['keys', def.keys.map((k) => k.name)],
    ['keys (captions, which Bubble uses as context.keys names)', def.keys.map((k) => k.caption)],
    ['elements', def.elements.map((e) => e.name)],
    ['server_actions', def.server_actions.map((a) => a.name)],
  ];
  for (const [label, names] of topLevel) scope(label, names);
  const checkFields = (label: string, fields: FieldDef[]) => {
    scope(
      `${label}.fields`,
      fields.map((f) => f.name),
    );
    for (const f of fields) {
      if (f.editor === 'Dropdown' && f.default !== undefined && !f.options?.includes(String(f.default))) {
        problems.push(`${label}.fields.${f.name}: default "${f.default}" is not one of its options`);
      }
      if (f.options && f.editor !== 'Dropdown') problems.push(`${label}.fields.${f.name}: options need editor Dropdown`);
    }
  };
  for (const el of def.elements) {
    checkFields(`elements.${el.name}`, el.fields);
    scope(
      `elements.${el.name}.states`,
      el.states.map((s) => s.name),
    );
    scope(
      `elements.${el.name}.events`,
      el.events.map((e) => e.name),
    );
    scope(
      `elements.${el.name}.actions`,
      el.actions.map((a) => a.name),
    );
    el.actions.forEach((a) => checkFields(`elements.${el.name}.actions.${a.name}`, a.fields));
  }
  for (const sa of def.server_actions) {
    checkFields(`server_actions.${sa.name}`, sa.fields);
    scope(
      `server_actions.${sa.name}.returns`,
      sa.returns.map((r) => r.name),
    );
  }
  return problems;
}

export function validatePluginDef(raw: unknown, schema: object): PluginDef {
  // ajv ships CommonJS; under ESM its class sits on .default.
  const Ajv = (AjvModule as unknown as { default: typeof AjvModule }).default ?? AjvModule;
  const ajv = new (
    Ajv as unknown as new (
      o: object,
    ) => { compile: (s: object) => ((d: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string }> | null } }
  )({ allErrors: true, allowUnionTypes: true });
  const validate = ajv.compile(schema);
  if (!validate(raw)) {
    throw new PluginDefError((validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`));
  }
  const def = raw as PluginDef;
  const problems = semanticProblems(def);
  if (problems.length) throw new PluginDefError(problems);
  return def;
}

export function loadPluginDef(path = 'plugin.json', schemaPath = 'plugin.schema.json'): PluginDef {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new PluginDefError([`${path} is not readable JSON: ${(e as Error).message}`]);
  }
  return validatePluginDef(raw, JSON.parse(readFileSync(schemaPath, 'utf8')));
}
