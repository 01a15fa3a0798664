/**
 * The hosted core's twin of enrollment-qr.ts (same export; actions/enroll-factor.ts picks it by
 * `__HOSTED__`, shared/chunks/hosted.d.ts): drawing an authenticator app's QR code, with
 * DOMPurify, travels in the "enroll" chunk (entries/enroll-chunk.ts), so a sign-in page
 * downloads neither. The enroll request itself is the core's: by the time its answer is here,
 * GoTrueClient's enroll method has already brought the same chunk, so this only picks up what it
 * registered. A chunk that cannot be loaded ends the enroll like any failure (runtime_unavailable).
 */
import { loadChunk } from '../chunks/registry.js';
import { fail, type Result } from '../result.js';
import type { EnrollmentQr, enrollmentQr as bundledEnrollmentQr } from './enrollment-qr.js';
import type { SanitizingWindow } from './sanitize-svg.js';

export type { EnrollmentQr };

export async function enrollmentQr(uri: string, win: SanitizingWindow): Promise<Result<EnrollmentQr>> {
  const loaded = await loadChunk<{ enrollmentQr: typeof bundledEnrollmentQr }>('enrollment-qr', 'enroll');
  return loaded.error ? fail(loaded.error) : loaded.data.enrollmentQr(uri, win);
}
