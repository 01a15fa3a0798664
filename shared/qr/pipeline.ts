/**
 * How the QR code element reaches the QR pipeline (DOMPurify included). In the inline runtime it
 * is bundled in, so it is there at once. The hosted build replaces this module with
 * pipeline-chunk.ts, which loads the pipeline as a chunk on first use; the element handles both
 * through the same functions: prepareQrNow() when it is already there (no await, the usual case
 * after the first use), loadPrepareQr() otherwise.
 */
import { ok, type Result } from '../result.js';
import { prepareQr } from './prepare-qr.js';

export const prepareQrNow = (): typeof prepareQr | undefined => prepareQr;
export const loadPrepareQr = (): Promise<Result<typeof prepareQr>> => Promise.resolve(ok(prepareQr));
