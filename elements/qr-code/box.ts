/**
 * The QR element's drawing box, shared by the runtime (element.ts) and the editor preview
 * (preview.ts). No QR parsing here: show() takes nodes, drawn from numbers (draw-qr.ts) or the
 * preview's constant placeholder.
 */
import type { BubbleInstance } from '../../shared/bubble/types.js';

export const DEFAULT_LABEL = 'QR code to scan with your authenticator app';

/** A box that fills the element and centres a square SVG (the SVG has a viewBox, no size). */
export function createBox(instance: BubbleInstance): HTMLDivElement {
  const canvas = instance.canvas[0]!;
  const box = canvas.ownerDocument.createElement('div');
  box.setAttribute('role', 'img');
  box.style.cssText = 'width:100%;height:100%;display:flex;align-items:center;justify-content:center;overflow:hidden;line-height:0';
  canvas.appendChild(box);
  return box;
}

export function show(box: HTMLDivElement, svg: SVGElement | null): void {
  if (svg) box.replaceChildren(svg);
  else box.replaceChildren();
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
export function watchSize(box: HTMLDivElement): void {
  const RO = (box.ownerDocument.defaultView as (Window & { ResizeObserver?: typeof ResizeObserver }) | null)?.ResizeObserver;
  if (RO) new RO(() => snapToPixels(box)).observe(box);
}
