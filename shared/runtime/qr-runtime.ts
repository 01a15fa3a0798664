/**
 * Entry of the QR runtime script: DOMPurify, the QR pipeline and the QR code element.
 * The MFA runtime imports it too, so each element type's header is one self-sufficient script.
 */
import { registerElement } from '../bubble/registry.js';
import { qrCodeElement } from '../../elements/qr-code/element.js';

registerElement('qr_code', qrCodeElement);
