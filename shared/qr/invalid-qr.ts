/**
 * Every way a QR source can be wrong ends the same way for the app builder: error code
 * 'invalid_qr' with the standard message, and nothing put in the page.
 */
import { INVALID_QR_MESSAGE, MfaError } from '../errors.js';
import { fail, type Result } from '../result.js';

export function invalidQr<T = never>(): Result<T> {
  return fail(new MfaError('invalid_qr', INVALID_QR_MESSAGE));
}
