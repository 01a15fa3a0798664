/**
 * Runs INSIDE the Chromium page (bundled to an IIFE by bench/page-server.ts and placed first in
 * <head>, before any runtime): a request-counting window.fetch, a fake Bubble instance/context,
 * the generated code boxes compiled as Bubble compiles them, and the timed loops of rows 3 and 4.
 * Loops run in the page so no DevTools round trip sits inside a timed region.
 */
import type { BubbleContext, BubbleInstance } from '../shared/bubble/types.js';

type Box = (...args: unknown[]) => unknown;

interface FakeInstance extends BubbleInstance {
  states: Record<string, unknown>;
  events: string[];
  onPublish: ((name: string, value: unknown) => void) | null;
}

interface PurifyGlobal {
  sanitize(dirty: string, cfg: Record<string, unknown>): string;
  version: string;
}

export interface TimedRuns {
  /** sanitise + insert (synchronous part), ms */
  sync: number[];
  /** sanitise + insert + forced style/layout, ms */
  total: number[];
  elements: number;
  allNodes: number;
  /** Length of the markup inserted (innerHTML of the container), characters. */
  insertedChars: number;
  problems: string[];
}

export interface AalRuns {
  ours: number[];
  anchor: number[];
  /** Per-call mean (ms) of each back-to-back block of n calls. */
  oursBlocks: number[];
  anchorBlocks: number[];
  fetches: string[];
  oursStates: Record<string, unknown>;
  anchorResult: unknown;
  reports: string[];
  problems: string[];
}

const fetchLog: string[] = [];
const originalFetch = window.fetch.bind(window);
window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
  // X-Client-Info tells the plugin's client (supabase-mfa-bubble/…) from supabase-js's (supabase-js-web/…).
  const client = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)).get('x-client-info') ?? '?';
  fetchLog.push(`${init?.method ?? 'GET'} ${typeof input === 'string' ? input : input instanceof URL ? input.href : input.url} [${client}]`);
  return originalFetch(input, init);
};

const reports: string[] = [];
const boxes: Record<string, Box> = {};
const gc = (): void => (window as unknown as { gc?: () => void }).gc?.();

function context(keys: Record<string, string>): BubbleContext {
  return { keys, reportDebugger: (m: string) => void reports.push(m) };
}

function makeInstance(): FakeInstance {
  const canvas = document.createElement('div');
  canvas.style.cssText = 'width:240px;height:240px;position:relative';
  document.body.appendChild(canvas);
  const inst: FakeInstance = {
    canvas: [canvas],
    data: {},
    states: {},
    events: [],
    onPublish: null,
    publishState(name, value) {
      inst.states[name] = value;
      inst.onPublish?.(name, value);
    },
    triggerEvent(name, callback) {
      inst.events.push(name);
      callback?.();
    },
  };
  return inst;
}

/** Nodes in the subtree rooted at `root`, root included (elements, and all node types). */
function countNodes(root: Element): { elements: number; allNodes: number } {
  let elements = 1;
  let allNodes = 1;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ALL);
  while (walker.nextNode()) {
    allNodes++;
    if (walker.currentNode.nodeType === Node.ELEMENT_NODE) elements++;
  }
  return { elements, allNodes };
}

function box(name: string): Box {
  const fn = boxes[name];
  if (!fn) throw new Error(`no code box ${name}`);
  return fn;
}

/** Compiles Bubble code boxes (`function(instance, properties, context) {…}`) the way Bubble does: as function expressions. */
function setBoxes(texts: Record<string, string>): string[] {
  // biome-ignore lint/security/noGlobalEval: a code box is text Bubble evaluates; the bench does the same (indirect, global scope).
  for (const [name, text] of Object.entries(texts)) boxes[name] = globalThis.eval(`(${text})`) as Box;
  return Object.keys(boxes);
}

const QR_PROPS = (source: string) => ({ qr_source: source, foreground: null, background: null, quiet_zone: null, label: null });

/**
 * Row 3, one run of each path per iteration (order alternating), gc() outside the timed region.
 * Ours: the QR element's generated initialize box (untimed) then its update box with the raw
 * Supabase SVG as qr_source (timed) — the element's own pipeline, ending in box.innerHTML = svg.
 * Naive: DOMPurify.sanitize(raw, { USE_PROFILES: { svg: true } }) then div.innerHTML.
 */
function qrRuns(svg: string, warmup: number, runs: number): { ours: TimedRuns; naive: TimedRuns; purifyVersion: string } {
  const purify = (window as unknown as { DOMPurify?: PurifyGlobal }).DOMPurify;
  if (!purify) throw new Error('DOMPurify (purify.min.js) is not loaded');
  const ctx = context({});
  const fresh = (): TimedRuns => ({ sync: [], total: [], elements: 0, allNodes: 0, insertedChars: 0, problems: [] });
  const ours = fresh();
  const naive = fresh();

  const runOurs = (record: boolean) => {
    const inst = makeInstance();
    box('qr_initialize')(inst, ctx);
    const canvas = inst.canvas[0]!;
    gc();
    const t0 = performance.now();
    box('qr_update')(inst, QR_PROPS(svg), ctx);
    const t1 = performance.now();
    void canvas.getBoundingClientRect().height; // forces style + layout of the inserted SVG
    const t2 = performance.now();
    const svgEl = canvas.querySelector('svg');
    if (record) {
      ours.sync.push(t1 - t0);
      ours.total.push(t2 - t0);
      if (svgEl) Object.assign(ours, countNodes(svgEl));
      ours.insertedChars = svgEl?.parentElement?.innerHTML.length ?? 0;
      if (inst.states.is_valid !== true)
        ours.problems.push(`is_valid=${String(inst.states.is_valid)} error=${String(inst.states.error_code)} ${String(inst.states.error_message)}`);
    }
    canvas.remove();
  };

  const runNaive = (record: boolean) => {
    const div = document.createElement('div');
    div.style.cssText = 'width:240px;height:240px;position:relative';
    document.body.appendChild(div);
    gc();
    const t0 = performance.now();
    div.innerHTML = purify.sanitize(svg, { USE_PROFILES: { svg: true } });
    const t1 = performance.now();
    void div.getBoundingClientRect().height;
    const t2 = performance.now();
    const svgEl = div.querySelector('svg');
    if (record) {
      naive.sync.push(t1 - t0);
      naive.total.push(t2 - t0);
      if (svgEl) Object.assign(naive, countNodes(svgEl));
      naive.insertedChars = div.innerHTML.length;
      if (!svgEl) naive.problems.push('DOMPurify left no <svg>');
    }
    div.remove();
  };

  for (let i = 0; i < warmup + runs; i++) {
    const record = i >= warmup;
    if (i % 2 === 0) {
      runOurs(record);
      runNaive(record);
    } else {
      runNaive(record);
      runOurs(record);
    }
  }
  return { ours, naive, purifyVersion: purify.version };
}

