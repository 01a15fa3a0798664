/**
 * The hosted build's stand-in for pipeline.ts (same exports): the QR pipeline is the "qr" chunk
 * (entries/qr-chunk.ts), loaded with an integrity check the first time a page shows a QR code.
 */
import { chunkNow, loadChunk } from '../chunks/registry.js';
import { mapResult, type Result } from '../result.js';
import type { QrPipeline } from './pipeline-types.js';

const QR_CHUNK = 'qr';

export const prepareQrNow = (): QrPipeline['prepareQr'] | undefined => chunkNow<QrPipeline>(QR_CHUNK)?.prepareQr;
export const loadPrepareQr = (): Promise<Result<QrPipeline['prepareQr']>> =>
  loadChunk<QrPipeline>(QR_CHUNK, 'qr').then((r) => mapResult(r, (p) => p.prepareQr));
