/**
 * The end-of-test check of a Chromium page: nothing the Bubble harness flags (undeclared states,
 * wrong types, …), no request outside what the test allowed, no uncaught page error, no dialog.
 */
import assert from 'node:assert/strict';
import type { Watched } from '../../dev/browser/index.js';

export async function assertPageClean(w: Watched): Promise<void> {
  assert.deepEqual(await w.page.evaluate(() => window.bubbleHarness.violations()), []);
  assert.deepEqual(w.unexpected, []);
  assert.deepEqual(w.pageErrors, []);
  assert.deepEqual(w.dialogs, []);
}