function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (check()) resolve();
      else if (performance.now() - start > timeoutMs) reject(new Error(`timed out waiting for ${what}; reports: ${reports.join(' | ')}`));
      else setTimeout(tick, 5);
    };
    tick();
  });
}

/**
 * Runs an element action box and resolves when the element publishes is_busy = false. No timer
 * per call (that would be harness cost inside the measurement): aalRuns has one watchdog.
 */
function runAction(inst: FakeInstance, action: Box, ctx: BubbleContext): Promise<void> {
  return new Promise((resolve) => {
    inst.onPublish = (name, value) => {
      if (name === 'is_busy' && value === false) {
        inst.onPublish = null;
        resolve();
      }
    };
    action(inst, {}, ctx);
  });
}

function withWatchdog<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watchdog = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms; reports: ${reports.join(' | ')}`)), ms);
  });
  return Promise.race([work, watchdog]).finally(() => clearTimeout(timer));
}

interface AnchorGlobal {
  createClient(url: string, key: string): { auth: { mfa: { getAuthenticatorAssuranceLevel(): Promise<{ data: unknown; error: unknown }> } } };
}

/**
 * Row 4: the MFA element (generated initialize + update boxes, plugin keys in context.keys) and
 * raw supabase-js on the same stored session; `n` calls each, interleaved, after `warmup`.
 */
async function aalRuns(url: string, anonKey: string, warmup: number, n: number, blocks: number): Promise<AalRuns> {
  const problems: string[] = [];
  const ctx = context({ 'Supabase URL': url, 'Supabase anon key': anonKey });
  const inst = makeInstance();
  box('mfa_initialize')(inst, ctx);
  box('mfa_update')(inst, { supabase_url: null, anon_key: null, storage_key: null, totp_issuer: null }, ctx);
  await waitFor(() => inst.states.is_signed_in === true && inst.states.current_level === 'aal1', 'the element to restore the stored session');

  const anchorLib = (window as unknown as { SupabaseAnchor?: AnchorGlobal }).SupabaseAnchor;
  if (!anchorLib) throw new Error('the anchor bundle is not loaded');
  const raw = anchorLib.createClient(url, anonKey);
  const action = box('mfa_get_assurance_level');
  const fetchesBefore = fetchLog.length;
  const ours: number[] = [];
  const anchor: number[] = [];
  let anchorResult: unknown = null;

  const one = async (which: 'ours' | 'anchor', record: boolean) => {
    const t0 = performance.now();
    if (which === 'ours') await runAction(inst, action, ctx);
    else {
      const res = await raw.auth.mfa.getAuthenticatorAssuranceLevel();
      anchorResult = res;
      if (res.error) problems.push(`anchor error: ${JSON.stringify(res.error)}`);
    }
    const dt = performance.now() - t0;
    if (record) (which === 'ours' ? ours : anchor).push(dt);
  };
  const oursBlocks: number[] = [];
  const anchorBlocks: number[] = [];
  const measure = async () => {
    for (let i = 0; i < warmup + n; i++) {
      const record = i >= warmup;
      if (i % 2 === 0) {
        await one('ours', record);
        await one('anchor', record);
      } else {
        await one('anchor', record);
        await one('ours', record);
      }
      if (inst.states.error_code) problems.push(`ours error: ${String(inst.states.error_code)} ${String(inst.states.error_message)}`);
    }
    // Back-to-back blocks (alternating) as a cross-check of the per-call medians, which sit on
    // a 5 µs timer grid: per-call mean of each block.
    for (let b = 0; b < blocks * 2; b++) {
      const oursTurn = b % 2 === 0;
      gc();
      const t = performance.now();
      for (let i = 0; i < n; i++) {
        if (oursTurn) await runAction(inst, action, ctx);
        else await raw.auth.mfa.getAuthenticatorAssuranceLevel();
      }
      (oursTurn ? oursBlocks : anchorBlocks).push((performance.now() - t) / n);
    }
  };
  await withWatchdog(measure(), 60_000, 'the assurance-level loop');

  return {
    ours,
    anchor,
    oursBlocks,
    anchorBlocks,
    fetches: fetchLog.slice(fetchesBefore),
    oursStates: { ...inst.states },
    anchorResult,
    reports: [...reports],
    problems: [...new Set(problems)],
  };
}

(window as unknown as { __bench: unknown }).__bench = {
  setBoxes,
  qrRuns,
  aalRuns,
  fetchLog: () => [...fetchLog],
  reports: () => [...reports],
  isolated: () => crossOriginIsolated,
};
