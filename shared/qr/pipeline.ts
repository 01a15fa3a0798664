/**
 * How elements reach the QR pipeline (DOMPurify included). In the inline runtimes it is bundled
 * in, so it is there at once. The hosted build replaces this module with pipeline-chunk.ts,
 * which loads the pipeline as a chunk on first use; callers handle both through the same
 * functions: …Now() when it is already there (no await, the usual case after the first use),
 * load…() otherwise. One function per preparer, so that a runtime that needs only Supabase's
 * format (the MFA element) does not bundle the reader of our own output.
 */
import { ok, type Result } from '../result.js';
import { prepareQr, prepareSupabaseQr } from './prepare-qr.js';

export const prepareQrNow = (): typeof prepareQr | undefined => prepareQr;
export const loadPrepareQr = (): Promise<Result<typeof prepareQr>> => Promise.resolve(ok(prepareQr));

export const prepareSupabaseQrNow = (): typeof prepareSupabaseQr | undefined => prepareSupabaseQr;
export const loadPrepareSupabaseQr = (): Promise<Result<typeof prepareSupabaseQr>> => Promise.resolve(ok(prepareSupabaseQr));
