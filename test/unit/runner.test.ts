/**
 * The action runner's prepare step (the hosted runtime's "busy while a chunk loads" step before an action):
 * a loader that fails by throwing still frees the lock, turns Is busy back to no and reports to
 * the debugger (name of the error only), and the action it was to start never runs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ElementView } from '../../shared/bubble/element-view.js';
import type { BubbleInstance } from '../../shared/bubble/types.js';
import { MfaController } from '../../elements/supabase-mfa/controller.js';
import { ActionRunner, type RunnerHost } from '../../elements/supabase-mfa/runner.js';
import type { SupabaseAuth } from '../../shared/client.js';
import { MfaError } from '../../shared/errors.js';
import { fail, ok, type Result } from '../../shared/result.js';

function controller() {
  const published: Array<[string, unknown]> = [];
  const debug: string[] = [];
  const instance = {
    canvas: [],
    data: {},
    publishState: (n: string, v: unknown) => published.push([n, v]),
    triggerEvent: () => undefined,
  } as unknown as BubbleInstance;
  const c = new MfaController(new ElementView(instance), { reportDebugger: (m) => debug.push(m) });
  const busy = () => published.filter(([n]) => n === 'is_busy').map(([, v]) => v);
  return { c, busy, debug };
}

test('a loader that throws: Is busy back to no, the lock free again, the debugger told, next never runs', async () => {
  const { c, busy, debug } = controller();
  let ran = false;
  await c.prepare(
    'enroll_security_key',
    'webauthn',
    () => Promise.reject(new TypeError('secret-looking text eyJhbGciOi')),
    () => {
      ran = true;
    },
  );
  assert.equal(ran, false);
  assert.deepEqual(busy(), [true, false]);
  assert.equal(debug.length, 1);
  assert.match(debug[0]!, /enroll_security_key could not start \(TypeError\)/);
  assert.doesNotMatch(debug[0]!, /eyJ/, 'the message is not echoed');
  // The lock is free: the next click is not ignored as a repeat.
  await c.prepare(
    'enroll_security_key',
    'webauthn',
    () => Promise.resolve(1),
    (v) => {
      ran = v === 1;
    },
  );
  assert.equal(ran, true);
});

test('a repeat while the loader runs is ignored; the first click goes on', async () => {
  const { c, busy } = controller();
  let release!: () => void;
  const first = c.prepare(
    'verify_security_key',
    'webauthn',
    () => new Promise<void>((r) => (release = r)),
    () => undefined,
  );
  let second = false;
  await c.prepare(
    'verify_security_key',
    'webauthn',
    () => Promise.resolve(),
    () => {
      second = true;
    },
  );
  assert.equal(second, false);
  release();
  await first;
  assert.deepEqual(busy(), [true, false]);
});

/** A runner on a stand-in host: records what it publishes, ends generations like the element. */
function runnerOn() {
  const log: string[] = [];
  let generation = 0;
  let ended = new AbortController();
  const nextGeneration = () => {
    generation += 1;
    ended.abort();
    ended = new AbortController();
    runner.endGeneration();
  };
  const auth = {} as SupabaseAuth;
  let runner!: ActionRunner;
  const host: RunnerHost = {
    auth: () => auth,
    generation: () => generation,
    generationSignal: () => ended.signal,
    live: (g) => g === generation,
    beginSession: () => {
      nextGeneration();
      log.push('new session');
    },
    signOutHere: async () => {
      nextGeneration();
      await Promise.resolve();
      log.push('signed out here');
      return generation;
    },
    busy: (busy, starting) => log.push(`busy ${busy}${starting ? ' (errors cleared)' : ''}`),
    fail: (name, e) => log.push(`fail ${name} ${e.code}`),
    report: (m) => log.push(`report ${m.includes('repeated click') ? 'repeat' : m}`),
    notConnected: (name) => log.push(`not connected ${name}`),
    sessionGone: (e) => e.code === 'session_not_found',
    actionStarting: () => undefined,
  };
  runner = new ActionRunner(host);
  return { runner, log, endGeneration: () => host.beginSession() };
}

const held = () => {
  let release!: (r: Result<string>) => void;
  const promise = new Promise<Result<string>>((r) => (release = r));
  return { work: () => promise, release };
};

test('one lock per action: a repeat is ignored, another action runs; busy until both end', async () => {
  const { runner, log } = runnerOn();
  const a = held();
  const first = runner.run('verify_challenge', a.work, (d) => void log.push(`ok ${d}`));
  await runner.run(
    'verify_challenge',
    () => Promise.resolve(ok('x')),
    () => void log.push('second ran'),
  );
  const other = runner.run(
    'list_factors',
    () => Promise.resolve(ok('list')),
    (d) => void log.push(`ok ${d}`),
  );
  await other;
  a.release(ok('verified'));
  await first;
  assert.deepEqual(log, ['busy true (errors cleared)', 'report repeat', 'busy true (errors cleared)', 'ok list', 'busy true', 'ok verified', 'busy false']);
});

test('a result after its generation ended is dropped; the lock was freed when it ended', async () => {
  const { runner, log, endGeneration } = runnerOn();
  const a = held();
  const first = runner.run('enroll_factor', a.work, () => void log.push('published'));
  endGeneration();
  await runner.run(
    'enroll_factor',
    () => Promise.resolve(ok('again')),
    () => void log.push('second ran'),
  );
  a.release(ok('late'));
  await first;
  assert.ok(!log.includes('published'));
  assert.ok(log.includes('second ran'));
  assert.ok(log.some((l) => l.includes('finished after the session changed')));
});

test('a failure: the error, and a dead session signs this page out first (not for session-starting actions)', async () => {
  const { runner, log } = runnerOn();
  await runner.run(
    'list_factors',
    () => Promise.resolve(fail(new MfaError('session_not_found', 'gone'))),
    () => undefined,
  );
  assert.deepEqual(log.slice(-3), ['busy false', 'signed out here', 'fail list_factors session_not_found']);
  log.length = 0;
  await runner.run(
    'sign_in',
    () => Promise.resolve(fail(new MfaError('session_not_found', 'gone'))),
    () => undefined,
    { newSession: () => true },
  );
  assert.ok(!log.includes('signed out here'));
});

test('local first (Sign out): the page signs out before the request; a repeat during either part is ignored', async () => {
  const { runner, log } = runnerOn();
  const revoke = held();
  const first = runner.run('sign_out', revoke.work, () => void log.push('revoked'), { localFirst: true });
  await runner.run('sign_out', revoke.work, () => undefined, { localFirst: true });
  await Promise.resolve();
  await Promise.resolve();
  await runner.run('sign_out', revoke.work, () => undefined, { localFirst: true });
  revoke.release(ok('done'));
  await first;
  assert.deepEqual(log, ['busy false', 'report repeat', 'signed out here', 'busy true (errors cleared)', 'report repeat', 'revoked', 'busy false']);
  log.length = 0;
  await runner.run('sign_out', null, () => undefined, { localFirst: true });
  assert.deepEqual(log, ['busy false', 'signed out here'], 'no token: the local part is all, no busy');
});

test('a throw in the handler never reaches Bubble: the error states, Is busy back to no', async () => {
  const { runner, log } = runnerOn();
  await runner.run(
    'list_factors',
    () => Promise.resolve(ok(1)),
    () => {
      throw new Error('boom');
    },
  );
  assert.deepEqual(log, ['busy true (errors cleared)', 'fail list_factors unexpected_error', 'busy false']);
});
