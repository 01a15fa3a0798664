/**
 * Bubble's hooks for the Supabase MFA QR code element.
 *
 * Whatever text the QR source holds, only prepareQr's output reaches the page: geometry read
 * from an inert parse, re-emitted from numbers and validated colours, then passed through
 * DOMPurify. Anything that is not a QR code shows nothing and sets the error states.
 * update() runs on every property change and data load, so it re-renders only when an input
 * actually changed.
 */
import { ElementView } from '../../shared/bubble/element-view.js';
import type { BubbleInstance } from '../../shared/bubble/types.js';
import { reportTo } from '../../shared/bubble/guard.js';
import { defineElement } from '../../shared/bubble/define-element.js';
import { prepareQr } from '../../shared/qr/index.js';
import { placeholderQrSvg } from './placeholder.js';
import { QR_CODE_INITIAL_STATES, QR_CODE_PROPERTY_NAMES, type QrCodeEvent, type QrCodeStates } from '../../shared/generated/plugin.js';

const DEFAULT_LABEL = 'QR code to scan with your authenticator app';

interface QrData {
  view: ElementView<QrCodeStates, QrCodeEvent>;
  box: HTMLDivElement;
  lastInput: string;
}

/** A box that fills the element and centres a square SVG (the SVG has a viewBox, no size). */
function createBox(instance: BubbleInstance): HTMLDivElement {
  const canvas = instance.canvas[0]!;
  const box = canvas.ownerDocument.createElement('div');
  box.setAttribute('role', 'img');
  box.style.cssText = 'width:100%;height:100%;display:flex;align-items:center;justify-content:center;overflow:hidden;line-height:0';
  canvas.appendChild(box);
  return box;
}

function show(box: HTMLDivElement, svg: string | null): void {
  // svg is DOMPurify's output (or our own constant placeholder); nothing else is ever assigned.
  box.innerHTML = svg ?? '';
  snapToPixels(box);
}

const FLUID = 'width:100%;height:100%;max-width:100%;max-height:100%;display:block';

/**
 * Sizes the SVG to a whole number of device pixels per module. With crispEdges, a module of
 * e.g. 2.6 px is rounded to uneven 2 and 3 px columns, and scanners (jsqr too) then fail at
 * many sizes, the 200 px default among them. The code stays as large as fits, and square.
 */
function snapToPixels(box: HTMLDivElement): void {
  const svg = box.firstElementChild as SVGElement | null;
  if (!svg) return;
  const side = Number((svg.getAttribute('viewBox') ?? '').split(' ')[2]);
  const dpr = box.ownerDocument.defaultView?.devicePixelRatio || 1;
  const perModule = side > 0 ? Math.floor((Math.min(box.clientWidth, box.clientHeight) * dpr) / side) : 0;
  const px = (perModule * side) / dpr;
  const style = perModule >= 1 ? `width:${px}px;height:${px}px;display:block` : FLUID;
  if (svg.getAttribute('style') !== style) svg.setAttribute('style', style);
}

/** Bubble resizes elements (responsive pages): re-snap when the box changes size. */
function watchSize(box: HTMLDivElement): void {
  const RO = (box.ownerDocument.defaultView as (Window & { ResizeObserver?: typeof ResizeObserver }) | null)?.ResizeObserver;
  if (RO) new RO(() => snapToPixels(box)).observe(box);
}

export const qrCodeElement = defineElement(QR_CODE_PROPERTY_NAMES, {
  initialize(instance) {
    const view = new ElementView<QrCodeStates, QrCodeEvent>(instance);
    view.publishAll(QR_CODE_INITIAL_STATES);
    const data: QrData = { view, box: createBox(instance), lastInput: '' };
    watchSize(data.box);
    instance.data.qr = data;
  },

  update(instance, p, context) {
    const data = instance.data.qr as QrData | undefined;
    if (!data) return;
    const input = JSON.stringify(p);
    if (input === data.lastInput) return;
    data.lastInput = input;

    data.box.setAttribute('aria-label', (p.label ?? '').trim() || DEFAULT_LABEL);
    if (p.qr_source === null || String(p.qr_source).trim() === '') {
      show(data.box, null);
      data.view.publishAll({ is_valid: false, error_code: null, error_message: null });
      return;
    }
    const win = data.box.ownerDocument.defaultView as Window & typeof globalThis;
    const qr = prepareQr(p.qr_source, win, {
      foreground: p.foreground ?? undefined,
      background: p.background ?? undefined,
      quietZone: p.quiet_zone ?? undefined,
    });
    if (qr.error) {
      show(data.box, null);
      data.view.publishAll({ is_valid: false, error_code: qr.error.code, error_message: qr.error.message });
      data.view.trigger('error');
      reportTo(context)(`Supabase MFA QR code: [${qr.error.code}] ${qr.error.message}`);
      return;
    }
    show(data.box, qr.data.svg);
    data.view.publishAll({ is_valid: true, error_code: null, error_message: null });
  },

  preview(instance) {
    // The editor has no data: draw a fixed sample so builders see size and colours.
    const box = createBox(instance);
    box.setAttribute('aria-label', DEFAULT_LABEL);
    show(box, placeholderQrSvg());
  },
});
