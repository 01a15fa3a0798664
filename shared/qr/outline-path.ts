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
  const edges = outgoingEdges(m);
  let d = '';
  let atX = 0;
  let atY = 0;
  for (let start = 0; start < edges.count.length; start++) {
    while (edges.count[start]! > 0) {
      const x = start % side;
      const y = (start - x) / side;
      d += d === '' ? `M${x + offset} ${y + offset}` : `m${x - atX}${y - atY < 0 ? '' : ' '}${y - atY}`;
      d += loopSegments(edges, start, side);
      atX = x;
      atY = y;
    }
  }
  return d;
}

/**
 * For each vertex (y * (size + 1) + x), the vertices its boundary edges lead to: none, one, or
 * two (where two dark modules touch only at that corner). In typed arrays (two slots per vertex
 * and a count), so that even the first call, before the engine optimises anything, is quick.
 */
interface Edges {
  to: Int32Array;
  count: Uint8Array;
}

function outgoingEdges(m: QrMatrix): Edges {
  const n = m.size;
  const side = n + 1;
  // The matrix with a light border, so that neighbours need no bounds checks.
  const w = n + 2;
  const padded = new Uint8Array(w * w);
  for (let r = 0; r < n; r++) padded.set(m.dark.subarray(r * n, r * n + n), (r + 1) * w + 1);
  const to = new Int32Array(side * side * 2);
  const count = new Uint8Array(side * side);
  const add = (from: number, target: number) => {
    to[from * 2 + count[from]!] = target;
    count[from]!++;
  };
  for (let r = 0; r <= n; r++) {
    for (let c = 0; c <= n; c++) {
      const here = r * side + c;
      const below = here + side;
      const cell = padded[(r + 1) * w + c + 1]!;
      if (c < n && cell !== padded[r * w + c + 1]) {
        // top edge of module (r, c): rightwards when it is dark, leftwards when the one above is
        if (cell === 1) add(here, here + 1);
        else add(here + 1, here);
      }
      if (r < n && cell !== padded[(r + 1) * w + c]) {
        // left edge of module (r, c): upwards when it is dark, downwards when the one left is
        if (cell === 1) add(below, here);
        else add(here, below);
      }
    }
  }
  return { to, count };
}

/** Walks one loop from `start`, using up its edges; straight runs merge into one segment. */
function loopSegments(edges: Edges, start: number, side: number): string {
  const { to, count } = edges;
  let segments = '';
  let axis = '';
  let length = 0;
  let at = start;
  do {
    const next = to[at * 2 + --count[at]!]!;
    const step = next - at;
    const stepAxis = step === 1 || step === -1 ? 'h' : 'v';
    const stepLength = stepAxis === 'h' ? step : step / side;
    if (stepAxis === axis) {
      length += stepLength;
    } else {
      if (axis) segments += axis + length;
      axis = stepAxis;
      length = stepLength;
    }
    at = next;
  } while (at !== start);
  // The last segment ends where the loop started: "z" draws it.
  return `${segments}z`;
}
