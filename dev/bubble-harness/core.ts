/**
 * A strict stand-in for Bubble's page runtime, driving a plugin in Bubble's on-disk layout.
 *
 * It evaluates each code box's text the way Bubble stores it (a whole anonymous function) inside
 * the page's window and calls it with Bubble's arguments (instance / properties / context), and
 * records everything the plugin does: states, events (with the states at the moment each event
 * fired), debugger messages, fetch calls. Anything Bubble would not accept, or that would show the
 * end user Bubble's error popup, is recorded as a violation; assertClean() fails on any.
 *
 * Environment-agnostic: no Node imports. The jsdom glue (node.ts) and the browser glue
 * (browser-entry.ts) hand it a window and the plugin's files.
 * See ../../../shared/reference/bubble-plugin-format.md for the behaviour mirrored here.
 */
import {
  findElement,
  findElementAction,
  findServerAction,
  headerScripts,
  type ElementSpec,
  type FieldSpec,
  type KeySpec,
  type PluginModel,
  type ServerActionSpec,
  type StateSpec,
} from './plugin-model.js';
import { bubbleFieldValue, bubbleList, checkBubbleValue, copyValue, preview, sameValue, type BubbleList } from './bubble-values.js';
export { bubbleFieldValue, bubbleList, checkBubbleValue, copyValue, type BubbleList };

export type HarnessWindow = Window & typeof globalThis & { jQuery?: JQueryLike; fetch?: typeof fetch };
type JQueryLike = ((el: unknown) => ArrayLike<HTMLElement>) & { fn?: { jquery?: string } };

export type ViolationKind =
  | 'undeclared_state'
  | 'wrong_state_type'
  | 'undeclared_event'
  | 'undeclared_property'
  | 'secure_key_read'
  | 'undeclared_key'
  | 'threw'
  | 'rejected'
  | 'swallowed_not_ready'
  | 'not_ready_after_return'
  | 'bad_return'
  | 'header'
  | 'uncaught';

export interface Violation {
  kind: ViolationKind;
  /** e.g. "Supabase MFA A / update" */
  where: string;
  detail: string;
}

export interface EventRecord {
  seq: number;
  instance: string;
  event: string;
  /** Copy of the instance's states at the moment the event fired. */
  states: Record<string, unknown>;
  at: number;
}

export interface DebugRecord {
  instance: string;
  where: string;
  message: string;
}

export interface RequestRecord {
  method: string;
  url: string;
  at: number;
}

/** Values for fields, keyed by field `name`. undefined/absent = not set (Bubble applies default_val); null = set to empty. */
export type FieldValues = Record<string, unknown>;

export interface HarnessOptions {
  model: PluginModel;
  window: HarnessWindow;
  /** Plugin key values, by caption or key ID. Blank keys are absent, as in Bubble. */
  keys?: Record<string, string | undefined>;
  /** Element IDs whose headers are already in the page (the browser page puts them in <head>). */
  headersPreloaded?: string[];
  /** Where element canvases go (default: document.body). */
  container?: HTMLElement;
  /** Wrap window.fetch to record requests (default true). */
  countRequests?: boolean;
  /** Turns a code box's text into a function (default: `new window.Function('return (' + text + ')')()`). */
  evaluate?: (text: string) => (...args: unknown[]) => unknown;
  /** Runs a header's inline script in the page (default: indirect eval in the window). */
  runHeaderScript?: (code: string, el: ElementSpec | null) => void;
}

export interface PlaceOptions {
  /** Instance name as in Bubble's editor ("Supabase MFA A"); used by data-show-when bindings. Default: runtime alias or snake_case display. */
  name?: string;
  fields?: FieldValues;
  width?: number;
  height?: number;
  /** Parent for the canvas (default: the harness container). */
  parent?: HTMLElement;
  /** Field names whose data is still loading: reading them throws 'not ready' until arrive(). */
  loading?: string[];
  /**
   * "This element is visible on page load". Bubble runs initialize when an element becomes
   * visible; with false, initialize/update wait for show(). Default true (params' add_is_visible
   * is only the editor's default for that checkbox).
   */
  visible?: boolean;
}

