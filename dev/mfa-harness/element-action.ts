/**
 * Runs one of an element's actions in the jsdom harness, as a builder's workflow step would, and
 * waits until it is over: its success event or `error`, then Is busy back to no. The jsdom
 * counterpart of run-action.ts (Chromium).
 */
import type { ElementInstance } from '../bubble-harness/element-instance.js';
import type { EventRecord } from '../bubble-harness/records.js';

/** The event that ended the action: `until`, or `error`. */
export async function runElementAction(
  el: ElementInstance,
  action: string,
  props: Record<string, unknown>,
  until: string,
  timeoutMs = 15_000,
): Promise<EventRecord> {
  const before = el.events.length;
  el.runAction(action, props);
  const ev = await el.waitForAnyEvent([until, 'error'], { after: before, timeout: timeoutMs });
  await el.waitForState('is_busy', false);
  return ev;
}

/** Like runElementAction, for a step that must work: an `error` event throws, naming its code, message and setup problem. */
export async function expectElementAction(el: ElementInstance, action: string, props: Record<string, unknown>, success: string): Promise<EventRecord> {
  const ev = await runElementAction(el, action, props, success);
  if (ev.event === 'error') {
    throw new Error(`${action}: [${ev.states.error_code}] ${ev.states.error_message}${ev.states.setup_problem ? ` ${ev.states.setup_problem}` : ''}`);
  }
  return ev;
}

/**
 * Waits until the Supabase MFA element's start-up is over, by asking for something that can only
 * come after it: Get assurance level (it sends no request) and its end (Is busy back to no).
 * auth-js answers an action only once it has restored what storage held, including any question
 * the storage guard asked the server first, so a test that asserts what start-up did NOT do
 * (no session taken, no request, the address left alone) has its later signal here. Its answer
 * is this page's session: Current level stays empty when none was restored.
 * Like every action, its start clears Error code / Error message.
 */
export async function waitForStartup(el: ElementInstance, timeoutMs = 15_000): Promise<void> {
  const mark = el.publishes.length;
  el.runAction('get_assurance_level', {});
  await el.waitFor(() => el.publishes.slice(mark).some((p) => p.name === 'is_busy' && p.value === false), {
    timeout: timeoutMs,
    what: 'Get assurance level to end (start-up over)',
  });
}
