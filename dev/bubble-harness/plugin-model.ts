/**
 * Reads a Bubble plugin in Bubble's on-disk (GitHub sync) layout, given as a map of relative
 * path → file text, into the model the harness runs. Environment-agnostic: the Node glue reads
 * the map from dist/bubble-plugin/, the browser glue receives it as JSON from the page server.
 * Nothing here reads plugin.json: the harness sees exactly what Bubble would see.
 */

export type PluginFiles = Record<string, string>;

export interface FieldSpec {
  id: string;
  caption: string;
  name: string;
  editor: string;
  rank: number;
  /** DynamicValue type: text, number, boolean, date, image, file … */
  value?: string;
  optional?: boolean;
  default_val?: unknown;
  /** Dropdown options, comma-separated as Bubble stores them. */
  options?: string;
  is_list?: boolean;
}

export interface StateSpec {
  id: string;
  caption: string;
  name: string;
  value: string;
  is_list: boolean;
  /** The state initialization code box (states/<SID>/initialization.js). */
  initialization: string;
  /** The same code as stored in params.json (initialization_code.fn). */
  initializationInParams: string | null;
}

export interface EventSpec {
  id: string;
  caption: string;
  name: string;
}

export interface ElementActionSpec {
  id: string;
  dir: string;
  caption: string;
  fields: FieldSpec[];
  run: string;
  /** See runtimeAlias. */
  alias: string | null;
}

export interface ElementSpec {
  id: string;
  dir: string;
  display: string;
  /** See runtimeAlias. */
  alias: string | null;
  addIsVisible: boolean;
  hasResetFn: boolean;
  defaultDim: { width: number; height: number };
  fields: FieldSpec[];
  states: StateSpec[];
  events: EventSpec[];
  actions: ElementActionSpec[];
  boxes: { initialize: string; update: string; preview: string; reset: string | null };
  headers: string;
  params: Record<string, unknown>;
}

export interface ReturnSpec {
  id: string;
  caption: string;
  name: string;
  rank: number;
  value: string;
  is_list: boolean;
}

export interface ServerActionSpec {
  id: string;
  dir: string;
  display: string;
  type: 'server_side' | 'client_side';
  fields: FieldSpec[];
  returns: ReturnSpec[];
  server: string;
  client: string;
  usesPackages: boolean;
}

export interface KeySpec {
  id: string;
  caption: string;
  type: 'secure' | 'client_safe';
}

export interface PluginModel {
  meta: Record<string, unknown>;
  pluginApiVersion: string;
  keys: KeySpec[];
  pluginHeader: string;
  elements: ElementSpec[];
  serverActions: ServerActionSpec[];
}

export class PluginFormatError extends Error {
  override readonly name = 'PluginFormatError';
}

function need(files: PluginFiles, path: string): string {
  const text = files[path];
  if (text === undefined) throw new PluginFormatError(`missing file ${path}`);
  return text;
}

function json<T = Record<string, unknown>>(files: PluginFiles, path: string): T {
  try {
    return JSON.parse(need(files, path)) as T;
  } catch (e) {
    if (e instanceof PluginFormatError) throw e;
    throw new PluginFormatError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
}

/** `AAD-850ma` → `AAD`. */
function idOf(folder: string): string {
  const id = folder.split('-')[0];
  if (!id) throw new PluginFormatError(`folder ${folder} has no ID`);
  return id;
}

/** Immediate sub-folders of `prefix` (e.g. 'elements/') found in the file map. */
function folders(files: PluginFiles, prefix: string): string[] {
  const out = new Set<string>();
  for (const path of Object.keys(files)) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash > 0) out.add(rest.slice(0, slash));
  }
  return [...out].sort();
}

function fieldsOf(raw: unknown): FieldSpec[] {
  if (!raw || typeof raw !== 'object') return [];
  return Object.entries(raw as Record<string, Record<string, unknown>>)
    .map(([id, f]) => ({ id, ...f }) as unknown as FieldSpec)
    .sort((a, b) => a.rank - b.rank);
}

