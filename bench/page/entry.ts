/**
 * The bench's page script (bundled to an IIFE by bench/page-server.ts, first in <head>): installs
 * the request log before any runtime loads, then offers the in-page measurements to Playwright
 * as window.__bench. Loops run in the page so no DevTools round trip sits inside a timed region.
 */
import { aalRuns, type AalSetup } from './aal-runs.js';
import { installFetchLog } from './fetch-log.js';
import { interleave } from './interleave.js';
import { QR_APPROACHES, runQr, type QrApproach, type QrSource } from './qr-pipelines.js';

const log = installFetchLog(window);

const bench = {
  /** Warm: every approach `runs` times after `warmup`, interleaved. */
  qrWarm: (source: QrSource, warmup: number, runs: number) =>
    interleave(Object.fromEntries(QR_APPROACHES.map((a) => [a, () => runQr(a, source)])), warmup, runs),
  /** Cold: the first call of one approach in this page. */
  qrCold: (approach: QrApproach, source: QrSource) => runQr(approach, source),
  aalRuns: (setup: AalSetup) => aalRuns(log, setup),
  fetchLog: () => [...log.entries],
  isolated: () => crossOriginIsolated,
};

export type PageBench = typeof bench;

(window as unknown as { __bench: PageBench }).__bench = bench;
