/** Debian's Chromium through playwright-core (no browser download), as the tests launch it. */
import type { Browser } from 'playwright-core';
import { launchChromium as launchDevChromium } from '../dev/browser/index.js';

export function launchChromium(): Promise<Browser> {
  // window.gc(), called between runs OUTSIDE the timed regions so a collection of the previous
  // run's garbage does not land inside the next measurement.
  return launchDevChromium(['--js-flags=--expose-gc']);
}
