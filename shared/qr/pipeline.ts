/**
 * How elements reach the QR pipeline (DOMPurify included). In the inline runtimes it is bundled
 * in, so it is there at once. The hosted build replaces this module with pipeline-chunk.ts,
 * which loads the pipeline as a chunk on first use; callers handle both through the same two
 * functions: qrPipelineNow() when it is already there (no await, the usual case after the
 * first use), loadQrPipeline() otherwise.
 */
import { ok, type Result } from '../result.js';
import type { QrPipeline } from './pipeline-types.js';
import { prepareQr, prepareSupabaseQr } from './prepare-qr.js';

const PIPELINE: QrPipeline = { prepareQr, prepareSupabaseQr };

export function qrPipelineNow(): QrPipeline | undefined {
  return PIPELINE;
}

export function loadQrPipeline(): Promise<Result<QrPipeline>> {
  return Promise.resolve(ok(PIPELINE));
}
