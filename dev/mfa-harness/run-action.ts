/**
 * Runs one of the Supabase MFA element's actions on a harness page in Chromium, as a builder's
 * workflow step would, and waits until it is over: its success event or `error`, then Is busy
 * back to no and every field binding settled. What the browser tests read after each step.
 * The two halves are apart for tests that act while an action runs (start, then wait).
 */
import type { Page } from 'playwright-core';
import type { MfaHarnessRpc } from './rpc.js';

export interface ActionOutcome {
  event: string;
  ev: { event: string; seq: number; states: Record<string, unknown> };
  /** The element's states once Is busy is back to no. */
  states: Record<string, unknown>;
  debug: string[];
}

/** Starts `action` without waiting; returns the event count to wait after. */
export function startMfaAction(page: Page, instance: string, action: string, props: Record<string, unknown> = {}): Promise<number> {
  return page.evaluate(
    ({ instance, action, props }) => {
      const rpc = (window as unknown as { bubbleHarness: MfaHarnessRpc }).bubbleHarness;
      const after = rpc.eventCount(instance);
      rpc.runAction(instance, action, props);
      return after;
    },
    { instance, action, props },
  );
}

/** Waits for `until` or `error` after event number `after`, then Is busy no and the bindings settled. */
export function waitMfaAction(page: Page, instance: string, until: string, after: number, timeoutMs = 20_000): Promise<ActionOutcome> {
  return page.evaluate(
    async ({ instance, until, after, timeoutMs }) => {
      const rpc = (window as unknown as { bubbleHarness: MfaHarnessRpc }).bubbleHarness;
      const ev = await rpc.waitForAnyEvent(instance, [until, 'error'], after, timeoutMs);
      await rpc.waitForState(instance, 'is_busy', false);
      await rpc.bindingsSettled();
      return { event: ev.event, ev, states: rpc.states(instance), debug: rpc.debug(instance) };
    },
    { instance, until, after, timeoutMs },
  );
}

export async function runMfaAction(
  page: Page,
  instance: string,
  action: string,
  props: Record<string, unknown>,
  until: string,
  timeoutMs = 20_000,
): Promise<ActionOutcome> {
  return waitMfaAction(page, instance, until, await startMfaAction(page, instance, action, props), timeoutMs);
}

/** The outcome of a step that must work: anything but `success` throws, with the element's error states. */
export function expectOutcome<O extends { ev: { event: string }; states: Record<string, unknown> }>(outcome: O, action: string, success: string): O {
  if (outcome.ev.event !== success) {
    const s = outcome.states;
    throw new Error(
      `${action}: ${outcome.ev.event} instead of ${success} [${s.error_code}] ${s.error_message}${s.setup_problem ? ` ${s.setup_problem}` : ''} ${JSON.stringify(s)}`,
    );
  }
  return outcome;
}

/**
 * runMfaAction bound to one element on one page: `run(action, props, until)`, and
 * `run.expect(action, props, success)` for a step that must work.
 */
export function mfaRunner(page: Page, instance: string) {
  const run = (action: string, props: Record<string, unknown>, until: string, timeoutMs?: number) =>
    runMfaAction(page, instance, action, props, until, timeoutMs);
  const expect = async (action: string, props: Record<string, unknown>, success: string, timeoutMs?: number) =>
    expectOutcome(await run(action, props, success, timeoutMs), action, success);
  return Object.assign(run, { expect });
}
