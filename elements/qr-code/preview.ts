/**
 * The QR element's editor preview, bundled into its own preview code box: Bubble's editor may
 * not run element headers, so it must draw without the runtime. The editor has no data: a
 * fixed sample shows builders the size and the quiet zone.
 */
import type { BubbleInstance } from '../../shared/bubble/types.js';
import { createBox, DEFAULT_LABEL, show } from './box.js';
import { placeholderQrSvg } from './placeholder.js';

export function preview(instance: BubbleInstance): void {
  const box = createBox(instance);
  box.setAttribute('aria-label', DEFAULT_LABEL);
  // The placeholder is our own constant markup, parsed inert in a template.
  const template = box.ownerDocument.createElement('template');
  template.innerHTML = placeholderQrSvg();
  show(box, template.content.firstElementChild as SVGElement | null);
}