interface CallRecord {
  where: string;
  notReadyHit: boolean;
  done: boolean;
}

const STYLE_GETTERS = [
  'width',
  'height',
  'font_face',
  'font_size',
  'font_color',
  'font_alignment',
  'bgcolor',
  'border_color',
  'border_width',
  'border_style',
  'border_roundness',
  'padding_top',
  'padding_left',
  'padding_right',
  'padding_bottom',
];

function isNotReadyError(e: unknown): boolean {
  return (typeof e === 'object' && e !== null && (e as { message?: unknown }).message === 'not ready') || e === 'not ready';
}

function describe(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e) {
    const err = e as { name?: string; message?: string; stack?: string };
    return `${err.name ?? 'Error'}: ${err.message}${err.stack ? `\n${String(err.stack).split('\n').slice(1, 4).join('\n')}` : ''}`;
  }
  return String(e);
}

type Listener = () => void;

/** One placed element: Bubble's instance plus everything recorded about it. */
export class ElementInstance {
  readonly states: Record<string, unknown> = {};
  /** What each state's initialization code box returned. */
  readonly initialStates: Record<string, unknown> = {};
  readonly events: EventRecord[] = [];
  readonly debug: string[] = [];
  /** Number of times each code box ran (re-runs after 'not ready' included). */
  readonly runs: Record<string, number> = {};
  /** Every publishState call, in order. */
  readonly publishes: Array<{ name: string; value: unknown }> = [];
  fields: FieldValues = {};
  readonly loading = new Set<string>();
  readonly instance: {
    canvas: ArrayLike<HTMLElement>;
    data: Record<string, unknown>;
    publishState(name: string, value: unknown): void;
    triggerEvent(name: string, callback?: (err?: unknown) => void): void;
    setHeight(px: number): void;
    publishAutobinding(value: unknown): void;
  };
  initialized = false;
  private readonly blocked: Array<{ where: string; rerun: () => void }> = [];
  private readonly listeners = new Set<Listener>();

  constructor(
    readonly harness: BubbleHarness,
    readonly spec: ElementSpec,
    readonly name: string,
    readonly canvas: HTMLDivElement,
  ) {
    const stateByName = new Map(spec.states.map((s) => [s.name, s]));
    const eventNames = new Set(spec.events.map((e) => e.name));
    const where = () => `${this.name} (${spec.display})`;
    this.instance = {
      canvas: harness.jQuery(canvas),
      data: {},
      publishState: (name, value) => {
        const s = stateByName.get(name);
        if (!s) {
          harness.violate('undeclared_state', where(), `publishState("${name}") — ${spec.display} declares: ${[...stateByName.keys()].join(', ')}`);
          return;
        }
        const bad = checkBubbleValue(s.value, s.is_list, value);
        if (bad) harness.violate('wrong_state_type', where(), `publishState("${name}"): ${bad}`);
        this.states[name] = value;
        this.publishes.push({ name, value: copyValue(value) });
        harness.refreshConditions();
        harness.propagate(this, name);
        this.notify();
      },
      triggerEvent: (name, callback) => {
        if (!eventNames.has(name)) {
          harness.violate('undeclared_event', where(), `triggerEvent("${name}") — ${spec.display} declares: ${[...eventNames].join(', ')}`);
          return;
        }
        const record: EventRecord = { seq: harness.nextSeq(), instance: this.name, event: name, states: this.snapshot(), at: Date.now() };
        this.events.push(record);
        harness.events.push(record);
        this.notify();
        if (callback) harness.window.setTimeout(() => callback(), 0);
      },
      setHeight: () => undefined,
      publishAutobinding: () => undefined,
    };
  }

