/**
 * The "qr" chunk of the hosted runtime: DOMPurify and the QR pipeline, fetched the first time a
 * page shows a QR code or enrolls a TOTP factor (shared/qr/pipeline-chunk.ts).
 */
import { registerChunk } from '../shared/chunks/registry.js';
import type { QrPipeline } from '../shared/qr/pipeline-types.js';
import { prepareQr, prepareSupabaseQr } from '../shared/qr/prepare-qr.js';

registerChunk('qr', { prepareQr, prepareSupabaseQr } satisfies QrPipeline);
