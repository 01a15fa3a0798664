/**
 * Row 6: evaluation time of a runtime script on page load. Each sample is a fresh browser
 * context (new renderer, cold V8 heap) loading a page whose <head> is
 *   <script>__t0 = performance.now()</script> PART <script>__t1 = performance.now()</script>
 * so __t1 − __t0 is the parse + compile + top-level run of PART's inline script(s). PART is the
 * element's headers.html verbatim (mfa, qr) or the anchor bundle; a unique trailing comment per
 * sample keeps V8's compilation cache out of it. Kinds are interleaved round by round.
 */
import type { Browser } from 'playwright-core';
import type { PageServer, Part } from './page-server.js';
import { roundSummary, summarize, type Summary } from './stats.js';

const WARMUP = 3;
const SAMPLES = 20;

export type EvalKind = 'mfa' | 'qr' | 'anchor';

export interface EvalRow {
  samples: number;
  warmup: number;
  ms: Record<EvalKind, Summary>;
}

async function sample(browser: Browser, server: PageServer, part: Part, nonce: string): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(server.evalPage(part, nonce), { waitUntil: 'load' });
    const dt = (await page.evaluate(() => (window as any).__t1 - (window as any).__t0)) as number;
    if (!(dt >= 0)) throw new Error(`no evaluation time for ${part}`);
    return dt;
  } finally {
    await context.close();
  }
}

export async function evalRow(browser: Browser, server: PageServer): Promise<EvalRow> {
  const kinds: EvalKind[] = ['mfa', 'qr', 'anchor'];
  const times: Record<EvalKind, number[]> = { mfa: [], qr: [], anchor: [] };
  for (let i = 0; i < WARMUP + SAMPLES; i++) {
    // Rotate the order so no kind always runs right after another one.
    const order = kinds.map((_, j) => kinds[(i + j) % kinds.length]!);
    for (const kind of order) {
      const dt = await sample(browser, server, kind, `${kind}-${i}-${Date.now().toString(36)}`);
      if (i >= WARMUP) times[kind].push(dt);
    }
  }
  return {
    samples: SAMPLES,
    warmup: WARMUP,
    ms: { mfa: roundSummary(summarize(times.mfa)), qr: roundSummary(summarize(times.qr)), anchor: roundSummary(summarize(times.anchor)) },
  };
}
