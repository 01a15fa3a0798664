/**
 * The built server-side actions (dist/bubble-plugin/actions/<ID>/server.js), evaluated the way
 * Bubble runs them — `async function(properties, context)` — in a fresh node:vm context that
 * holds only the globals listed in SERVER_BOX_GLOBALS (no require, no process, no Buffer): the
 * box is self-contained. Failures come back as error_code/error_message return values, never as
 * a rejection, and every declared return value is always present with its declared type.
 *
 * The success paths use a loopback stub answering the two admin endpoints with the JSON shape
 * Supabase Auth returns; it is there to exercise the box's plumbing (fetch, JSON, return values),
 * not to stand in for Supabase: the real-server flows live in test/browser/mfa-flow.test.ts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createJsdomHarness, type JsdomHarness, NODE_SERVER_GLOBALS, vmEvaluator } from '../../dev/bubble-harness/index.js';
import { startJsonServer } from '../helpers/fixtures.js';
import { freePort } from '../../dev/testbed/index.js';

/** The minimal globals the server boxes need (found by elimination below). */
export const SERVER_BOX_GLOBALS = { fetch, URL } as const;

const LIST = 'Supabase MFA - List factors for a user (admin)';
const DELETE = 'Supabase MFA - Delete a factor for a user (admin)';
const USER = randomUUID();
const FACTOR = randomUUID();
const OTHER = randomUUID();

let h: JsdomHarness;
let stub: Awaited<ReturnType<typeof startJsonServer>>;
let refused: string;

before(async () => {
  h = createJsdomHarness({});
  refused = `http://127.0.0.1:${await freePort()}`;
  stub = await startJsonServer(({ method, path, headers }) => {
    // 'service-key' is not a JWT: like a new-style key it travels in apikey only, never as a Bearer token.
    if (headers.apikey !== 'service-key' || headers.authorization !== undefined) return { status: 401, body: { code: 'no_authorization', msg: 'bad key' } };
    if (method === 'GET' && path === `/auth/v1/admin/users/${USER}/factors`) {
      return {
        status: 200,
        body: [
          { id: FACTOR, friendly_name: 'iPhone', factor_type: 'totp', status: 'verified', created_at: '', updated_at: '' },
          { id: OTHER, friendly_name: '', factor_type: 'phone', status: 'unverified', created_at: '', updated_at: '' },
        ],
      };
    }
    if (method === 'DELETE' && path === `/auth/v1/admin/users/${USER}/factors/${FACTOR}`) return { status: 200, body: { id: FACTOR } };
    return { status: 404, body: { code: 'mfa_factor_not_found', msg: 'Factor not found' } };
  });
});
after(async () => {
  h.close();
  await stub.close();
});

const keys = (url: string | null, service: string | null = 'service-key') => ({
  ...(url ? { 'Supabase URL': url } : {}),
  ...(service ? { 'Supabase service role key': service } : {}),
  'Supabase anon key': 'anon',
});

async function run(action: string, props: Record<string, unknown>, k: Record<string, string>, globals: Record<string, unknown> = SERVER_BOX_GLOBALS) {
  h.harness.violations.length = 0;
  const out = await h.harness.runServerAction(action, props, { keys: k, evaluate: vmEvaluator(globals) });
  h.harness.assertClean(); // resolved (no throw), every declared return value present and well-typed
  return JSON.parse(JSON.stringify(out)) as Record<string, unknown>;
}

