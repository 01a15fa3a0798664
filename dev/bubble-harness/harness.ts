/**
 * A strict stand-in for Bubble's page runtime, driving a plugin in Bubble's on-disk layout.
 *
 * It evaluates each code box's text the way Bubble stores it (a whole anonymous function) inside
 * the page's window and calls it with Bubble's arguments (instance / properties / context), and
 * records everything the plugin does: states, events (with the states at the moment each event
 * fired), debugger messages, fetch calls. Anything Bubble would not accept, or that would show the
 * end user Bubble's error popup, is recorded as a violation; assertClean() fails on any.
 *
 * This file places elements and holds the page together; each part of Bubble's behaviour lives in
 * its own module (code-box, properties, keys, headers, bindings, conditions, server-action,
 * request-log, element-instance). Environment-agnostic: no Node imports. The jsdom glue
 * (node.ts) and the browser glue (browser-entry.ts) hand it a window and the plugin's files.
 */
import { Bindings } from './bindings.js';
import { checkBubbleValue } from './bubble-values.js';
import { CodeBoxRunner, describeError, type BoxFunction, type BoxOwner } from './code-box.js';
import { evaluateCondition, refreshConditions } from './conditions.js';
import { ElementInstance } from './element-instance.js';
import { HeaderLoader } from './headers.js';
import { clientKeys, keysByCaption, type KeyValues } from './keys.js';
import { findElement, type ElementSpec, type FieldSpec, type PluginModel, type StateSpec } from './plugin-model.js';
import { bubbleProperties } from './properties.js';
import type { CallRecord, DebugRecord, EventRecord, FieldValues, HarnessWindow, JQueryLike, RequestRecord, Violation, ViolationKind } from './records.js';
import { recordRequests } from './request-log.js';
import { runServerAction, type ServerActionOptions } from './server-action.js';

export type { ElementInstance } from './element-instance.js';
export type { DebugRecord, EventRecord, FieldValues, HarnessWindow, RequestRecord, Violation, ViolationKind } from './records.js';

export interface HarnessOptions {
  model: PluginModel;
  window: HarnessWindow;
  /** Plugin key values, by caption or key ID. Blank keys are absent, as in Bubble. */
  keys?: KeyValues;
  /** Element IDs whose headers are already in the page (the browser page puts them in <head>). */
  headersPreloaded?: string[];
  /** Where element canvases go (default: document.body). */
  container?: HTMLElement;
  /** Wrap window.fetch to record requests (default true). */
  countRequests?: boolean;
  /** Turns a code box's text into a function (default: `new window.Function('return (' + text + ')')()`). */
  evaluate?: (text: string) => BoxFunction;
  /** Runs a header's inline script in the page (default: indirect eval in the window). */
  runHeaderScript?: (code: string, el: ElementSpec | null) => void;
}

export interface PlaceOptions {
  /** Instance name as in Bubble's editor ("My Element A"); used by data-show-when conditions. Default: runtime alias or snake_case display. */
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

export class BubbleHarness {
  readonly model: PluginModel;
  readonly window: HarnessWindow;
  readonly violations: Violation[] = [];
  readonly events: EventRecord[] = [];
  readonly debug: DebugRecord[] = [];
  readonly requests: RequestRecord[] = [];
  readonly instances: ElementInstance[] = [];
  keys: KeyValues = {};
  private readonly boxes: CodeBoxRunner;
  private readonly headers: HeaderLoader;
  private readonly bindings: Bindings;
  private readonly container: HTMLElement;
  private seq = 0;

  constructor(opts: HarnessOptions) {
    this.model = opts.model;
    this.window = opts.window;
    this.container = opts.container ?? opts.window.document.body;
    this.setKeys(opts.keys ?? {});
    const win = opts.window;
    // Through methods, so a subclass overriding violate() sees every violation.
    const violate = (kind: ViolationKind, where: string, detail: string) => this.violate(kind, where, detail);
    this.boxes = new CodeBoxRunner(opts.evaluate ?? ((text) => new win.Function(`return (${text}\n)`)() as BoxFunction), violate);
    this.headers = new HeaderLoader(
      { model: this.model, keys: () => this.keys, violate },
      opts.runHeaderScript ?? ((code) => win.eval.call(win, code)),
      opts.headersPreloaded,
    );
    this.bindings = new Bindings((fn) => void win.setTimeout(fn, 0));
    if (opts.countRequests !== false) recordRequests(win, this.requests);
  }

