/** Public API of the QR module: prepareQr is the entry point; the rest is for tests and tools. */
export { parseColour, parseOpaqueColour } from './colour.js';
export { MAX_SOURCE_CHARS, normalizeQrSource } from './normalize-source.js';
export { matrixOf, parseQrSvg } from './parse-qr-svg.js';
export { drawQrSvg } from './draw-qr.js';
export { prepareQr, type PreparedQr, type QrWindow } from './prepare-qr.js';
export { readQr } from './read-qr.js';
export { isQrCodeText, QR_CODE_TEXT_PREFIX, qrCodeText, readQrCodeText } from './qr-code-text.js';
export { MIN_IMAGE_SIDE, qrPng, qrPngDataUri } from './qr-png.js';
export { encodeQr } from './encode-qr.js';
export { ENROLLMENT_QR_LABEL, enrollmentQr, type EnrollmentQr } from './enrollment-qr.js';
export { createQrMatrix, isDark, qrMatricesEqual, type QrMatrix } from './qr-matrix.js';
export {
  clampQuietZone,
  DEFAULT_RENDER_OPTIONS,
  MAX_QUIET_ZONE,
  resolveRenderOptions,
  type QrRenderInput,
  type QrRenderOptions,
} from './render-options.js';
export { renderQrSvg } from './render-qr-svg.js';
export { createSanitizer, type SanitizingWindow, type SvgSanitizer } from './sanitize-svg.js';
export { readSvgShapes, type ShapeAttributes, type SvgShapes } from './svg-markup.js';
