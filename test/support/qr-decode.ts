/**
 * Reads a QR code back the way a phone would: rasterise the SVG's modules to pixels (light
 * quiet zone, dark modules) and decode with jsqr.
 */
import jsQR from 'jsqr';
import { JSDOM } from 'jsdom';
import { parseQrSvg, type QrMatrix } from '../../shared/qr/index.js';

export function rasterise(m: QrMatrix, scale = 4, quiet = 4): { data: Uint8ClampedArray; width: number } {
  const width = (m.size + quiet * 2) * scale;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  for (let r = 0; r < m.size; r++)
    for (let c = 0; c < m.size; c++) {
      if (!m.dark[r * m.size + c]) continue;
      for (let y = 0; y < scale; y++)
        for (let x = 0; x < scale; x++) {
          const i = (((r + quiet) * scale + y) * width + (c + quiet) * scale + x) * 4;
          data[i] = data[i + 1] = data[i + 2] = 0;
        }
    }
  return { data, width };
}

/** Decodes a QR SVG (ours or Supabase's) to its text, or null when jsqr cannot read it. */
export function decodeQrSvg(svg: string): string | null {
  const win = new JSDOM('').window as unknown as Parameters<typeof parseQrSvg>[1];
  const m = parseQrSvg(svg, win);
  if (m.error) return null;
  const { data, width } = rasterise(m.data);
  return jsQR(data, width, width, { inversionAttempts: 'dontInvert' })?.data ?? null;
}
