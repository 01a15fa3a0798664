/**
 * Reads a QR SVG (ours or Supabase's) back the way a phone would: its modules rasterised and
 * decoded by jsqr (see test/qr/qr-test-helpers.ts). Null when it is not a QR or jsqr cannot read it.
 */
import { parseQrSvg } from '../../shared/qr/index.js';
import { decodeWithJsqr } from '../qr/qr-test-helpers.js';

export function decodeQrSvg(svg: string): string | null {
  const m = parseQrSvg(svg);
  return m.error ? null : decodeWithJsqr(m.data);
}
