/**
 * Draws a QrMatrix as SVG nodes made with createElementNS, for the QR code element: the same
 * shape as render-qr-svg.ts's markup (so the page holds exactly what that markup would give),
 * but no markup is ever parsed, so no sanitiser is needed: every attribute value is a number, a
 * canonical colour (render-options.ts) or path letters and numbers (outline-path.ts).
 */
import { outlinePathData } from './outline-path.js';
import type { QrMatrix } from './qr-matrix.js';
import { resolveRenderOptions, type QrRenderInput } from './render-options.js';
import { SVG_NS } from './svg-namespace.js';

export function drawQrSvg(doc: Document, m: QrMatrix, options: QrRenderInput): SVGSVGElement {
  const { foreground, background, quietZone } = resolveRenderOptions(options);
  const side = String(m.size + 2 * quietZone);
  const svg = element(doc, 'svg', { xmlns: SVG_NS, viewBox: `0 0 ${side} ${side}`, 'shape-rendering': 'crispEdges' }) as SVGSVGElement;
  svg.append(
    element(doc, 'rect', { x: '0', y: '0', width: side, height: side, fill: background }),
    element(doc, 'path', { d: outlinePathData(m, quietZone), fill: foreground }),
  );
  return svg;
}

function element(doc: Document, name: string, attributes: Record<string, string>): SVGElement {
  const el = doc.createElementNS(SVG_NS, name) as SVGElement;
  for (const [key, value] of Object.entries(attributes)) el.setAttribute(key, value);
  return el;
}
