/**
 * The "qr" chunk of the hosted runtime: the QR code element with the QR reader and drawing (no DOMPurify: it draws with createElementNS),
 * fetched the first time a page shows a QR code (elements/qr-code/element.lazy.ts).
 */
import { registerChunk } from '../shared/chunks/registry.js';
import { qrCodeElement } from '../elements/qr-code/element.js';

registerChunk('qr-code', qrCodeElement);