  /** A copy of the current states. */
  snapshot(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this.states)) out[k] = copyValue(v);
    return out;
  }

  eventNames(): string[] {
    return this.events.map((e) => e.event);
  }

  /** Bubble runs update with the new field values (merged into the current ones). */
  setFields(fields: FieldValues = {}): void {
    this.checkFieldNames(this.spec.fields, fields);
    this.fields = { ...this.fields, ...fields };
    if (this.initialized) this.runUpdate();
  }

  /** Bubble runs update again with unchanged properties (it does so whenever any data it read reloads). */
  rerunUpdate(): void {
    if (this.initialized) this.runUpdate();
  }

  /** Runs an element action (by ID, caption or runtime name) the way a workflow step does. Returns at once, as Bubble does. */
  runAction(ref: string, props: FieldValues = {}): void {
    const action = findElementAction(this.spec, ref);
    this.checkFieldNames(action.fields, props);
    const where = `${this.name} / ${action.caption}`;
    this.harness.runBox(where, this, action.run, (call) => [
      this.instance,
      this.harness.properties(this, action.fields, props, call, false),
      this.harness.clientContext(this, where),
    ]);
  }

  /** Data for these fields is loading: reads throw 'not ready' until arrive(). */
  setLoading(names: string[]): void {
    for (const n of names) this.loading.add(n);
  }

  /** Data arrived: Bubble re-runs every code box that was stopped by 'not ready' (the whole function). */
  arrive(names?: string[]): void {
    for (const n of names ?? [...this.loading]) this.loading.delete(n);
    if (this.loading.size > 0) return;
    const pending = this.blocked.splice(0);
    const seen = new Set<string>();
    for (const b of pending) {
      if (seen.has(b.where)) continue; // Bubble re-runs a function once, however many reads were blocked
      seen.add(b.where);
      b.rerun();
    }
  }

  /** Makes an invisible-on-load element visible: Bubble initializes it now. */
  show(): void {
    this.canvas.style.display = '';
    if (!this.initialized) this.harness.initializeElement(this);
  }

  blockedCount(): number {
    return this.blocked.length;
  }

  /** @internal */
  block(where: string, rerun: () => void): void {
    this.blocked.push({ where, rerun });
  }

  /** @internal */
  runUpdate(): void {
    const where = `${this.name} / update`;
    this.harness.runBox(where, this, this.spec.boxes.update, (call) => [
      this.instance,
      this.harness.properties(this, this.spec.fields, this.fields, call, true),
      this.harness.clientContext(this, where),
    ]);
  }

  /** Test misuse (an unknown field, a value of the wrong kind) throws here, before any code box runs. */
  private checkFieldNames(fields: FieldSpec[], values: FieldValues): void {
    const byName = new Map(fields.map((f) => [f.name, f]));
    for (const [k, v] of Object.entries(values)) {
      const f = byName.get(k);
      if (!f) throw new TypeError(`test error: ${this.spec.display} has no field "${k}" here (fields: ${[...byName.keys()].join(', ') || 'none'})`);
      bubbleFieldValue(f, v);
    }
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }

  /** Resolves when `predicate` holds (checked after every publish/event and on a short poll). */
  waitFor(predicate: () => boolean, opts: { timeout?: number; what?: string } = {}): Promise<void> {
    const timeout = opts.timeout ?? 5000;
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        let ok = false;
        try {
          ok = predicate();
        } catch {
          ok = false;
        }
        if (ok) {
          cleanup();
          resolve();
        }
      };
      const poll = setInterval(check, 20);
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `${this.name}: timed out after ${timeout} ms waiting for ${opts.what ?? 'a condition'}; states ${JSON.stringify(this.snapshot())}, events [${this.eventNames().join(', ')}]`,
          ),
        );
      }, timeout);
      const cleanup = () => {
        clearInterval(poll);
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
    });
  }

  /** The first event named `name` after the first `after` events of this instance. */
  async waitForEvent(name: string, opts: { after?: number; timeout?: number } = {}): Promise<EventRecord> {
    const after = opts.after ?? 0;
    const find = () => this.events.slice(after).find((e) => e.event === name);
    await this.waitFor(() => find() !== undefined, { timeout: opts.timeout, what: `event "${name}"` });
    return find()!;
  }

  /** The first of several events (e.g. the success event or "error") after the first `after` events. */
  async waitForAnyEvent(names: string[], opts: { after?: number; timeout?: number } = {}): Promise<EventRecord> {
    const after = opts.after ?? 0;
    const find = () => this.events.slice(after).find((e) => names.includes(e.event));
    await this.waitFor(() => find() !== undefined, { timeout: opts.timeout, what: `one of the events ${names.join(', ')}` });
    return find()!;
  }

  waitForState(name: string, value: unknown, opts: { timeout?: number } = {}): Promise<void> {
    return this.waitFor(() => sameValue(this.states[name], value), { timeout: opts.timeout, what: `state ${name} = ${JSON.stringify(value)}` });
  }
}

