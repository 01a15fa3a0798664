/**
 * Draws a QrMatrix as a small SVG made only of numbers and canonical colours.
 *
 * Shape of the output (no whitespace, explicit end tags, so that DOMPurify's HTML serialisation
 * gives back exactly the same string):
 *   <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 W W" shape-rendering="crispEdges"[ role="img" aria-label="…"]>
 *   <rect x="0" y="0" width="W" height="W" fill="BG"></rect><path d="…" fill="FG"></path></svg>
 * No width/height, so it scales to whatever box it is put in; an opaque background rect, so it
 * scans on dark pages; one path for all dark modules.
 *
 * The path is the outline of the dark areas: see outline-path.ts.
 */
import { outlinePathData } from './outline-path.js';
import type { QrMatrix } from './qr-matrix.js';
import { resolveRenderOptions, type QrRenderInput, type QrRenderOptions } from './render-options.js';
import { SVG_NS } from './svg-namespace.js';

/** Labels are the plugin's own constants; this keeps anything else (quotes, '<', '&') out. */
const LABEL = /^[A-Za-z0-9 ,.-]{1,120}$/;

/** `label`, when given, makes the SVG an image with that accessible name (role="img", aria-label). */
export function renderQrSvg(m: QrMatrix, options: QrRenderInput, label?: string): string {
  // Validated again here so that no caller can get text other than numbers and colours in.
  return qrSvgMarkup(m, resolveRenderOptions(options), label);
}

/**
 * The same for options already resolved: the MFA element draws with the defaults only, and so
 * does not bundle the colour parser. Callers pass DEFAULT_RENDER_OPTIONS or resolveRenderOptions' output.
 */
export function qrSvgMarkup(m: QrMatrix, { foreground, background, quietZone }: Readonly<QrRenderOptions>, label?: string): string {
  const side = m.size + 2 * quietZone;
  const named = label && LABEL.test(label) ? ` role="img" aria-label="${label}"` : '';
  return (
    `<svg xmlns="${SVG_NS}" viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges"${named}>` +
    `<rect x="0" y="0" width="${side}" height="${side}" fill="${background}"></rect>` +
    `<path d="${outlinePathData(m, quietZone)}" fill="${foreground}"></path>` +
    `</svg>`
  );
}