  get jQuery(): JQueryLike {
    const jq = this.window.jQuery;
    if (!jq) throw new Error('the page has no jQuery (Bubble pages always do): load it before creating the harness');
    return jq;
  }

  /** Sets the plugin keys (by caption or key ID); blank values are left out, as Bubble does. */
  setKeys(keys: KeyValues): void {
    this.keys = keysByCaption(this.model, keys);
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

  /** Bubble's `context` in the browser: client-safe keys, jQuery, reportDebugger (recorded), no current user. */
  clientContext(inst: ElementInstance | null, where: string): Record<string, unknown> {
    return {
      keys: clientKeys(this.model, this.keys, (k, w, d) => this.violate(k, w, d), where),
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

  /** Bubble's `properties` (see properties.ts). */
  properties(inst: ElementInstance | null, fields: FieldSpec[], values: FieldValues, call: CallRecord, withStyle: boolean): Record<string, unknown> {
    return bubbleProperties({
      owner: inst,
      fields,
      values,
      call,
      withStyle,
      violate: (k, w, d) => this.violate(k, w, d),
      PageError: this.window.Error,
    });
  }

  /** The function a code box's text evaluates to (cached per text). */
  fn(text: string): BoxFunction {
    return this.boxes.fn(text);
  }

  /** Calls one code box like Bubble (see code-box.ts). */
  runBox(where: string, inst: BoxOwner | null, text: string, args: (call: CallRecord) => unknown[]): 'ok' | 'not ready' | 'threw' {
    return this.boxes.run(where, inst, text, args);
  }

  /** Evaluates the plugin-wide header and an element type's header once per page, as Bubble does. */
  ensureHeaders(spec: ElementSpec): void {
    this.headers.ensure(spec);
  }

  /** Places an element on the page: header once per type, state initialization, initialize, then update. */
  place(ref: string, opts: PlaceOptions = {}): ElementInstance {
    const spec = findElement(this.model, ref);
    const name = opts.name ?? this.uniqueName(spec);
    const canvas = this.window.document.createElement('div');
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
    const canvas = this.window.document.createElement('div');
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
        this.violate('threw', where, describeError(e));
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

  /** `target`'s `field` follows `source`'s `state` (a dynamic expression; see bindings.ts). */
  bind(target: ElementInstance, field: string, source: ElementInstance, state: string): void {
    this.bindings.bind(target, field, source, state);
  }

  /** @internal */
  propagate(source: ElementInstance, state: string): void {
    this.bindings.propagate(source, state);
  }

  /** Resolves once every bound field has caught up with its state. */
  bindingsSettled(timeout = 5000): Promise<void> {
    return this.bindings.settled(timeout);
  }

  instance(name: string): ElementInstance {
    const inst = this.instances.find((i) => i.name === name);
    if (!inst) throw new Error(`no element instance "${name}" (have: ${this.instances.map((i) => i.name).join(', ')})`);
    return inst;
  }

  /** Re-evaluates the page's conditional groups (see conditions.ts); runs after every publishState. */
  refreshConditions(): void {
    refreshConditions(this.window.document, this.instances);
  }

  evaluateCondition(expr: string): boolean {
    return evaluateCondition(expr, this.instances);
  }

  /** A server-side action (see server-action.ts). */
  runServerAction(ref: string, props: FieldValues = {}, opts: ServerActionOptions = {}): Promise<Record<string, unknown> | undefined> {
    return runServerAction({ model: this.model, keys: this.keys, violate: (k, w, d) => this.violate(k, w, d), fn: (t) => this.fn(t) }, ref, props, opts);
  }
}
