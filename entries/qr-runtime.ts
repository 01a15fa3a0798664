/**
 * Entry of the QR runtime script: DOMPurify, the QR pipeline and the QR code element, loaded by
 * the QR code element's header.
 */
import { registerElement } from '../shared/bubble/registry.js';
import { qrCodeElement } from '../elements/qr-code/element.js';

registerElement('qr_code', qrCodeElement);
