/** What the QR pipeline chunk exports (see shared/qr/pipeline.ts). */
import type { prepareQr } from './prepare-qr.js';

export interface QrPipeline {
  prepareQr: typeof prepareQr;
}
