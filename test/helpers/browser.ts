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

/**
 * `promise`, or a failure saying what was awaited once `ms` passed: for the test's own promises
 * (a held request's answer, its hand-over to the page), which Playwright's waits do not cover.
 */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}
