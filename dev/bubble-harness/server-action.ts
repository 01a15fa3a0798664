/**
 * A server-side action (plugin API v4) as Bubble's server runs it: `await fn(properties, context)`
 * with every key, secure ones included. A rejection or a return value that is not declared (or
 * not of its declared type) is a violation.
 */
import { checkBubbleValue, preview } from './bubble-values.js';
import type { BoxFunction } from './code-box.js';
import { describeError } from './code-box.js';
import { serverKeys, type KeyValues } from './keys.js';
import { findServerAction, type PluginModel, type ServerActionSpec } from './plugin-model.js';
import { bubbleProperties } from './properties.js';
import type { CallRecord, FieldValues, Violate } from './records.js';

export interface ServerActionOptions {
  /** Keys for this call (default: the harness's). */
  keys?: KeyValues;
  /** Turns the box's text into a function (e.g. in a bare node:vm context); default: the harness's. */
  evaluate?: (text: string) => BoxFunction;
}

export interface ServerActionHost {
  model: PluginModel;
  keys: KeyValues;
  violate: Violate;
  fn(text: string): BoxFunction;
}

/** Runs the server action `ref` (ID, caption or runtime name); resolves to what it returned (undefined after a violation that left nothing). */
export async function runServerAction(
  host: ServerActionHost,
  ref: string,
  props: FieldValues = {},
  opts: ServerActionOptions = {},
): Promise<Record<string, unknown> | undefined> {
  const sa: ServerActionSpec = findServerAction(host.model, ref);
  if (sa.type !== 'server_side') throw new Error(`${sa.display} is not a server-side action`);
  const names = new Set(sa.fields.map((f) => f.name));
  for (const k of Object.keys(props)) if (!names.has(k)) throw new TypeError(`test error: ${sa.display} has no field "${k}"`);
  const where = `server action ${sa.display}`;
  const violate = host.violate;
  const context = {
    keys: serverKeys(host.model, opts.keys ?? host.keys, violate, where),
    currentUser: { get: () => null, listProperties: () => [] },
    userTimezone: 'UTC',
    isBubbleThing: () => false,
    isBubbleList: () => false,
  };
  const call: CallRecord = { where, notReadyHit: false, done: false };
  const fn = opts.evaluate ? opts.evaluate(sa.server) : host.fn(sa.server);
  let returned: unknown;
  try {
    const properties = bubbleProperties({ owner: null, fields: sa.fields, values: props, call, withStyle: false, violate, PageError: Error });
    returned = await fn(properties, context);
  } catch (e) {
    violate('threw', where, `rejected (Bubble stops the workflow with an error): ${describeError(e)}`);
    return undefined;
  }
  if (returned === null || typeof returned !== 'object') {
    if (sa.returns.length) violate('bad_return', where, `returned ${preview(returned)} instead of an object with ${sa.returns.map((r) => r.name).join(', ')}`);
    return undefined;
  }
  const out = returned as Record<string, unknown>;
  checkReturns(sa, out, violate, where);
  return out;
}

function checkReturns(sa: ServerActionSpec, out: Record<string, unknown>, violate: Violate, where: string): void {
  const byName = new Map(sa.returns.map((r) => [r.name, r]));
  for (const [k, v] of Object.entries(out)) {
    const r = byName.get(k);
    if (!r) {
      violate('bad_return', where, `returned "${k}", which is not a declared return value`);
      continue;
    }
    const bad = checkBubbleValue(r.value, r.is_list, v);
    if (bad) violate('bad_return', where, `return value "${k}": ${bad}`);
  }
  for (const r of sa.returns) if (!(r.name in out)) violate('bad_return', where, `did not return "${r.name}"`);
}
