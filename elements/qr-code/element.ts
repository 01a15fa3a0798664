/**
 * Bubble's hooks for the Supabase MFA QR code element.
 *
 * Whatever text the QR source holds, only its geometry reaches the page: read from an inert parse
 * (read-qr.ts), drawn with createElementNS from numbers and validated colours (draw-qr.ts), so no
 * markup from the source is ever inserted, and no sanitiser is needed. The MFA element's QR code
 * image (a PNG data URI) is read back too (read-qr-png.ts, asynchronously). Anything that is not a QR
 * code shows nothing and sets the error states.
 * update() runs on every property change and data load, so it re-renders only when an input
 * actually changed. (In the hosted runtime this whole module, with the pipeline, is the "qr"
 * chunk: element.lazy.ts loads it before running any hook.)
 */
import { ElementView } from '../../shared/bubble/element-view.js';
import { reportTo } from '../../shared/bubble/guard.js';
import { defineElement } from '../../shared/bubble/define-element.js';
import { drawQrSvg } from '../../shared/qr/draw-qr.js';
import { invalidQr } from '../../shared/qr/invalid-qr.js';
import type { QrMatrix } from '../../shared/qr/qr-matrix.js';
import { readQr } from '../../shared/qr/read-qr.js';
import { isQrPngDataUri, readQrPng } from '../../shared/qr/read-qr-png.js';
import type { QrRenderInput } from '../../shared/qr/render-options.js';
import type { Result } from '../../shared/result.js';
import type { BubbleContext } from '../../shared/bubble/types.js';
import { createBox, DEFAULT_LABEL, show, watchSize } from './box.js';
import { QR_CODE_INITIAL_STATES, QR_CODE_PROPERTY_NAMES, type QrCodeEvent, type QrCodeFields, type QrCodeStates } from '../../shared/generated/plugin.js';

interface QrData {
  view: ElementView<QrCodeStates, QrCodeEvent>;
  box: HTMLDivElement;
  /** The fields last drawn; update() runs on every property change and redraws only on a real one. */
  lastInput: QrCodeFields | null;
}

export const qrCodeElement = defineElement(QR_CODE_PROPERTY_NAMES, {
  initialize(instance) {
    const view = new ElementView<QrCodeStates, QrCodeEvent>(instance);
    view.publishAll(QR_CODE_INITIAL_STATES);
    const data: QrData = { view, box: createBox(instance), lastInput: null };
    watchSize(data.box);
    instance.data.qr = data;
  },

  update(instance, p, context) {
    const data = instance.data.qr as QrData | undefined;
    if (!data) return;
    // Field by field: the QR source can be Supabase's raw ~360 KB SVG, not worth serialising each run.
    const last = data.lastInput;
    if (last && (Object.keys(p) as Array<keyof QrCodeFields>).every((k) => p[k] === last[k])) return;
    data.lastInput = { ...p };

    data.box.setAttribute('aria-label', (p.label ?? '').trim() || DEFAULT_LABEL);
    if (p.qr_source === null || String(p.qr_source).trim() === '') {
      show(data.box, null);
      data.view.publishAll({ is_valid: false, error_code: null, error_message: null });
      return;
    }
    const options = {
      foreground: p.foreground ?? undefined,
      background: p.background ?? undefined,
      quietZone: p.quiet_zone ?? undefined,
    };
    const source = typeof p.qr_source === 'string' ? p.qr_source.trim() : p.qr_source;
    if (typeof source !== 'string' || !isQrPngDataUri(source)) {
      showResult(data, readQr(source), options, context);
      return;
    }
    // The QR code image (a PNG) is inflated asynchronously; a newer update wins.
    const input = data.lastInput;
    show(data.box, null);
    data.view.publishAll({ is_valid: false, error_code: null, error_message: null });
    void readQrPng(source)
      .catch(() => invalidQr<QrMatrix>())
      .then((qr) => {
        if (data.lastInput === input) showResult(data, qr, options, context);
      });
  },
});

function showResult(data: QrData, qr: Result<QrMatrix>, options: QrRenderInput, context: BubbleContext | null): void {
  if (qr.error) {
    show(data.box, null);
    data.view.publishAll({ is_valid: false, error_code: qr.error.code, error_message: qr.error.message });
    data.view.trigger('error');
    reportTo(context)(`Supabase MFA QR code: [${qr.error.code}] ${qr.error.message}`);
    return;
  }
  show(data.box, drawQrSvg(data.box.ownerDocument, qr.data, options));
  data.view.publishAll({ is_valid: true, error_code: null, error_message: null });
}
