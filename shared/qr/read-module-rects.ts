/**
 * Reads Supabase's format: one <rect> per module (black or white), all the same square size,
 * all on one grid. Produced by goqrsvg (block size 3, transparent 4-module quiet zone):
 *   <rect x="12" y="12" width="3" height="3" style="fill:black;stroke:none" />
 */
import { DarkCells, MAX_GRID_SIDE } from './dark-cells.js';
import type { QrMatrix } from './qr-matrix.js';
import type { ShapeAttributes } from './svg-markup.js';
import { fillFromStyle, parseUint, shadeOfFill, type ModuleShade } from './svg-values.js';

export function readModuleRects(rects: readonly ShapeAttributes[]): QrMatrix | null {
  const count = rects.length;
  if (count === 0 || count > MAX_GRID_SIDE * MAX_GRID_SIDE) return null;
  const block = parseUint(rects[0]!.getAttribute('width'));
  if (!block) return null;

  const xs = new Int32Array(count);
  const ys = new Int32Array(count);
  const dark = new Uint8Array(count);
  const shadeOf = cachedShadeReader();
  let minX = Infinity;
  let minY = Infinity;
  for (let i = 0; i < count; i++) {
    const rect = rects[i]!;
    const x = parseUint(rect.getAttribute('x'));
    const y = parseUint(rect.getAttribute('y'));
    const shade = shadeOf(rect);
    if (x === null || y === null || shade === null) return null;
    if (parseUint(rect.getAttribute('width')) !== block) return null;
    if (parseUint(rect.getAttribute('height')) !== block) return null;
    xs[i] = x;
    ys[i] = y;
    dark[i] = shade === 'dark' ? 1 : 0;
    if (x < minX) minX = x;
    if (y < minY) minY = y;
  }

  return gridToMatrix(xs, ys, dark, count, block, minX, minY);
}

/**
 * The modules the rects draw: rect i at (xs[i], ys[i]), `block` pixels square, dark when
 * dark[i] is 1. Every rect on the grid that starts at (minX, minY), one rect per module.
 */
export function gridToMatrix(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  dark: ArrayLike<number>,
  count: number,
  block: number,
  minX: number,
  minY: number,
): QrMatrix | null {
  const cells = new DarkCells();
  const seen = new Uint8Array(MAX_GRID_SIDE * MAX_GRID_SIDE);
  for (let i = 0; i < count; i++) {
    const dx = xs[i]! - minX;
    const dy = ys[i]! - minY;
    if (dx % block !== 0 || dy % block !== 0) return null; // off the grid
    const col: number = dx / block;
    const row: number = dy / block;
    if (!DarkCells.fits(row, col)) return null;
    const at = row * MAX_GRID_SIDE + col;
    if (seen[at] === 1) return null; // two rects for one module
    seen[at] = 1;
    if (dark[i] === 1) cells.set(row, col);
  }
  return cells.toQrMatrix();
}

/**
 * Shade of a rect from its style (which wins, as in CSS) or its fill attribute. A Supabase SVG has
 * only two distinct styles, so the parsing is cached per (style, fill) pair, the last pair first
 * (compared, not concatenated: no string is made per rect).
 */
function cachedShadeReader(): (rect: ShapeAttributes) => ModuleShade | null {
  const seen: Array<{ style: string | null; fill: string | null; shade: ModuleShade | null }> = [];
  return (rect) => {
    const style = rect.getAttribute('style');
    const fill = rect.getAttribute('fill');
    for (const entry of seen) if (entry.style === style && entry.fill === fill) return entry.shade;
    const shade = shadeFromAttributes(style, fill);
    // Two entries are Supabase's; a few more cover hand-made variants without an unbounded scan.
    if (seen.length < 8) seen.push({ style, fill, shade });
    return shade;
  };
}

function shadeFromAttributes(style: string | null, fill: string | null): ModuleShade | null {
  const styleFill = style === null ? undefined : fillFromStyle(style);
  if (styleFill === null) return null;
  const value = styleFill ?? fill;
  return value === null ? null : shadeOfFill(value);
}
