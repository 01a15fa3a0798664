/**
 * In the page: "get authenticator assurance level" on a stored session, the plugin's element on
 * dev/bubble-harness (the generic Bubble stand-in) against raw supabase-js from the anchor bundle.
 * The element is placed and started through the harness (its generated initialize and update code
 * boxes, plugin keys in context.keys); each timed call runs the element action's code box and ends
 * when the element publishes is_busy = false. The box's function, properties and context are made
 * once, outside the timed calls. During them, publishState only records the value (the harness's
 * checks, value copies and condition refreshes are the stand-in's cost, not the plugin's; they
 * ran on every publish while the element started, and any violation there fails the row).
 */
import { BubbleHarness, findElement, findElementAction, type HarnessWindow, loadPluginModel, type PluginFiles } from '../../dev/bubble-harness/in-page.js';
import type { FetchLog } from './fetch-log.js';
import { interleave } from './interleave.js';

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

interface AnchorGlobal {
  createClient(
    url: string,
    key: string,
    options: { auth: { storageKey: string } },
  ): { auth: { mfa: { getAuthenticatorAssuranceLevel(): Promise<{ data: unknown; error: unknown }> } } };
}

export interface AalSetup {
  files: PluginFiles;
  url: string;
  anonKey: string;
  /** Where the session is stored (both clients read it there). */
  storageKey: string;
  warmup: number;
  calls: number;
  blocks: number;
}

export async function aalRuns(log: FetchLog, s: AalSetup): Promise<AalRuns> {
  const problems: string[] = [];
  const win = window as unknown as HarnessWindow;
  const model = loadPluginModel(s.files);
  const mfa = findElement(model, 'supabase_mfa');
  const harness = new BubbleHarness({
    model,
    window: win,
    keys: { 'Supabase URL': s.url, 'Supabase anon key': s.anonKey },
    headersPreloaded: [mfa.id],
    countRequests: false,
  });
  const inst = harness.place(mfa.id);
  await inst.waitFor(() => inst.states.is_signed_in === true && inst.states.current_level === 'aal1', {
    what: 'the element to restore the stored session',
  });

  // A restored session is checked once with the server in the background (GET /user); let that
  // settle first, so the timed calls count only what Get AAL itself sends (the row reports it apart).
  await inst.waitFor(() => log.entries.some((e) => e.includes('[supabase-mfa-bubble/')) && log.pending === 0, {
    what: "the restored session's background check",
  });

  // The action's code box, as a workflow step runs it; its arguments made once.
  const action = findElementAction(mfa, 'get_assurance_level');
  const where = `${inst.name} / ${action.caption}`;
  const box = harness.fn(action.run);
  const props = harness.properties(inst, action.fields, {}, { where, notReadyHit: false, done: false }, false);
  const context = harness.clientContext(inst, where);
  let settled: (() => void) | null = null;
  const checkedPublish = inst.instance.publishState;
  inst.instance.publishState = (name, value) => {
    inst.states[name] = value;
    if (name === 'is_busy' && value === false) settled?.();
  };
  const ours = () =>
    new Promise<void>((resolve) => {
      settled = resolve;
      box(inst.instance, props, context);
    });

  const anchorLib = (window as unknown as { SupabaseAnchor?: AnchorGlobal }).SupabaseAnchor;
  if (!anchorLib) throw new Error('the anchor bundle is not loaded');
  const raw = anchorLib.createClient(s.url, s.anonKey, { auth: { storageKey: s.storageKey } });
  let anchorResult: unknown = null;
  const anchor = async () => {
    anchorResult = await raw.auth.mfa.getAuthenticatorAssuranceLevel();
    const error = (anchorResult as { error: unknown }).error;
    if (error) problems.push(`anchor error: ${JSON.stringify(error)}`);
  };
  const timed = (fn: () => Promise<void>) => async () => {
    const t = performance.now();
    await fn();
    if (inst.states.error_code) problems.push(`ours error: ${String(inst.states.error_code)} ${String(inst.states.error_message)}`);
    return performance.now() - t;
  };

  const fetchesBefore = log.entries.length;
  const perCall = await interleave({ ours: timed(ours), anchor: timed(anchor) }, s.warmup, s.calls);
  // Back-to-back blocks as a cross-check of the per-call medians, which sit on a 5 µs timer grid.
  const block = (fn: () => Promise<void>) => async () => {
    const t = performance.now();
    for (let i = 0; i < s.calls; i++) await fn();
    return (performance.now() - t) / s.calls;
  };
  const blocks = await interleave({ ours: block(ours), anchor: block(anchor) }, 0, s.blocks, true);
  inst.instance.publishState = checkedPublish;
  harness.assertClean();
  // Both sides must have read the same stored session, or the comparison is void.
  const anchorLevels = (anchorResult as { data?: { currentLevel?: unknown; nextLevel?: unknown } } | null)?.data;
  if (anchorLevels?.currentLevel !== inst.states.current_level || anchorLevels?.nextLevel !== inst.states.next_level) {
    problems.push(
      `the two sides read different sessions: anchor ${JSON.stringify(anchorLevels)}, ours ${String(inst.states.current_level)}/${String(inst.states.next_level)}`,
    );
  }

  return {
    ours: perCall.ours!,
    anchor: perCall.anchor!,
    oursBlocks: blocks.ours!,
    anchorBlocks: blocks.anchor!,
    fetches: log.entries.slice(fetchesBefore),
    oursStates: { ...inst.states },
    anchorResult,
    reports: harness.debug.map((d) => `${d.where}: ${d.message}`),
    problems: [...new Set(problems)],
  };
}
