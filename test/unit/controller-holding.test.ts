/**
 * MfaController.holding (the hosted runtime's "busy while a chunk loads" step before an action):
 * a loader that fails by throwing still frees the lock, turns Is busy back to no and reports to
 * the debugger (name of the error only), and the action it was to start never runs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ElementView } from '../../shared/bubble/element-view.js';
import type { BubbleInstance } from '../../shared/bubble/types.js';
import { MfaController } from '../../elements/supabase-mfa/controller.js';

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
  await c.holding(
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
  await c.holding(
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
  const first = c.holding(
    'verify_security_key',
    'webauthn',
    () => new Promise<void>((r) => (release = r)),
    () => undefined,
  );
  let second = false;
  await c.holding(
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
