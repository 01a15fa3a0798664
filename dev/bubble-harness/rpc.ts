/**
 * The JSON-friendly RPC a page exposes as window.bubbleHarness, so Playwright drives the harness
 * with page.evaluate(). Environment-agnostic; the harness page (page-install.ts) installs it,
 * and any other page built on the harness can reuse harnessRpc() instead of copying it.
 */
import type { BubbleHarness, ElementInstance, EventRecord, FieldValues, HarnessWindow, PlaceOptions } from './harness.js';
import { toJson } from './to-json.js';

export { toJson } from './to-json.js';

export interface BubbleHarnessRpc {
  ready: true;
  setKeys(keys: Record<string, string>): void;
  place(ref: string, opts?: Omit<PlaceOptions, 'parent'>): string;
  setFields(name: string, fields: FieldValues): void;
  rerunUpdate(name: string): void;
  runAction(name: string, action: string, props?: FieldValues): void;
  states(name: string): Record<string, unknown>;
  /** Declared state names of an instance, in plugin order. */
  stateNames(name: string): string[];
  /** Every value `state` was published with, in order (publishStateValue calls, repeats included). */
  published(name: string, state: string): unknown[];
  events(name: string): Array<{ event: string; seq: number; states: Record<string, unknown> }>;
  eventCount(name: string): number;
  debug(name: string): string[];
  violations(): Array<{ kind: string; where: string; detail: string }>;
  requests(): Array<{ method: string; url: string }>;
  waitForEvent(name: string, event: string, after?: number, timeout?: number): Promise<{ event: string; seq: number; states: Record<string, unknown> }>;
  waitForAnyEvent(name: string, events: string[], after?: number, timeout?: number): Promise<{ event: string; seq: number; states: Record<string, unknown> }>;
  waitForState(name: string, state: string, value: unknown, timeout?: number): Promise<void>;
  /** The first debugger message of `name` matching the regular expression `pattern` (its source) after the first `after`. */
  waitForDebug(name: string, pattern: string, after?: number, timeout?: number): Promise<string>;
  /** CSS selector of an instance's canvas. */
  selector(name: string): string;
  isShown(id: string): boolean;
  /** target's field follows source's state (a dynamic expression in Bubble's editor). */
  bind(target: string, field: string, source: string, state: string): void;
  bindingsSettled(): Promise<void>;
}

/** An event as JSON (its states copied with toJson). */
export const eventJson = (e: EventRecord) => ({ event: e.event, seq: e.seq, states: toJson(e.states) as Record<string, unknown> });

/** The RPC over a harness living in `win`. */
export function harnessRpc(harness: BubbleHarness, win: HarnessWindow): BubbleHarnessRpc {
  const inst = (name: string): ElementInstance => harness.instance(name);
  return {
    ready: true,
    setKeys: (keys) => harness.setKeys(keys),
    place: (ref, opts = {}) => harness.place(ref, opts).name,
    setFields: (name, fields) => inst(name).setFields(fields),
    rerunUpdate: (name) => inst(name).rerunUpdate(),
    runAction: (name, action, props = {}) => inst(name).runAction(action, props),
    states: (name) => toJson(inst(name).states) as Record<string, unknown>,
    stateNames: (name) => inst(name).spec.states.map((s) => s.name),
    published: (name, state) =>
      inst(name)
        .publishes.filter((p) => p.name === state)
        .map((p) => toJson(p.value)),
    events: (name) => inst(name).events.map(eventJson),
    eventCount: (name) => inst(name).events.length,
    debug: (name) => [...inst(name).debug],
    violations: () => harness.violations.map((v) => ({ kind: v.kind, where: v.where, detail: v.detail })),
    requests: () => harness.requests.map((r) => ({ method: r.method, url: r.url })),
    waitForEvent: async (name, event, after = 0, timeout = 10_000) => eventJson(await inst(name).waitForEvent(event, { after, timeout })),
    waitForAnyEvent: async (name, events, after = 0, timeout = 10_000) => eventJson(await inst(name).waitForAnyEvent(events, { after, timeout })),
    waitForState: (name, state, value, timeout = 10_000) => inst(name).waitForState(state, value, { timeout }),
    waitForDebug: (name, pattern, after = 0, timeout = 10_000) => inst(name).waitForDebug(new RegExp(pattern), { after, timeout }),
    selector: (name) => `[data-name="${name}"]`,
    bind: (target, field, source, state) => harness.bind(inst(target), field, inst(source), state),
    bindingsSettled: () => harness.bindingsSettled(),
    isShown: (id) => {
      const el = win.document.getElementById(id);
      return !!el && !el.hidden && win.getComputedStyle(el).display !== 'none';
    },
  };
}
