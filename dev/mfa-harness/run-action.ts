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

/**
 * Waits until `action`, whose session ended while it ran, is over: the element reported its
 * result discarded (the runner's debugger message), or it fired `until` or `error` after event
 * number `after` (which the caller then asserts did not happen). The signal a test waits for
 * before asserting that nothing was published after a sign-out, instead of sleeping.
 */
export async function waitMfaActionDropped(page: Page, instance: string, action: string, until: string, after: number, timeoutMs = 10_000): Promise<void> {
  try {
    await page.waitForFunction(
      ({ instance, action, until, after }) => {
        const rpc = (window as unknown as { bubbleHarness: MfaHarnessRpc }).bubbleHarness;
        const discarded = rpc.debug(instance).some((m) => m.includes(`${action} finished after the session changed; its result was discarded`));
        return (
          discarded ||
          rpc
            .events(instance)
            .slice(after)
            .some((e) => e.event === until || e.event === 'error')
        );
      },
      { instance, action, until, after },
      { timeout: timeoutMs, polling: 50 },
    );
  } catch (e) {
    const debug = await page.evaluate((i) => (window as unknown as { bubbleHarness: MfaHarnessRpc }).bubbleHarness.debug(i), instance).catch(() => []);
    throw new Error(
      `timed out after ${timeoutMs} ms waiting for ${action} to end (its result discarded, or ${until} / error); debugger: ${JSON.stringify(debug)} (${String(e)})`,
    );
  }
}

/**
 * Waits until the Supabase MFA element's start-up on a Chromium page is over, by asking for
 * something that can only come after it: Get assurance level (it sends no request) and its end
 * (Is busy published back to no). auth-js answers an action only once it has restored what
 * storage held, so a test asserting what start-up did NOT do (no session taken, the aal2 group
 * left hidden) has its later signal here. Like every action, it clears Error code / message.
 */
export async function waitForPageStartup(page: Page, instance: string, timeoutMs = 15_000): Promise<void> {
  const mark = await page.evaluate((i) => {
    const rpc = (window as unknown as { bubbleHarness: MfaHarnessRpc }).bubbleHarness;
    const before = rpc.published(i, 'is_busy').length;
    rpc.runAction(i, 'get_assurance_level', {});
    return before;
  }, instance);
  try {
    await page.waitForFunction(
      ({ i, mark }) => (window as unknown as { bubbleHarness: MfaHarnessRpc }).bubbleHarness.published(i, 'is_busy').slice(mark).includes(false),
      { i: instance, mark },
      { timeout: timeoutMs, polling: 50 },
    );
  } catch (e) {
    throw new Error(`timed out after ${timeoutMs} ms waiting for Get assurance level to end (start-up over) (${String(e)})`);
  }
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
