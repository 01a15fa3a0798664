/**
 * What the MFA element makes of an authenticator-app enrollment: the otpauth:// URI (already
 * checked) drawn as a QR code (encode-qr.ts), passed on in the two forms a builder binds:
 *  - SVG markup for Bubble's HTML element, the founding how-to's path: our own compact drawing
 *    (render-qr-svg.ts: one background rect, one path, a viewBox, role="img" and a label), passed
 *    through DOMPurify with the QR allow-list before it is published; anything DOMPurify would
 *    have removed means the markup is not ours, and the enroll is refused (invalid_qr);
 *  - a PNG data URI for Bubble's Image element (qr-png.ts).
 * Nothing of the server's SVG is in either.
 */
import { ok, type Result } from '../result.js';
import { encodeQr } from './encode-qr.js';
import { qrPngDataUri } from './qr-png.js';
import { qrSvgMarkup } from './render-qr-svg.js';
import { DEFAULT_RENDER_OPTIONS } from './render-options.js';
import { createSanitizer, type SanitizingWindow } from './sanitize-svg.js';

export interface EnrollmentQr {
  /** Sanitised SVG markup for an HTML element (or a QR code element). */
  svg: string;
  /** A PNG data URI, for a Bubble Image element. */
  image: string;
  /** Modules per side, without the quiet zone. */
  size: number;
}

/** The accessible name of the SVG: a screen reader says what the picture is for. */
export const ENROLLMENT_QR_LABEL = 'QR code to scan with your authenticator app';

export function enrollmentQr(uri: string, win: SanitizingWindow): Result<EnrollmentQr> {
  const matrix = encodeQr(uri);
  if (matrix.error) return matrix;
  const svg = createSanitizer(win)(qrSvgMarkup(matrix.data, DEFAULT_RENDER_OPTIONS, ENROLLMENT_QR_LABEL));
  if (svg.error) return svg;
  return ok({ svg: svg.data, image: qrPngDataUri(matrix.data), size: matrix.data.size });
}
