/**
 * A scratch grid of dark cells, filled by the two SVG readers, then cut down to the QR matrix.
 * The code area is the bounding box of the dark cells: the finder patterns are dark at three
 * corners, so the box is exactly the code whatever quiet zone (drawn or transparent) surrounds it.
 */
import { createQrMatrix, type QrMatrix } from './qr-matrix.js';
import { hasQrStructure } from './qr-structure.js';

/** Largest grid we read: a version-40 code with a 40-module quiet zone on each side. */
export const MAX_GRID_SIDE = 257;

export class DarkCells {
  private readonly cells = new Uint8Array(MAX_GRID_SIDE * MAX_GRID_SIDE);
  // The bounding box of the dark cells, kept as they are set (no scan of the whole grid).
  private top = MAX_GRID_SIDE;
  private left = MAX_GRID_SIDE;
  private bottom = -1;
  private right = -1;

  static fits(row: number, col: number): boolean {
    return row >= 0 && col >= 0 && row < MAX_GRID_SIDE && col < MAX_GRID_SIDE;
  }

  /** Callers check fits() first. */
  set(row: number, col: number): void {
    this.cells[row * MAX_GRID_SIDE + col] = 1;
    if (row < this.top) this.top = row;
    if (row > this.bottom) this.bottom = row;
    if (col < this.left) this.left = col;
    if (col > this.right) this.right = col;
  }

  /** The QR matrix the dark cells draw, or null when they do not draw a QR code. */
  toQrMatrix(): QrMatrix | null {
    const { top, left, bottom, right } = this;
    const size = right - left + 1;
    if (bottom < 0 || bottom - top + 1 !== size) return null;
    const m = createQrMatrix(size);
    for (let row = 0; row < size; row++) {
      const from = (top + row) * MAX_GRID_SIDE + left;
      m.dark.set(this.cells.subarray(from, from + size), row * size);
    }
    return hasQrStructure(m) ? m : null;
  }
}
