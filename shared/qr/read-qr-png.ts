/**
 * Reads the modules back from the MFA element's QR code image (qr-png.ts's PNG as a base64 data
 * URI), for a QR code element bound to *QR code image*. Only that shape is accepted: one IHDR
 * (square, 1-bit greyscale, no interlace), IDAT data whose rows all use filter 0, square blocks
 * of whole pixels per module with the 4-module light quiet zone, and a QR's finders and timing
 * lines. Anything else is invalid_qr. Inflating uses the browser's DecompressionStream (which
 * also checks zlib's checksum), so it is asynchronous; browsers without it refuse the image.
 *
 * The source may come from data another user can change, and deflate expands up to about 1000:1,
 * so the data URI limit alone would let a small IDAT inflate to 150+ MB on a phone. The IHDR
 * gives the rows' exact length before inflating: a side no QR image has is refused without
 * inflating, and inflating stops as soon as it yields more than those rows.
 */
import { base64ToBytes } from '../base64.js';
import { ok, type Result } from '../result.js';
import { invalidQr } from './invalid-qr.js';
import { createQrMatrix, type QrMatrix } from './qr-matrix.js';
import { hasQrStructure, isPlausibleQrSize } from './qr-structure.js';

const PREFIX = 'data:image/png;base64,';
const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const QUIET_ZONE = 4;
/** A version-40 code at the largest scale qr-png.ts writes is far below this (a few KB of PNG). */
const MAX_URI_CHARS = 200_000;
/** Version 1 at 1 pixel per module, up to 10 times qr-png.ts's largest (370): at most 2.1 MB of rows. */
const MIN_SIDE = 21 + 2 * QUIET_ZONE;
const MAX_SIDE = 4096;
/** Compressed bytes handed to DecompressionStream at a time: each inflates to at most about 1 MB. */
const PIECE = 1024;

export function isQrPngDataUri(text: string): boolean {
  return text.slice(0, PREFIX.length).toLowerCase() === PREFIX;
}

export async function readQrPng(uri: string): Promise<Result<QrMatrix>> {
  const png = uri.length <= MAX_URI_CHARS && isQrPngDataUri(uri) ? base64ToBytes(uri.slice(PREFIX.length)) : null;
  const image = png && chunksOf(png);
  if (!image || image.side < MIN_SIDE || image.side > MAX_SIDE) return invalidQr();
  const rows = await inflate(image.idat, rowBytesOf(image.side) * image.side);
  return rows ? modulesOf(rows, image.side) : invalidQr();
}

/** Filter type byte, then 1 bit per pixel. */
function rowBytesOf(side: number): number {
  return 1 + Math.ceil(side / 8);
}

function chunksOf(png: Uint8Array): { side: number; idat: Uint8Array } | null {
  if (png.length < 8 + 25 || SIGNATURE.some((b, i) => png[i] !== b)) return null;
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const parts: Uint8Array[] = [];
  let side = 0;
  for (let at = 8; at + 12 <= png.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + length);
    if (data.length !== length) return null;
    if (at === 8) {
      // width = height, bit depth 1, greyscale, deflate, filter set 0, no interlace
      if (type !== 'IHDR' || length !== 13 || view.getUint32(16) !== view.getUint32(20) || [1, 0, 0, 0, 0].some((b, i) => data[8 + i] !== b)) return null;
      side = view.getUint32(16);
    } else if (type === 'IDAT') parts.push(data);
    else if (type === 'IEND') return parts.length ? { side, idat: concat(parts) } : null;
    at += 12 + length;
  }
  return null;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Exactly `length` bytes inflated from `zlib`, or null. The input goes in small pieces, pulled only
 * as the output is read, so that no implementation inflates much past what was read (some inflate
 * a whole written chunk at once); reading stops and the stream is cancelled past `length`.
 */
async function inflate(zlib: Uint8Array, length: number): Promise<Uint8Array | null> {
  if (typeof DecompressionStream !== 'function') return null;
  const out = new Uint8Array(length);
  let at = 0;
  let fed = 0;
  const input = new ReadableStream<BufferSource>({
    pull(controller) {
      const piece = zlib.slice(fed, fed + PIECE);
      fed += PIECE;
      if (piece.length) controller.enqueue(piece);
      else controller.close();
    },
  });
  try {
    const reader = input.pipeThrough(new DecompressionStream('deflate')).getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      if (at + read.value.length > length) {
        await reader.cancel();
        return null;
      }
      out.set(read.value, at);
      at += read.value.length;
    }
    return at === length ? out : null;
  } catch {
    return null; // not zlib, or a checksum that does not match
  }
}

function modulesOf(rows: Uint8Array, side: number): Result<QrMatrix> {
  const rowBytes = rowBytesOf(side);
  for (let y = 0; y < side; y++) if (rows[y * rowBytes] !== 0) return invalidQr();
  const dark = (x: number, y: number) => ((rows[y * rowBytes + 1 + (x >> 3)]! >> (7 - (x & 7))) & 1) === 0;
  for (let size = 21; size <= 177; size += 4) {
    const modules = size + 2 * QUIET_ZONE;
    if (side % modules !== 0) continue;
    const scale = side / modules;
    const m = createQrMatrix(size);
    let uniform = true;
    for (let y = 0; y < side && uniform; y++) {
      for (let x = 0; x < side; x++) {
        const row = Math.floor(y / scale) - QUIET_ZONE;
        const col = Math.floor(x / scale) - QUIET_ZONE;
        const inside = row >= 0 && col >= 0 && row < size && col < size;
        // The block's first pixel decides; every other pixel of the block must agree.
        const want = inside ? (x % scale === 0 && y % scale === 0 ? dark(x, y) : m.dark[row * size + col] === 1) : false;
        if (x % scale === 0 && y % scale === 0 && inside) m.dark[row * size + col] = want ? 1 : 0;
        if (dark(x, y) !== want) {
          uniform = false;
          break;
        }
      }
    }
    if (uniform && isPlausibleQrSize(size) && hasQrStructure(m)) return ok(m);
  }
  return invalidQr();
}
