/**
 * Path data for the dark modules of a QR matrix, as the outlines of the dark areas.
 *
 * Every edge between a dark and a light module (or the outside) becomes a unit edge directed with
 * the dark side on its right; following those edges gives closed loops, clockwise around dark
 * areas and anticlockwise around light holes, so the default nonzero fill paints exactly the dark
 * modules (the winding number of a point only depends on the set of edges, not on how they are
 * joined into loops, so any choice at a vertex where two dark modules touch diagonally is fine).
 *
 * Grammar (read back by read-outline-path.ts):
 *   path    = "M" x " " y outline "z" ( "m" dx sep dy outline "z" )*
 *   outline = ( ("h" | "v") signed-integer )+      (h and v alternate)
 *   sep     = " ", or nothing when dy is negative
 * `m` is relative to the previous loop's start (where "z" leaves the current point). Each loop's
 * last segment is left to "z". For the version-13 code Supabase sends, this is about 9.3 KB,
 * against about 11 KB for one subpath per horizontal run.
 */
import type { QrMatrix } from './qr-matrix.js';

export function outlinePathData(m: QrMatrix, offset: number): string {
  const side = m.size + 1; // vertices per side
  const next = outgoingEdges(m);
  let d = '';
  let atX = 0;
  let atY = 0;
  for (let start = 0; start < next.length; start++) {
    while (next[start]!.length > 0) {
      const x = start % side;
      const y = (start - x) / side;
      d += d === '' ? `M${x + offset} ${y + offset}` : `m${x - atX}${y - atY < 0 ? '' : ' '}${y - atY}`;
      d += loopSegments(next, start, side);
      atX = x;
      atY = y;
    }
  }
  return d;
}

/**
 * For each vertex (y * (size + 1) + x), the vertices its boundary edges lead to. A vertex has
 * none, one, or two (where two dark modules touch only at that corner).
 */
function outgoingEdges(m: QrMatrix): number[][] {
  const n = m.size;
  const side = n + 1;
  const dark = (r: number, c: number) => r >= 0 && c >= 0 && r < n && c < n && m.dark[r * n + c] === 1;
  const next: number[][] = Array.from({ length: side * side }, () => []);
  for (let r = 0; r <= n; r++) {
    for (let c = 0; c <= n; c++) {
      const here = r * side + c;
      const below = here + side;
      if (c < n && dark(r, c) !== dark(r - 1, c)) {
        // top edge of module (r, c): rightwards when it is dark, leftwards when the one above is
        if (dark(r, c)) next[here]!.push(here + 1);
        else next[here + 1]!.push(here);
      }
      if (r < n && dark(r, c) !== dark(r, c - 1)) {
        // left edge of module (r, c): upwards when it is dark, downwards when the one left is
        if (dark(r, c)) next[below]!.push(here);
        else next[here]!.push(below);
      }
    }
  }
  return next;
}

/** Walks one loop from `start`, using up its edges; straight runs merge into one segment. */
function loopSegments(next: number[][], start: number, side: number): string {
  const segments: string[] = [];
  let axis = '';
  let length = 0;
  let at = start;
  do {
    const to = next[at]!.pop()!;
    const step = to - at;
    const stepAxis = step === 1 || step === -1 ? 'h' : 'v';
    const stepLength = stepAxis === 'h' ? step : step / side;
    if (stepAxis === axis) {
      length += stepLength;
    } else {
      if (axis) segments.push(axis + length);
      axis = stepAxis;
      length = stepLength;
    }
    at = to;
  } while (at !== start);
  // The last segment ends where the loop started: "z" draws it.
  return `${segments.join('')}z`;
}
