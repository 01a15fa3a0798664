/**
 * The hosted core's twin of enroll-factor.ts (same exports; the MFA element picks it by
 * `__HOSTED__`, shared/chunks/hosted.d.ts): enrolling (the request, the
 * clean-up retry, the checks of the answer) travels in the "enroll" chunk with GoTrueClient's
 * enroll method (entries/enroll-chunk.ts), so a sign-in page downloads neither. The input is
 * checked here first: bad input is refused before anything is fetched. Drawing an authenticator
 * app's QR code, with DOMPurify, travels in the same chunk. A chunk that cannot be loaded ends the action like
 * any failure (runtime_unavailable).
 */
import { loadChunk } from '../shared/chunks/registry.js';
import { fail } from '../shared/result.js';
import type { enrollFactor as bundledEnrollFactor } from './enroll-factor.js';
import { enrollFactorInput } from './enroll-factor-input.js';

export { enrollFactorInput };
export type { EnrolledFactor, EnrolledTotp } from './enroll-factor.js';
export type { EnrollFactorInput, EnrollParams } from './enroll-factor-input.js';

export async function enrollFactor(...args: Parameters<typeof bundledEnrollFactor>): ReturnType<typeof bundledEnrollFactor> {
  const checked = enrollFactorInput(args[1]);
  if (checked.error) return checked;
  const loaded = await loadChunk<{ enrollFactor: typeof bundledEnrollFactor }>('enroll', 'enroll');
  return loaded.error ? fail(loaded.error) : loaded.data.enrollFactor(...args);
}
