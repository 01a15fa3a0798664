/**
 * Bubble's on-disk plugin format (what its GitHub sync reads and writes), derived from the
 * plugin definition and the bundles, with Bubble's own habits (docs/bubble-format.md): sorted
 * JSON with 4-space indent and no final newline, `doc` only where Bubble has one, no empty
 * files or objects it would not write. Returns path → file text; writing is the caller's job,
 * which keeps this testable.
 */
import type { ElementDef, FieldDef, PluginDef, ReturnDef } from './plugin-def.js';
import type { Bundles } from './bundle.js';
import { folderName } from './ids.js';
import { initialStateValue } from './state-values.js';
import { CLIENT_TEMPLATE, elementActionBox, elementBoxes, serverActionBox, stateInitBox } from './code-boxes.js';
import { bubbleJson as json } from './bubble-json.js';
import { elementHeader, type Delivery, type RuntimeFile } from './runtime-delivery.js';

/** The Node.js version Bubble runs server-side actions on (18 and 22 are offered). */
export const SA_NODE_VERSION = 22;

function bubbleField(f: FieldDef, rank: number): Record<string, unknown> {
  const out: Record<string, unknown> = { caption: f.caption, name: f.name, editor: f.editor, rank, doc: f.doc };
  if (f.editor === 'DynamicValue') out.value = f.type;
  if (f.optional) out.optional = true;
  if (f.options) out.options = f.options.join(',');
  if (f.default !== undefined) out.default_val = f.default;
  return out;
}

function fieldsById(fields: FieldDef[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f, rank) => [f.id, bubbleField(f, rank)]));
}

function elementParams(el: ElementDef): Record<string, unknown> {
  return {
    display: el.display,
    category: el.category,
    icon: el.icon,
    default_dim: { height: el.default_size.height, width: el.default_size.width },
    add_is_visible: el.visible,
    has_reset_fn: false,
    can_fit_height: false,
    can_fit_width: false,
    property_applications: el.visible
      ? { Background: true, Border: true, BoxShadow: true, MinWidth: true, Padding: true, resizable: true }
      : { resizable: false },
    // No top-level doc: Bubble has none for an element (plugin.json's doc feeds the README).
    fields: fieldsById(el.fields),
    states: Object.fromEntries(
      el.states.map((s) => [
        s.id,
        {
          caption: s.caption,
          name: s.name,
          value: s.type,
          ...(s.list ? { is_list: true } : {}),
          doc: s.doc,
          initialization_code: { fn: stateInitBox(initialStateValue(s)) },
        },
      ]),
    ),
    events: Object.fromEntries(el.events.map((e) => [e.id, { caption: e.caption, name: e.name, doc: e.doc }])),
  };
}

function returnValues(returns: ReturnDef[]): Record<string, unknown> {
  return Object.fromEntries(returns.map((r, rank) => [r.id, { caption: r.caption, name: r.name, rank, value: r.type, ...(r.list ? { is_list: true } : {}) }]));
}

export interface LayoutOptions {
  delivery: Delivery;
  /** The hosted runtime files (headers point at them in hosted mode). */
  runtimeFiles: RuntimeFile[];
}

export function bubbleLayout(def: PluginDef, bundles: Bundles, opts: LayoutOptions = { delivery: { mode: 'inline' }, runtimeFiles: [] }): Map<string, string> {
  const files = new Map<string, string>();
  files.set(
    'meta_data.json',
    json({
      name: def.name,
      description: def.description,
      // Bubble writes the categories as an object keyed "0", "1", …
      categories: Object.fromEntries(def.categories.map((c, i) => [String(i), c])),
      license: def.license,
      instructions: def.instructions,
      plugin_instructions: def.instructions,
      sa_node_version: SA_NODE_VERSION,
      // No version: versions live in Bubble's Version tab, not in synced files.
    }),
  );
  files.set(
    'shared_tech_params.json',
    json({
      // `assets` only when the Shared tab has uploads (hosted runtime uploaded there): Bubble
      // never writes it empty, and pushing the plugin without it would drop the uploads.
      ...(opts.delivery.mode === 'hosted' && opts.delivery.assets && Object.keys(opts.delivery.assets).length ? { assets: opts.delivery.assets } : {}),
      dependencies: { plugin_api_version: '4', use_jquery: false },
      shared_keys: Object.fromEntries(def.keys.map((k) => [k.id, { caption: k.caption, type: k.type }])),
    }),
  );
  // No html_headers.html: nothing plugin-wide (pages without our elements load nothing), and
  // Bubble never writes the file empty.

  for (const el of def.elements) {
    const dir = `elements/${folderName(el.id)}`;
    files.set(`${dir}/params.json`, json(elementParams(el)));
    const boxes = elementBoxes(el, bundles.previews[el.name]);
    for (const [name, text] of Object.entries(boxes)) files.set(`${dir}/${name}.js`, text);
    files.set(`${dir}/headers.html`, elementHeader(el, bundles, opts.delivery, opts.runtimeFiles));
    for (const s of el.states) files.set(`${dir}/states/${folderName(s.id)}/initialization.js`, stateInitBox(initialStateValue(s)));
    for (const a of el.actions) {
      const adir = `${dir}/element_actions/${folderName(a.id)}`;
      // Bubble drops "fields" from an element action that has none.
      files.set(`${adir}/params.json`, json({ caption: a.caption, doc: a.doc, ...(a.fields.length ? { fields: fieldsById(a.fields) } : {}) }));
      files.set(`${adir}/run.js`, elementActionBox(el, a.name));
    }
  }

  for (const sa of def.server_actions) {
    const dir = `actions/${folderName(sa.id)}`;
    files.set(
      `${dir}/params.json`,
      json({
        category: sa.category,
        display: sa.display,
        type: 'server_side',
        // No top-level doc: Bubble has none for a plugin action.
        fields: fieldsById(sa.fields),
        return_value: returnValues(sa.returns),
        use_packages: false,
      }),
    );
    files.set(`${dir}/client.js`, CLIENT_TEMPLATE);
    files.set(`${dir}/server.js`, serverActionBox(bundles.server[sa.name]!));
  }
  return files;
}
