/**
 * Runs one of the Supabase MFA element's actions on a harness page in Chromium, as a builder's
 * workflow step would, and waits until it is over: its success event or `error`, then Is busy
 * back to no and every field binding settled. What the browser tests read after each step.
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

export function runMfaAction(
  page: Page,
  instance: string,
  action: string,
  props: Record<string, unknown>,
  until: string,
  timeoutMs = 20_000,
): Promise<ActionOutcome> {
  return page.evaluate(
    async ({ instance, action, props, until, timeoutMs }) => {
      const h = (window as unknown as { bubbleHarness: MfaHarnessRpc }).bubbleHarness;
      const after = h.eventCount(instance);
      h.runAction(instance, action, props);
      const ev = await h.waitForAnyEvent(instance, [until, 'error'], after, timeoutMs);
      await h.waitForState(instance, 'is_busy', false);
      await h.bindingsSettled();
      return { event: ev.event, ev, states: h.states(instance), debug: h.debug(instance) };
    },
    { instance, action, props, until, timeoutMs },
  );
}

/** runMfaAction bound to one element on one page: `run(action, props, until)`. */
export function mfaRunner(page: Page, instance: string) {
  return (action: string, props: Record<string, unknown>, until: string, timeoutMs?: number) => runMfaAction(page, instance, action, props, until, timeoutMs);
}
