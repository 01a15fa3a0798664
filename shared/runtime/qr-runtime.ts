/**
 * Entry of the QR runtime script (DOMPurify + the QR pipeline + the QR code element).
 * Both elements' headers load it; the MFA runtime uses its prepareQr through the registry,
 * so DOMPurify is shipped once per page.
 */
import { registerElement, registry } from '../bubble/registry.js';
import { prepareQr } from '../qr/index.js';
import { qrCodeElement } from '../../elements/qr-code/element.js';

registry().services.prepareQr = prepareQr;
registerElement('qr_code', qrCodeElement);