describe('server-side actions in a bare vm context', () => {
  test('missing service role key → missing_keys, returned not thrown', async () => {
    for (const action of [LIST, DELETE]) {
      const out = await run(action, { user_id: USER, ...(action === DELETE ? { factor_id: FACTOR } : {}) }, keys(stub.url, null));
      assert.equal(out.error_code, 'missing_keys', action);
      assert.match(String(out.error_message), /service role key/);
      assert.doesNotMatch(JSON.stringify(out), /service-key/);
    }
  });

  test('missing URL → missing_keys', async () => {
    const out = await run(LIST, { user_id: USER }, keys(null));
    assert.equal(out.error_code, 'missing_keys');
  });

  test('bad user id / factor id → invalid_input, and no request is sent', async () => {
    const before = stub.requests.length;
    for (const [action, props] of [
      [LIST, { user_id: 'not-a-uuid' }],
      [LIST, { user_id: null }],
      [DELETE, { user_id: 'x', factor_id: FACTOR }],
      [DELETE, { user_id: USER, factor_id: '' }],
    ] as const) {
      const out = await run(action, props, keys(stub.url));
      assert.equal(out.error_code, 'invalid_input', `${action} ${JSON.stringify(props)}`);
    }
    assert.equal(stub.requests.length, before);
  });

  test('unreachable server → network_error', async () => {
    const out = await run(LIST, { user_id: USER }, keys(refused));
    assert.equal(out.error_code, 'network_error');
    assert.deepEqual(out.factor_ids, []);
    assert.equal(out.verified_factor_count, 0);
  });

  test('success paths: the lists and the deleted id come back as declared', async () => {
    const list = await run(LIST, { user_id: USER }, keys(stub.url));
    assert.deepEqual(list.factor_ids, [FACTOR, OTHER]);
    assert.deepEqual(list.factor_names, ['iPhone', '']);
    assert.deepEqual(list.factor_types, ['totp', 'phone']);
    assert.deepEqual(list.factor_statuses, ['verified', 'unverified']);
    assert.equal(list.verified_factor_count, 1);
    assert.equal(list.error_code, null);
    const del = await run(DELETE, { user_id: USER, factor_id: FACTOR }, keys(stub.url));
    assert.deepEqual(del, { deleted_factor_id: FACTOR, error_code: null, error_message: null });
    const missing = await run(DELETE, { user_id: USER, factor_id: randomUUID() }, keys(stub.url));
    assert.equal(missing.error_code, 'mfa_factor_not_found');
  });

  test(`the minimal globals are exactly ${Object.keys(SERVER_BOX_GLOBALS).join(' + ')}: with all of Node's it behaves the same; without either it breaks`, async () => {
    const scenarios = async (globals: Record<string, unknown>) =>
      JSON.stringify([
        await run(LIST, { user_id: USER }, keys(stub.url), globals).catch((e: Error) => e.message),
        await run(LIST, { user_id: USER }, keys(refused), globals).catch((e: Error) => e.message),
        await run(DELETE, { user_id: USER, factor_id: FACTOR }, keys(stub.url), globals).catch((e: Error) => e.message),
        await run(LIST, { user_id: 'bad' }, keys(stub.url), globals).catch((e: Error) => e.message),
      ]);
    const minimal = await scenarios(SERVER_BOX_GLOBALS);
    const quiet = { ...NODE_SERVER_GLOBALS, console: { ...console, warn: () => undefined } };
    assert.equal(await scenarios(quiet), minimal, 'full Node globals give the same results');
    for (const name of Object.keys(SERVER_BOX_GLOBALS)) {
      const without: Record<string, unknown> = { ...SERVER_BOX_GLOBALS };
      delete without[name];
      assert.notEqual(await scenarios(without), minimal, `${name} is needed`);
    }
    // require is never needed: it is not in the context at all.
    assert.equal(vmEvaluator({})('function () { return typeof require; }')(), 'undefined');
  });

  test("the box writes nothing to the console on Bubble's Node 18", async () => {
    const logged: string[] = [];
    const capture = {
      log: (...a: unknown[]) => logged.push(a.join(' ')),
      warn: (...a: unknown[]) => logged.push(a.join(' ')),
      error: (...a: unknown[]) => logged.push(a.join(' ')),
      info: () => undefined,
      debug: () => undefined,
    };
    await run(LIST, { user_id: 'bad' }, keys(stub.url), { ...SERVER_BOX_GLOBALS, console: capture, process: { version: 'v18.20.4', env: {} } });
    assert.deepEqual(logged, []);
  });
});
