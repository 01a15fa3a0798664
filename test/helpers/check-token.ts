/**
 * The built "Check an access token" box (dist/bubble-plugin) run as Bubble's server runs it —
 * `await fn(properties, context)` — in a bare node:vm holding only the globals given, its fetch
 * recorded: "no request" then means the box had no other way out.
 */
import assert from 'node:assert/strict';
import { distModel, type KeyValues, runServerAction, type SentRequest, serverActionHost } from '../../dev/bubble-harness/index.js';

export const CHECK = 'Supabase MFA - Check an access token';
/** What the check's box needs on Bubble's Node (found by elimination in test/e2e/check-token.test.ts). */
export const CHECK_BOX_GLOBALS = { fetch, URL, atob, TextDecoder } as const;

export interface Checked {
  out: Record<string, unknown>;
  sent: SentRequest[];
}

/** The built box with these keys and globals; a Bubble-rule violation (a throw, an undeclared or mistyped return) fails the test. */
export async function runCheck(keys: KeyValues, props: Record<string, unknown>, globals: Record<string, unknown> = CHECK_BOX_GLOBALS): Promise<Checked> {
  const host = serverActionHost(distModel(), keys, globals);
  const out = await runServerAction(host, CHECK, props);
  assert.deepEqual(host.violations, [], 'the box keeps Bubble’s rules');
  return { out: thisRealm(out!), sent: host.sent };
}

/** The vm's lists and dates as this realm's, so deepStrictEqual compares values, not prototypes. */
function thisRealm(out: Record<string, unknown>): Record<string, unknown> {
  const copy = (v: unknown): unknown =>
    Array.isArray(v) ? Array.from(v, copy) : Object.prototype.toString.call(v) === '[object Date]' ? new Date((v as Date).getTime()) : v;
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, copy(v)]));
}
