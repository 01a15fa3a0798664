/**
 * What the MFA element makes of the QR code in Supabase's enroll answer: the modules, read by
 * the strict tokenizer (no DOM), passed on only as the plugin's compact text (qr-code-text.ts)
 * and as a PNG (qr-png.ts). Neither is markup, so nothing of the server's SVG, and no SVG at all,
 * leaves the MFA element; the QR code element draws the SVG, behind DOMPurify (prepare-qr.ts).
 */
import { ok, type Result } from '../result.js';
import { normalizeQrSource } from './normalize-source.js';
import { parseSupabaseQrSvg } from './parse-qr-svg.js';
import { qrCodeText } from './qr-code-text.js';
import { qrPngDataUri } from './qr-png.js';

export interface SupabaseQrCode {
  /** The compact text for a QR code element's QR source. */
  text: string;
  /** A PNG data URI, for a Bubble Image element. */
  image: string;
  /** Modules per side, without the quiet zone. */
  size: number;
}

export function readSupabaseQrCode(source: unknown): Result<SupabaseQrCode> {
  const svg = normalizeQrSource(source);
  if (svg.error) return svg;
  const matrix = parseSupabaseQrSvg(svg.data);
  if (matrix.error) return matrix;
  return ok({ text: qrCodeText(matrix.data), image: qrPngDataUri(matrix.data), size: matrix.data.size });
}