export function loadPluginModel(files: PluginFiles): PluginModel {
  const meta = json(files, 'meta_data.json');
  const tech = json<{ dependencies?: { plugin_api_version?: string }; shared_keys?: Record<string, { caption: string; type: KeySpec['type'] }> }>(
    files,
    'shared_tech_params.json',
  );
  const keys = Object.entries(tech.shared_keys ?? {}).map(([id, k]) => ({ id, caption: k.caption, type: k.type }));

  const elements: ElementSpec[] = folders(files, 'elements/').map((folder) => {
    const dir = `elements/${folder}`;
    const p = json(files, `${dir}/params.json`);
    const states = Object.entries((p.states ?? {}) as Record<string, Record<string, unknown>>).map(([sid, s]) => {
      const stateFolder = folders(files, `${dir}/states/`).find((f) => idOf(f) === sid);
      if (!stateFolder) throw new PluginFormatError(`${dir}: state ${sid} has no states/${sid}-…/initialization.js`);
      return {
        id: sid,
        caption: String(s.caption),
        name: String(s.name),
        value: String(s.value),
        is_list: s.is_list === true,
        initialization: need(files, `${dir}/states/${stateFolder}/initialization.js`),
        initializationInParams: (s.initialization_code as { fn?: string } | undefined)?.fn ?? null,
      };
    });
    const events = Object.entries((p.events ?? {}) as Record<string, Record<string, unknown>>).map(([eid, e]) => ({
      id: eid,
      caption: String(e.caption),
      name: String(e.name),
    }));
    const actions = folders(files, `${dir}/element_actions/`).map((af) => {
      const adir = `${dir}/element_actions/${af}`;
      const ap = json(files, `${adir}/params.json`);
      const run = need(files, `${adir}/run.js`);
      return { id: idOf(af), dir: adir, caption: String(ap.caption), fields: fieldsOf(ap.fields), run, alias: runtimeAlias(run, 'action') };
    });
    const dim = (p.default_dim ?? {}) as { width?: number; height?: number };
    const initialize = need(files, `${dir}/initialize.js`);
    return {
      id: idOf(folder),
      dir,
      display: String(p.display),
      alias: runtimeAlias(initialize, 'element'),
      addIsVisible: p.add_is_visible !== false,
      hasResetFn: p.has_reset_fn === true,
      defaultDim: { width: dim.width ?? 100, height: dim.height ?? 100 },
      fields: fieldsOf(p.fields),
      states,
      events,
      actions,
      boxes: {
        initialize,
        update: need(files, `${dir}/update.js`),
        preview: need(files, `${dir}/preview.js`),
        reset: files[`${dir}/reset.js`] ?? null,
      },
      headers: files[`${dir}/headers.html`] ?? '',
      params: p,
    };
  });

  const serverActions: ServerActionSpec[] = folders(files, 'actions/').map((folder) => {
    const dir = `actions/${folder}`;
    const p = json(files, `${dir}/params.json`);
    const returns = Object.entries((p.return_value ?? {}) as Record<string, Record<string, unknown>>)
      .map(([rid, r]) => ({
        id: rid,
        caption: String(r.caption),
        name: String(r.name),
        rank: Number(r.rank ?? 0),
        value: String(r.value),
        is_list: r.is_list === true,
      }))
      .sort((a, b) => a.rank - b.rank);
    return {
      id: idOf(folder),
      dir,
      display: String(p.display),
      type: p.type === 'server_side' ? 'server_side' : 'client_side',
      fields: fieldsOf(p.fields),
      returns,
      server: need(files, `${dir}/server.js`),
      client: need(files, `${dir}/client.js`),
      usesPackages: p.use_packages === true,
    };
  });

  return {
    meta,
    pluginApiVersion: String(tech.dependencies?.plugin_api_version ?? ''),
    keys,
    pluginHeader: files['html_headers.html'] ?? '',
    elements,
    serverActions,
  };
}

/** The inline scripts of a header, in order. Only <script>, <meta>, <link> are valid in a header. */
export function headerScripts(html: string): Array<{ attrs: string; code: string; src: string | null }> {
  const out: Array<{ attrs: string; code: string; src: string | null }> = [];
  const re = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
  let m: RegExpExecArray | null;
  for (m = re.exec(html); m; m = re.exec(html)) {
    const attrs = m[1] ?? '';
    const src = /\bsrc\s*=\s*["']([^"']+)["']/i.exec(attrs)?.[1] ?? null;
    out.push({ attrs, code: m[2] ?? '', src });
  }
  return out;
}

const norm = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

/** An element by ID, display name, its snake_case display name or its runtime alias. */
export function findElement(model: PluginModel, ref: string): ElementSpec {
  const el = model.elements.find((e) => e.id === ref || e.display === ref || norm(e.display) === norm(ref) || e.alias === ref);
  if (!el) throw new Error(`no element "${ref}" in the plugin (have: ${model.elements.map((e) => `${e.id} ${e.display}`).join(', ')})`);
  return el;
}

/** An element action by ID, caption, or the name the generated box passes to the runtime. */
export function findElementAction(el: ElementSpec, ref: string): ElementActionSpec {
  const a = el.actions.find((x) => x.id === ref || x.caption === ref || norm(x.caption) === norm(ref) || x.alias === ref);
  if (a) return a;
  throw new Error(
    `element ${el.display} has no action "${ref}" (have: ${el.actions.map((x) => `${x.id} "${x.caption}"${x.alias ? ` (${x.alias})` : ''}`).join(', ')})`,
  );
}

export function findServerAction(model: PluginModel, ref: string): ServerActionSpec {
  const sa = model.serverActions.find((a) => a.id === ref || a.display === ref || norm(a.display) === norm(ref));
  if (sa) return sa;
  throw new Error(`no server action "${ref}" (have: ${model.serverActions.map((a) => `${a.id} "${a.display}"`).join(', ')})`);
}

/**
 * Test convenience only: the name a generated code box hands to the plugin runtime
 * (`rt.run("my_element", "action:do_thing", …)`, as this
 * repository's build writes them), so tests can say "do_thing" instead of an ID. Bubble itself only knows IDs and captions.
 */
function runtimeAlias(box: string, kind: 'element' | 'action'): string | null {
  const m = /\.run\(\s*"([A-Za-z0-9_]+)"\s*,\s*"([A-Za-z0-9_:]+)"/.exec(box);
  if (!m) return null;
  if (kind === 'element') return m[1] ?? null;
  return m[2]?.startsWith('action:') ? m[2].slice(7) : null;
}
