/**
 * One placed element: Bubble's `instance` object (publishState, triggerEvent, canvas, data) plus
 * everything recorded about it (states, events, debugger messages, code box runs), the field
 * values Bubble passes its update, and waits for what the plugin does asynchronously.
 * Publishing an undeclared state or a value of the wrong type, or triggering an undeclared
 * event, is a violation.
 */
import { bubbleFieldValue, checkBubbleValue, copyValue, sameValue } from './bubble-values.js';
import type { BubbleHarness } from './harness.js';
import { findElementAction, type ElementSpec, type FieldSpec } from './plugin-model.js';
import type { EventRecord, FieldValues } from './records.js';

type Listener = () => void;

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

  /** The first debugger message matching `pattern` after the first `after` messages (what the plugin reported, e.g. an ignored click). */
  async waitForDebug(pattern: RegExp, opts: { after?: number; timeout?: number } = {}): Promise<string> {
    const after = opts.after ?? 0;
    const find = () => this.debug.slice(after).find((m) => pattern.test(m));
    await this.waitFor(() => find() !== undefined, { timeout: opts.timeout, what: `a debugger message matching ${pattern}` });
    return find()!;
  }

  waitForState(name: string, value: unknown, opts: { timeout?: number } = {}): Promise<void> {
    return this.waitFor(() => sameValue(this.states[name], value), { timeout: opts.timeout, what: `state ${name} = ${JSON.stringify(value)}` });
  }
}