export class BubbleHarness {
  readonly model: PluginModel;
  readonly window: HarnessWindow;
  readonly violations: Violation[] = [];
  readonly events: EventRecord[] = [];
  readonly debug: DebugRecord[] = [];
  readonly requests: RequestRecord[] = [];
  readonly instances: ElementInstance[] = [];
  keys: Record<string, string | undefined> = {};
  private readonly bindings: Array<{ target: ElementInstance; field: string; source: ElementInstance; state: string }> = [];
  private pendingBindings = 0;
  private readonly headersLoaded = new Set<string>();
  private readonly fnCache = new Map<string, (...args: unknown[]) => unknown>();
  private readonly evaluate: (text: string) => (...args: unknown[]) => unknown;
  private readonly runHeaderScript: (code: string, el: ElementSpec | null) => void;
  private readonly container: HTMLElement;
  private seq = 0;
  private pluginHeaderLoaded = false;

  constructor(opts: HarnessOptions) {
    this.model = opts.model;
    this.window = opts.window;
    this.container = opts.container ?? opts.window.document.body;
    this.setKeys(opts.keys ?? {});
    for (const id of opts.headersPreloaded ?? []) this.headersLoaded.add(id);
    if (opts.headersPreloaded) this.pluginHeaderLoaded = true;
    const win = opts.window;
    this.evaluate = opts.evaluate ?? ((text) => new win.Function(`return (${text}\n)`)() as (...args: unknown[]) => unknown);
    this.runHeaderScript = opts.runHeaderScript ?? ((code) => win.eval.call(win, code));
    if (opts.countRequests !== false) this.wrapFetch();
  }

  get jQuery(): JQueryLike {
    const jq = this.window.jQuery;
    if (!jq) throw new Error('the page has no jQuery (Bubble pages always do): load it before creating the harness');
    return jq;
  }

