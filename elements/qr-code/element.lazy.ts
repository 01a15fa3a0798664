/**
 * The hosted core's twin of element.ts (same export; entries/hosted-runtime.ts registers it): the
 * QR code element's code travels in
 * the "qr" chunk with the QR pipeline it always needs (entries/qr-chunk.ts), fetched with an
 * integrity check the first time Bubble runs one of its hooks.
 */
import { lazyElement } from '../../shared/chunks/lazy-element.js';
import { ElementView } from '../../shared/bubble/element-view.js';
import { QR_CODE_INITIAL_STATES, QR_CODE_PROPERTY_NAMES, type QrCodeEvent, type QrCodeStates } from '../../shared/generated/plugin.js';

export const qrCodeElement = lazyElement('the QR code element', 'qr-code', 'qr', QR_CODE_PROPERTY_NAMES, QR_CODE_INITIAL_STATES, (instance, error) => {
  // What the element itself shows for a QR it cannot prepare: no QR, the error states and event.
  const view = new ElementView<QrCodeStates, QrCodeEvent>(instance);
  view.publishAll({ ...QR_CODE_INITIAL_STATES, is_valid: false, error_code: error.code, error_message: error.message });
  view.trigger('error');
});
