/**
 * The "qr" chunk of the hosted runtime: DOMPurify, the QR pipeline and the QR code element,
 * fetched the first time a page shows a QR code
 * (shared/qr/pipeline-chunk.ts, elements/qr-code/element-chunk.ts).
 */
import { registerChunk } from '../shared/chunks/registry.js';
import type { QrPipeline } from '../shared/qr/pipeline-types.js';
import { prepareQr } from '../shared/qr/prepare-qr.js';
import { qrCodeElement } from '../elements/qr-code/element.js';

registerChunk('qr', { prepareQr } satisfies QrPipeline);
registerChunk('qr-code', qrCodeElement);
