/**
 * The hosted build's stand-in for pipeline.ts (same exports): the QR pipeline is the "qr" chunk
 * (entries/qr-chunk.ts), loaded with an integrity check the first time a page needs it.
 */
import { chunkNow, loadChunk } from '../chunks/registry.js';
import type { Result } from '../result.js';
import type { QrPipeline } from './pipeline-types.js';

export const QR_CHUNK = 'qr';

export function qrPipelineNow(): QrPipeline | undefined {
  return chunkNow<QrPipeline>(QR_CHUNK);
}

export function loadQrPipeline(): Promise<Result<QrPipeline>> {
  return loadChunk<QrPipeline>(QR_CHUNK);
}
