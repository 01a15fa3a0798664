/**
 * Reads our own compact format back (render-qr-svg.ts): one background <rect> at the origin and
 * one <path> in the grammar outline-path.ts writes (M/m moves, h/v segments, z). The dark modules
 * are found the way a browser fills the path: by the nonzero winding rule, counting the vertical
 * edges to the left of each module's centre. Any other path command is refused.
 */
import { parseRgba } from './colour.js';
import { DarkCells } from './dark-cells.js';
import type { QrMatrix } from './qr-matrix.js';
import { parseUint } from './svg-values.js';
import type { ShapeAttributes } from './svg-markup.js';

export function readOutlinePath(path: ShapeAttributes, background: ShapeAttributes): QrMatrix | null {
  const side = backgroundSide(background);
  const d = path.getAttribute('d');
  if (side === null || d === null || !hasColourFill(path) || !hasColourFill(background)) return null;
  if (background.hasAttribute('style')) return null;
  const edges = new VerticalEdges(side);
  return traceOutlines(d, side, edges) ? edges.fill() : null;
}

/** Walks the path data, recording its vertical edges; false when it is not in our grammar. */
function traceOutlines(d: string, side: number, edges: VerticalEdges): boolean {
  const cursor = new PathCursor(d);
  const inside = (v: number) => v >= 0 && v <= side;
  let startX = 0;
  let startY = 0;
  for (let first = true; !cursor.done(); first = false) {
    if (!cursor.eat(first ? 'M' : 'm')) return false;
    const dx = cursor.int();
    const dy = cursor.separator() ? cursor.int() : null;
    if (dx === null || dy === null) return false;
    startX += dx;
    startY += dy;
    let x = startX;
    let y = startY;
    if (!inside(x) || !inside(y)) return false;
    let segments = 0;
    for (;;) {
      if (cursor.eat('z')) break;
      const horizontal = cursor.eat('h');
      if (!horizontal && !cursor.eat('v')) return false;
      const length = cursor.int();
      if (!length) return false;
      const toX = horizontal ? x + length : x;
      const toY = horizontal ? y : y + length;
      if (!inside(toX) || !inside(toY)) return false;
      if (!horizontal) edges.add(x, y, toY);
      x = toX;
      y = toY;
      segments++;
    }
    // "z" draws the last side back to the start: it must be horizontal or vertical too.
    if (segments === 0 || (x !== startX && y !== startY)) return false;
    if (y !== startY) edges.add(x, y, startY);
  }
  return true;
}

/**
 * Net direction of the vertical edges crossing each row at each x, kept as a difference array
 * down each column so that an edge costs O(1) however long it is.
 */
class VerticalEdges {
  private readonly diff: Int32Array;
  constructor(private readonly side: number) {
    this.diff = new Int32Array((side + 1) * (side + 1));
  }

  /** Callers keep x, from and to within 0..side. */
  add(x: number, from: number, to: number): void {
    const direction = to > from ? 1 : -1;
    this.diff[Math.min(from, to) * (this.side + 1) + x]! += direction;
    this.diff[Math.max(from, to) * (this.side + 1) + x]! -= direction;
  }

  /** The modules the nonzero rule paints, as a QR matrix (null when that is not a QR code). */
  fill(): QrMatrix | null {
    const width = this.side + 1;
    const crossing = new Int32Array(width); // running sum down each column
    const cells = new DarkCells();
    for (let row = 0; row < this.side; row++) {
      let winding = 0;
      for (let x = 0; x < this.side; x++) {
        crossing[x]! += this.diff[row * width + x]!;
        winding += crossing[x]!;
        if (winding !== 0) cells.set(row, x);
      }
    }
    return cells.toQrMatrix();
  }
}

/** Our renderer always writes a fill, and only a colour. */
function hasColourFill(el: ShapeAttributes): boolean {
  return parseRgba(el.getAttribute('fill')) !== null;
}

/** Side of the background rect, which must be a square at the origin that fits our grid. */
function backgroundSide(rect: ShapeAttributes): number | null {
  const x = parseUint(rect.getAttribute('x'));
  const y = parseUint(rect.getAttribute('y'));
  const width = parseUint(rect.getAttribute('width'));
  const height = parseUint(rect.getAttribute('height'));
  if (x !== 0 || y !== 0 || width === null || width !== height) return null;
  return DarkCells.fits(width - 1, width - 1) ? width : null;
}

class PathCursor {
  private at = 0;
  constructor(private readonly text: string) {}

  done(): boolean {
    return this.at >= this.text.length;
  }

  eat(literal: string): boolean {
    if (!this.text.startsWith(literal, this.at)) return false;
    this.at += literal.length;
    return true;
  }

  /** Between two numbers: a space, or nothing when the second one starts with '-'. */
  separator(): boolean {
    return this.eat(' ') || this.text.startsWith('-', this.at);
  }

  /** An optionally negative integer at the cursor, or null when there is none. */
  int(): number | null {
    const negative = this.text.startsWith('-', this.at);
    let end = negative ? this.at + 1 : this.at;
    while (end < this.text.length && isDigit(this.text.charCodeAt(end))) end++;
    const magnitude = parseUint(this.text.slice(negative ? this.at + 1 : this.at, end));
    if (magnitude === null) return null;
    this.at = end;
    return negative ? -magnitude : magnitude;
  }
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
