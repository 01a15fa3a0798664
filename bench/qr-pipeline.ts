/**
 * Row 3: the QR pipeline in Chromium, on Supabase's raw SVG: ours (the tokenizer), today's
 * approach (the same pipeline reading the SVG with DOMParser, bench/qr-today.ts) and DOMPurify on
 * the raw SVG, each from source text to safe markup, then inserted with style and layout forced.
 * Code and loops: bench/page/qr-pipelines.ts.
 *  warm  one page, the three approaches interleaved, median of RUNS after WARMUP;
 *  cold  the first call in a fresh browser context (new renderer): COLD_SAMPLES per approach,
 *        approaches rotated, medians. Script evaluation is not in it (row 6 measures that).
 */
import type { Browser } from 'playwright-core';
import type { PageServer } from './page-server.js';
import type { PageBench } from './page/entry.js';
import { interleave } from './page/interleave.js';
import { QR_APPROACHES, type QrApproach, type QrRun } from './page/qr-pipelines.js';
import type { QrCase } from './qr-payload.js';
import { roundSummary, summarize, type Summary } from './stats.js';

const WARMUP = 5;
const RUNS = 25;
const COLD_SAMPLES = 15;

export interface QrTimes {
  pipeline: Summary;
  total: Summary;
  elements: number;
}

export interface QrPipelineRow {
  case: QrCase['name'];
  version: number;
  mode: 'warm' | 'cold';
  runs: number;
  approaches: Record<QrApproach, QrTimes>;
  /** ours / today, pipeline medians. */
  ratioToToday: number;
  /** mfa (the MFA element's QR code (SVG) state from the URI, shown by an HTML element) / todayMfa (the two steps before), pipeline medians. */
  mfaRatioToToday: number;
  /** ours / DOMPurify on the raw SVG, totals (what each leaves in the page). */
  ratioToPurify: number;
  crossOriginIsolated: boolean;
  problems: string[];
}

type Bench = { __bench: PageBench };

function row(c: QrCase, mode: QrPipelineRow['mode'], runs: Record<string, QrRun[]>, isolated: boolean): QrPipelineRow {
  const times = (a: QrApproach): QrTimes => ({
    pipeline: roundSummary(summarize(runs[a]!.map((r) => r.pipeline))),
    total: roundSummary(summarize(runs[a]!.map((r) => r.total))),
    elements: runs[a]![0]?.elements ?? 0,
  });
  const approaches = Object.fromEntries(QR_APPROACHES.map((a) => [a, times(a)])) as Record<QrApproach, QrTimes>;
  const problems = QR_APPROACHES.flatMap((a) => runs[a]!.map((r) => r.problem).filter((p): p is string => p !== null));
  return {
    case: c.name,
    version: c.version,
    mode,
    runs: runs.ours!.length,
    approaches,
    ratioToToday: approaches.ours.pipeline.median / approaches.today.pipeline.median,
    mfaRatioToToday: approaches.mfa.pipeline.median / approaches.todayMfa.pipeline.median,
    ratioToPurify: approaches.ours.total.median / approaches.purify.total.median,
    crossOriginIsolated: isolated,
    problems: [...new Set(problems)],
  };
}

export async function qrWarmRows(browser: Browser, server: PageServer, cases: QrCase[]): Promise<QrPipelineRow[]> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(server.page(['lib']));
    const isolated = await page.evaluate(() => (window as unknown as Bench).__bench.isolated());
    const rows: QrPipelineRow[] = [];
    for (const c of cases) {
      const runs = await page.evaluate((a) => (window as unknown as Bench).__bench.qrWarm(a.source, a.warmup, a.runs), {
        source: { svg: c.svg, uri: c.uri },
        warmup: WARMUP,
        runs: RUNS,
      });
      rows.push(row(c, 'warm', runs, isolated));
    }
    return rows;
  } finally {
    await context.close();
  }
}

export async function qrColdRow(browser: Browser, server: PageServer, c: QrCase): Promise<QrPipelineRow> {
  let isolated = false;
  // One fresh browser context per sample, approaches rotated by the bench's one timing loop.
  const cold = async (approach: QrApproach): Promise<QrRun> => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(server.page(['lib']));
      isolated = await page.evaluate(() => (window as unknown as Bench).__bench.isolated());
      return await page.evaluate((a) => (window as unknown as Bench).__bench.qrCold(a.approach, a.source), { approach, source: { svg: c.svg, uri: c.uri } });
    } finally {
      await context.close();
    }
  };
  const runs = await interleave(Object.fromEntries(QR_APPROACHES.map((a) => [a, () => cold(a)])), 0, COLD_SAMPLES);
  return row(c, 'cold', runs, isolated);
}
