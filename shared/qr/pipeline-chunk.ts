/**
 * The hosted build's stand-in for pipeline.ts (same exports): the QR pipeline is the "qr" chunk
 * (entries/qr-chunk.ts), loaded with an integrity check the first time a page needs it.
 */
import { chunkNow, loadChunk } from '../chunks/registry.js';
import { mapResult, type Result } from '../result.js';
import type { QrPipeline } from './pipeline-types.js';

const QR_CHUNK = 'qr';
const now = () => chunkNow<QrPipeline>(QR_CHUNK);
const load = () => loadChunk<QrPipeline>(QR_CHUNK, 'qr');

export const prepareQrNow = (): QrPipeline['prepareQr'] | undefined => now()?.prepareQr;
export const loadPrepareQr = (): Promise<Result<QrPipeline['prepareQr']>> => load().then((r) => mapResult(r, (p) => p.prepareQr));

export const prepareSupabaseQrNow = (): QrPipeline['prepareSupabaseQr'] | undefined => now()?.prepareSupabaseQr;
export const loadPrepareSupabaseQr = (): Promise<Result<QrPipeline['prepareSupabaseQr']>> => load().then((r) => mapResult(r, (p) => p.prepareSupabaseQr));
