/**
 * Row 3: QR sanitise + render time in Chromium, on Supabase's raw SVG.
 *  ours:  the QR element's generated `initialize` code box (untimed), then its `update` box with
 *         the raw SVG as qr_source (timed): window.SupabaseMfaBubble.run('qr_code', 'update', …)
 *         → prepareQr (normalise, DOMParser, re-emit, DOMPurify allow-list) → box.innerHTML.
 *         The header script is dist/'s headers.html verbatim; no seam is needed.
 *  naive: DOMPurify (node_modules/dompurify/dist/purify.min.js, the version we bundle)
 *         sanitize(raw, { USE_PROFILES: { svg: true } }) → div.innerHTML.
 * Timed: the synchronous call, and the call plus a forced style/layout of the inserted SVG (the
 * headline). Paint is not included. gc() runs before each run, outside the timer.
 */
import type { Browser } from 'playwright-core';
import type { PageServer } from './page-server.js';
import type { BuiltPlugin } from './plugin-files.js';
import type { QrCase } from './qr-payload.js';
import { roundSummary, summarize, type Summary } from './stats.js';
import type { TimedRuns } from './page-lib.js';

export interface QrRenderRow {
  case: QrCase['name'];
  version: number;
  runs: number;
  warmup: number;
  ours: { total: Summary; sync: Summary; elements: number; allNodes: number; insertedChars: number };
  naive: { total: Summary; sync: Summary; elements: number; allNodes: number; insertedChars: number };
  ratio: number;
  purifyVersion: string;
  crossOriginIsolated: boolean;
  problems: string[];
}

const WARMUP = 5;
const RUNS = 25;

export async function qrRenderRows(browser: Browser, server: PageServer, plugin: BuiltPlugin, cases: QrCase[]): Promise<QrRenderRow[]> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(server.page(['lib', 'qr', 'purify']));
    await page.evaluate((b) => (window as any).__bench.setBoxes(b), { qr_initialize: plugin.qr.boxes.initialize, qr_update: plugin.qr.boxes.update });
    const isolated = (await page.evaluate(() => (window as any).__bench.isolated())) as boolean;
    const rows: QrRenderRow[] = [];
    for (const c of cases) {
      const r = (await page.evaluate((a) => (window as any).__bench.qrRuns(a.svg, a.warmup, a.runs), { svg: c.svg, warmup: WARMUP, runs: RUNS })) as {
        ours: TimedRuns;
        naive: TimedRuns;
        purifyVersion: string;
      };
      const side = (t: TimedRuns) => ({
        total: roundSummary(summarize(t.total)),
        sync: roundSummary(summarize(t.sync)),
        elements: t.elements,
        allNodes: t.allNodes,
        insertedChars: t.insertedChars,
      });
      const ours = side(r.ours);
      const naive = side(r.naive);
      rows.push({
        case: c.name,
        version: c.version,
        runs: RUNS,
        warmup: WARMUP,
        ours,
        naive,
        ratio: ours.total.median / naive.total.median,
        purifyVersion: r.purifyVersion,
        crossOriginIsolated: isolated,
        problems: [...r.ours.problems, ...r.naive.problems],
      });
    }
    return rows;
  } finally {
    await context.close();
  }
}