  /** Sets the plugin keys (by caption or key ID); blank values are left out, as Bubble does. */
  setKeys(keys: Record<string, string | undefined>): void {
    const out: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(keys)) {
      const spec = this.model.keys.find((x) => x.caption === k || x.id === k);
      if (!spec) throw new TypeError(`test error: the plugin has no key "${k}" (have: ${this.model.keys.map((x) => x.caption).join(', ')})`);
      if (v !== undefined && v !== null && v !== '') out[spec.caption] = v;
    }
    this.keys = out;
  }

  nextSeq(): number {
    return ++this.seq;
  }

  violate(kind: ViolationKind, where: string, detail: string): void {
    this.violations.push({ kind, where, detail });
  }

  /** Throws listing every violation recorded so far. */
  assertClean(): void {
    if (this.violations.length === 0) return;
    const lines = this.violations.map((v) => `  [${v.kind}] ${v.where}: ${v.detail}`);
    throw new Error(`the plugin did ${this.violations.length} thing(s) Bubble does not accept:\n${lines.join('\n')}`);
  }

  requestCount(filter?: (r: RequestRecord) => boolean): number {
    return filter ? this.requests.filter(filter).length : this.requests.length;
  }

  private wrapFetch(): void {
    const win = this.window;
    const original = win.fetch;
    if (typeof original !== 'function') return;
    const requests = this.requests;
    const wrapped = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : (input as Request).url;
      const method = init?.method ?? (typeof input === 'object' && 'method' in input ? (input as Request).method : 'GET');
      requests.push({ method: String(method).toUpperCase(), url: String(url), at: Date.now() });
      return original.call(win, input, init);
    };
    win.fetch = wrapped as typeof fetch;
  }

  /** Keys as the client sees them: only client_safe ones; reading a secure or undeclared key is a violation. */
  clientContext(inst: ElementInstance | null, where: string): Record<string, unknown> {
    const target: Record<string, string> = {};
    const secure = new Set<string>();
    const declared = new Set<string>();
    for (const k of this.model.keys) {
      declared.add(k.caption);
      if (k.type === 'secure') secure.add(k.caption);
      else if (this.keys[k.caption] !== undefined) target[k.caption] = this.keys[k.caption]!;
    }
    const check = (p: string | symbol) => {
      if (typeof p === 'symbol') return;
      if (secure.has(p)) this.violate('secure_key_read', where, `context.keys["${p}"] is a secure key: it never reaches the browser`);
      else if (!declared.has(p)) this.violate('undeclared_key', where, `context.keys["${p}"] is not a key of this plugin`);
    };
    const keys = new Proxy(target, {
      get: (t, p, r) => {
        check(p);
        return Reflect.get(t, p, r);
      },
      has: (t, p) => {
        check(p);
        return Reflect.has(t, p);
      },
    });
    return {
      keys,
      jQuery: this.window.jQuery,
      reportDebugger: (message: unknown) => {
        const text = String(message);
        this.debug.push({ instance: inst?.name ?? '', where, message: text });
        inst?.debug.push(text);
      },
      currentUser: { get: () => null, listProperties: () => [] },
      onCookieOptIn: (cb: () => void) => cb(),
    };
  }

  /** Bubble's `properties`: every declared field by name; reading anything else is a violation. */
  properties(inst: ElementInstance | null, fields: FieldSpec[], values: FieldValues, call: CallRecord, withStyle: boolean): Record<string, unknown> {
    const target: Record<string, unknown> = {};
    for (const f of fields) target[f.name] = bubbleFieldValue(f, values[f.name]);
    if (withStyle && inst) {
      const style: Record<string, () => unknown> = {};
      for (const g of STYLE_GETTERS)
        style[g] = () =>
          g === 'width'
            ? inst.canvas.offsetWidth || parseInt(inst.canvas.style.width, 10)
            : g === 'height'
              ? inst.canvas.offsetHeight || parseInt(inst.canvas.style.height, 10)
              : null;
      target.bubble = style;
    }
    const declared = new Set(Object.keys(target));
    return new Proxy(target, {
      get: (t, p, r) => {
        if (typeof p === 'symbol') return Reflect.get(t, p, r);
        if (!declared.has(p)) {
          this.violate('undeclared_property', call.where, `properties.${p} is not a field of this code box (fields: ${[...declared].join(', ') || 'none'})`);
          return undefined;
        }
        if (inst?.loading.has(p)) {
          if (call.done)
            this.violate(
              'not_ready_after_return',
              call.where,
              `properties.${p} was read after the code box returned, while its data was loading: Bubble cannot re-run it`,
            );
          call.notReadyHit = true;
          throw new this.window.Error('not ready');
        }
        return Reflect.get(t, p, r);
      },
      set: (_t, p) => {
        this.violate('undeclared_property', call.where, `properties.${String(p)} was assigned: Bubble's properties are read-only`);
        return true;
      },
    });
  }

  /** The function a code box's text evaluates to (cached per text). */
  fn(text: string): (...args: unknown[]) => unknown {
    let f = this.fnCache.get(text);
    if (!f) {
      f = this.evaluate(text);
      if (typeof f !== 'function') throw new Error(`a code box did not evaluate to a function: ${text.slice(0, 80)}`);
      this.fnCache.set(text, f);
    }
    return f;
  }

  /**
   * Calls one code box like Bubble: a thrown 'not ready' (from a loading read) parks the call
   * until the data arrives, then the WHOLE function runs again with fresh properties; any other
   * throw, a rejected promise or a swallowed 'not ready' is a violation.
   */
  runBox(where: string, inst: ElementInstance | null, text: string, args: (call: CallRecord) => unknown[]): 'ok' | 'not ready' | 'threw' {
    const call: CallRecord = { where, notReadyHit: false, done: false };
    if (inst) inst.runs[where.split(' / ').pop()!] = (inst.runs[where.split(' / ').pop()!] ?? 0) + 1;
    const rerun = () => void this.runBox(where, inst, text, args);
    let result: unknown;
    try {
      result = this.fn(text)(...args(call));
    } catch (e) {
      call.done = true;
      if (isNotReadyError(e) && call.notReadyHit && inst) {
        inst.block(where, rerun);
        return 'not ready';
      }
      this.violate('threw', where, `threw into Bubble (the end user sees Bubble's error popup): ${describe(e)}`);
      return 'threw';
    }
    call.done = true;
    if (call.notReadyHit) {
      this.violate('swallowed_not_ready', where, `caught Bubble's 'not ready' instead of letting it propagate`);
      inst?.block(where, rerun);
    }
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).then(undefined, (e: unknown) => this.violate('rejected', where, `returned a promise that rejected: ${describe(e)}`));
    }
    return 'ok';
  }

  /** Evaluates the plugin-wide header and an element type's header once per page, as Bubble does. */
  ensureHeaders(spec: ElementSpec): void {
    if (!this.pluginHeaderLoaded) {
      this.pluginHeaderLoaded = true;
      this.loadHeader(this.model.pluginHeader, null, 'plugin header (html_headers.html)');
    }
    if (this.headersLoaded.has(spec.id)) return;
    this.headersLoaded.add(spec.id);
    this.loadHeader(spec.headers, spec, `${spec.display} header`);
  }

  private loadHeader(html: string, spec: ElementSpec | null, where: string): void {
    const text = this.substituteKeys(html, where);
    for (const s of headerScripts(text)) {
      if (s.src) {
        this.violate('header', where, `loads an external script (${s.src}); the harness serves no external scripts`);
        continue;
      }
      try {
        this.runHeaderScript(s.code, spec);
      } catch (e) {
        this.violate('header', where, `a header script threw: ${describe(e)}`);
      }
    }
  }

  /** `_*_KEY CAPTION_*_` in a header becomes the key's value (visible to anyone: secure keys must never appear). */
  private substituteKeys(html: string, where: string): string {
    return html.replace(/_\*_(.+?)_\*_/g, (_m, caption: string) => {
      const k: KeySpec | undefined = this.model.keys.find((x) => x.caption === caption);
      if (!k) {
        this.violate('header', where, `placeholder _*_${caption}_*_ names no key`);
        return '';
      }
      if (k.type === 'secure') this.violate('secure_key_read', where, `a header substitutes the secure key "${caption}" into the page`);
      return this.keys[caption] ?? '';
    });
  }

  /** Places an element on the page: header once per type, state initialization, initialize, then update. */
  place(ref: string, opts: PlaceOptions = {}): ElementInstance {
    const spec = findElement(this.model, ref);
    const doc = this.window.document;
    const name = opts.name ?? this.uniqueName(spec);
    const canvas = doc.createElement('div');
    canvas.className = 'bubble-element';
    canvas.dataset.element = spec.display;
    canvas.dataset.name = name;
    const width = opts.width ?? spec.defaultDim.width;
    const height = opts.height ?? spec.defaultDim.height;
    canvas.style.cssText = `position:relative;box-sizing:border-box;width:${width}px;height:${height}px`;
    const inst = new ElementInstance(this, spec, name, canvas);
    if (opts.fields) inst.setFields(opts.fields);
    for (const n of opts.loading ?? []) inst.loading.add(n);
    (opts.parent ?? this.container).appendChild(canvas);
    this.instances.push(inst);
    this.ensureHeaders(spec);
    if (opts.visible === false) {
      canvas.style.display = 'none';
      return inst;
    }
    this.initializeElement(inst);
    return inst;
  }

  /** @internal */
  initializeElement(inst: ElementInstance): void {
    const spec = inst.spec;
    this.runStateInitializations(inst, spec.states);
    inst.initialized = true;
    const where = `${inst.name} / initialize`;
    this.runBox(where, inst, spec.boxes.initialize, () => [inst.instance, this.clientContext(inst, where)]);
    inst.runUpdate();
  }

  /**
   * Bubble's editor preview: `function(instance, properties)`, no context, no states, and no
   * element header (the editor may not run headers): the preview box must draw on its own.
   */
  preview(ref: string, opts: PlaceOptions = {}): ElementInstance {
    const spec = findElement(this.model, ref);
    const doc = this.window.document;
    const canvas = doc.createElement('div');
    canvas.className = 'bubble-element bubble-preview';
    canvas.style.cssText = `position:relative;width:${opts.width ?? spec.defaultDim.width}px;height:${opts.height ?? spec.defaultDim.height}px`;
    const inst = new ElementInstance(this, spec, opts.name ?? `${this.uniqueName(spec)} (preview)`, canvas);
    if (opts.fields) inst.setFields(opts.fields);
    (opts.parent ?? this.container).appendChild(canvas);
    const where = `${inst.name} / preview`;
    this.runBox(where, inst, spec.boxes.preview, (call) => [inst.instance, this.properties(inst, spec.fields, inst.fields, call, true)]);
    return inst;
  }

  private runStateInitializations(inst: ElementInstance, states: StateSpec[]): void {
    for (const s of states) {
      const where = `${inst.name} / state ${s.name} initialization`;
      let value: unknown;
      try {
        value = this.fn(s.initialization)(
          this.properties(inst, inst.spec.fields, inst.fields, { where, notReadyHit: false, done: false }, false),
          this.clientContext(inst, where),
        );
      } catch (e) {
        this.violate('threw', where, describe(e));
        continue;
      }
      const bad = checkBubbleValue(s.value, s.is_list, value);
      if (bad) this.violate('wrong_state_type', where, bad);
      inst.initialStates[s.name] = value;
    }
  }

  private uniqueName(spec: ElementSpec): string {
    const base = spec.alias ?? spec.display.toLowerCase().replace(/[^a-z0-9]+/g, '_');
    const taken = new Set(this.instances.map((i) => i.name));
    if (!taken.has(base)) return base;
    for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
  }

  /**
   * Like a dynamic expression in Bubble's editor ("QR source = Supabase MFA A's QR code SVG"):
   * whenever `source` publishes `state`, `target`'s `field` takes the value and Bubble runs
   * target's update — on a later task, as Bubble does, not inside publishState.
   */
  bind(target: ElementInstance, field: string, source: ElementInstance, state: string): void {
    if (!target.spec.fields.some((f) => f.name === field)) throw new TypeError(`test error: ${target.spec.display} has no field "${field}"`);
    if (!source.spec.states.some((s) => s.name === state)) throw new TypeError(`test error: ${source.spec.display} has no state "${state}"`);
    this.bindings.push({ target, field, source, state });
    if (state in source.states) target.setFields({ [field]: source.states[state] ?? null });
  }

  /** @internal */
  propagate(source: ElementInstance, state: string): void {
    for (const b of this.bindings) {
      if (b.source !== source || b.state !== state) continue;
      this.pendingBindings++;
      this.window.setTimeout(() => {
        this.pendingBindings--;
        const value = source.states[state] ?? null;
        if (!sameValue(b.target.fields[b.field] ?? null, value)) b.target.setFields({ [b.field]: value });
      }, 0);
    }
  }

  /** Resolves once every bound field has caught up with its state. */
  async bindingsSettled(timeout = 5000): Promise<void> {
    const end = Date.now() + timeout;
    while (this.pendingBindings > 0) {
      if (Date.now() > end) throw new Error('bound fields did not settle');
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  instance(name: string): ElementInstance {
    const inst = this.instances.find((i) => i.name === name);
    if (!inst) throw new Error(`no element instance "${name}" (have: ${this.instances.map((i) => i.name).join(', ')})`);
    return inst;
  }

  /**
   * The harness page's conditional groups: an element with
   * `data-show-when="<instance>.<state> == <value>"` (or `!=`) is shown only while that holds
   * (yes/no for booleans, empty for null). Re-evaluated after every publishState.
   */
  refreshConditions(): void {
    const doc = this.window.document;
    for (const el of Array.from(doc.querySelectorAll<HTMLElement>('[data-show-when]'))) {
      const show = this.evaluateCondition(el.getAttribute('data-show-when') ?? '');
      el.hidden = !show;
      el.style.display = show ? '' : 'none';
    }
  }

  evaluateCondition(expr: string): boolean {
    const m = /^\s*([\w-]+)\.(\w+)\s*(==|!=)\s*(.*?)\s*$/.exec(expr);
    if (!m) return false;
    const inst = this.instances.find((i) => i.name === m[1]);
    if (!inst) return false;
    const v = inst.states[m[2]!];
    const text = v === null || v === undefined ? 'empty' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : Array.isArray(v) ? v.join(',') : String(v);
    const equal = text === m[4];
    return m[3] === '==' ? equal : !equal;
  }

  /**
   * A server-side action (plugin API v4): `await fn(properties, context)` with every key,
   * secure ones included. Return values are checked against the declared ones.
   */
  async runServerAction(
    ref: string,
    props: FieldValues = {},
    opts: { keys?: Record<string, string | undefined>; evaluate?: (text: string) => (...args: unknown[]) => unknown } = {},
  ): Promise<Record<string, unknown> | undefined> {
    const sa: ServerActionSpec = findServerAction(this.model, ref);
    if (sa.type !== 'server_side') throw new Error(`${sa.display} is not a server-side action`);
    const names = new Set(sa.fields.map((f) => f.name));
    for (const k of Object.keys(props)) if (!names.has(k)) throw new TypeError(`test error: ${sa.display} has no field "${k}"`);
    const where = `server action ${sa.display}`;
    const keyValues: Record<string, string> = {};
    const source = opts.keys ?? this.keys;
    for (const k of this.model.keys) {
      const v = source[k.caption] ?? source[k.id];
      if (v) keyValues[k.caption] = v;
    }
    const declared = new Set(this.model.keys.map((k) => k.caption));
    const keys = new Proxy(keyValues, {
      get: (t, p, r) => {
        if (typeof p === 'string' && !declared.has(p)) this.violate('undeclared_key', where, `context.keys["${p}"] is not a key of this plugin`);
        return Reflect.get(t, p, r);
      },
    });
    const context = {
      keys,
      currentUser: { get: () => null, listProperties: () => [] },
      userTimezone: 'UTC',
      isBubbleThing: () => false,
      isBubbleList: () => false,
    };
    const call: CallRecord = { where, notReadyHit: false, done: false };
    const fn = opts.evaluate ? opts.evaluate(sa.server) : this.fn(sa.server);
    let returned: unknown;
    try {
      returned = await fn(this.properties(null, sa.fields, props, call, false), context);
    } catch (e) {
      this.violate('threw', where, `rejected (Bubble stops the workflow with an error): ${describe(e)}`);
      return undefined;
    }
    if (returned === null || typeof returned !== 'object') {
      if (sa.returns.length)
        this.violate('bad_return', where, `returned ${preview(returned)} instead of an object with ${sa.returns.map((r) => r.name).join(', ')}`);
      return undefined;
    }
    const out = returned as Record<string, unknown>;
    const byName = new Map(sa.returns.map((r) => [r.name, r]));
    for (const [k, v] of Object.entries(out)) {
      const r = byName.get(k);
      if (!r) {
        this.violate('bad_return', where, `returned "${k}", which is not a declared return value`);
        continue;
      }
      const bad = checkBubbleValue(r.value, r.is_list, v);
      if (bad) this.violate('bad_return', where, `return value "${k}": ${bad}`);
    }
    for (const r of sa.returns) if (!(r.name in out)) this.violate('bad_return', where, `did not return "${r.name}"`);
    return out;
  }
}
