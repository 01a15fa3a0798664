/**
 * shared/bubble/guard.ts: nothing is thrown into Bubble but its own 'not ready', and what reaches
 * the debugger names the kind of failure, never the thrown message (it can quote a pasted token).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { guard, reportTo } from '../../shared/bubble/guard.js';

const TOKENISH = 'eyJhbGciOiJIUzI1NiJ9.secret';

test('a throw is reported by kind, without its message, and not rethrown', () => {
  const debug: string[] = [];
  guard('update', reportTo({ reportDebugger: (m) => debug.push(m) }), () => {
    throw new TypeError(`bad ${TOKENISH}`);
  });
  assert.deepEqual(debug, ['Supabase MFA: update failed: TypeError']);
});

test('a rejected promise is reported the same way', async () => {
  const debug: string[] = [];
  guard('run', reportTo({ reportDebugger: (m) => debug.push(m) }), () => Promise.reject(new RangeError(TOKENISH)));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(debug, ['Supabase MFA: run failed: RangeError']);
});

test("Bubble's 'not ready' goes through, so Bubble runs the code again later", () => {
  assert.throws(
    () =>
      guard('update', reportTo({}), () => {
        throw new Error('not ready');
      }),
    /not ready/,
  );
});

test('a debugger that throws does not turn a handled failure into a thrown one', () => {
  const report = reportTo({
    reportDebugger: () => {
      throw new Error('debugger broke');
    },
  });
  assert.doesNotThrow(() => guard('update', report, () => Promise.reject(new Error('x'))));
  assert.doesNotThrow(() => report('hello'));
});
