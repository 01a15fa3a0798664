/**
 * Is this grid of modules plausibly a QR code? A side of 21..177 with side ≡ 1 (mod 4), the three
 * finder patterns with their light separators, and the two timing lines between them.
 *
 * All of these are symmetric about the main diagonal, so a transposed code (which is what Supabase
 * draws, see dev/fixtures/supabase-qr.ts) passes exactly like a normal one.
 */
import { isDark, type QrMatrix } from './qr-matrix.js';

export const MIN_QR_SIZE = 21; // version 1
export const MAX_QR_SIZE = 177; // version 40

export function isPlausibleQrSize(size: number): boolean {
  return Number.isInteger(size) && size >= MIN_QR_SIZE && size <= MAX_QR_SIZE && size % 4 === 1;
}

export function hasQrStructure(m: QrMatrix): boolean {
  const far = m.size - 7;
  return isPlausibleQrSize(m.size) && hasFinder(m, 0, 0) && hasFinder(m, 0, far) && hasFinder(m, far, 0) && hasTimingLines(m);
}

/** The 7×7 finder at (top, left) plus the light separator on its inner sides. */
function hasFinder(m: QrMatrix, top: number, left: number): boolean {
  for (let r = -1; r <= 7; r++) {
    for (let c = -1; c <= 7; c++) {
      const row = top + r;
      const col = left + c;
      if (row < 0 || col < 0 || row >= m.size || col >= m.size) continue;
      if (isDark(m, row, col) !== finderModuleIsDark(r, c)) return false;
    }
  }
  return true;
}

function finderModuleIsDark(r: number, c: number): boolean {
  if (r < 0 || c < 0 || r > 6 || c > 6) return false; // separator
  const ring = Math.min(r, c, 6 - r, 6 - c);
  return ring !== 1; // dark outer ring, light ring, dark 3×3 centre
}

/** Row 6 and column 6 alternate dark/light between the finders, dark on even indices. */
function hasTimingLines(m: QrMatrix): boolean {
  for (let i = 8; i < m.size - 8; i++) {
    const dark = i % 2 === 0;
    if (isDark(m, 6, i) !== dark || isDark(m, i, 6) !== dark) return false;
  }
  return true;
}
