/**
 * Draws a QrMatrix as a black-on-white PNG, returned as a base64 data URI for Bubble's Image
 * element (or any <img>): an image, not markup, so nothing in it can run wherever it is bound.
 *
 * A 1-bit greyscale PNG whose repeated pixel rows are deflated as back-references
 * (deflate-rows.ts): a few dozen lines instead of a deflate library in the MFA element's
 * download, and about 4 KB for the usual version-13 code (6 KB as a data URI). Each module is drawn as a square of whole pixels, with the
 * standard 4-module light quiet zone, at least MIN_IMAGE_SIDE pixels wide so that an Image element
 * of ordinary size scales it down, not up (no blur at the module edges).
 */
import { bytesToBase64 } from '../base64.js';
import { zlibOfRows } from './deflate-rows.js';
import type { QrMatrix } from './qr-matrix.js';

export const MIN_IMAGE_SIDE = 240;
const QUIET_ZONE = 4;
const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function qrPngDataUri(m: QrMatrix): string {
  return `data:image/png;base64,${bytesToBase64(qrPng(m))}`;
}

/** The PNG bytes: signature, IHDR, one IDAT (the rows, deflated by deflate-rows.ts), IEND. */
export function qrPng(m: QrMatrix): Uint8Array {
  const modules = m.size + 2 * QUIET_ZONE;
  const scale = Math.ceil(MIN_IMAGE_SIDE / modules);
  const side = modules * scale;
  const rowBytes = 1 + Math.ceil(side / 8); // filter type 0, then the pixels
  const pixels = new Uint8Array(rowBytes * side);
  drawRows(m, pixels, scale, rowBytes);
  const idat = zlibOfRows(pixels, rowBytes);
  const png = new Uint8Array(8 + (12 + 13) + (12 + idat.length) + 12);
  const view = new DataView(png.buffer);
  png.set(SIGNATURE);
  // IHDR at 8: width, height, bit depth 1, greyscale, deflate, filter set 0, no interlace.
  startChunk(png, 8, 'IHDR', 13);
  view.setUint32(16, side);
  view.setUint32(20, side);
  png.set([1, 0, 0, 0, 0], 24);
  endChunk(png, 8, 13);
  startChunk(png, 33, 'IDAT', idat.length);
  png.set(idat, 41);
  endChunk(png, 33, idat.length);
  startChunk(png, 45 + idat.length, 'IEND', 0);
  endChunk(png, 45 + idat.length, 0);
  return png;
}

/** Rows of 1-bit pixels (1 = white), each after its filter byte (0: none). */
function drawRows(m: QrMatrix, pixels: Uint8Array, scale: number, rowBytes: number): void {
  pixels.fill(0xff);
  for (let y = 0; y < pixels.length; y += rowBytes) pixels[y] = 0;
  // Each module row once, as its first pixel row, then copied: the work is per dark module,
  // not per pixel, which keeps the first call (before the engine optimises) short.
  for (let row = 0; row < m.size; row++) {
    const start = (QUIET_ZONE + row) * scale * rowBytes;
    for (let col = 0; col < m.size; col++) {
      if (m.dark[row * m.size + col] !== 1) continue;
      for (let x = (QUIET_ZONE + col) * scale, end = x + scale; x < end; x++) pixels[start + 1 + (x >> 3)]! &= ~(0x80 >> (x & 7));
    }
    for (let copy = 1; copy < scale; copy++) pixels.copyWithin(start + copy * rowBytes, start, start + rowBytes);
  }
}

/** A chunk's length and type at `at`; its data follows. */
function startChunk(png: Uint8Array, at: number, type: string, length: number): void {
  new DataView(png.buffer).setUint32(at, length);
  for (let i = 0; i < 4; i++) png[at + 4 + i] = type.charCodeAt(i);
}

/** The CRC of the chunk at `at` (over its type and data), written after its data. */
function endChunk(png: Uint8Array, at: number, length: number): void {
  new DataView(png.buffer).setUint32(at + 8 + length, crc32(png.subarray(at + 4, at + 8 + length)));
}

let crcTable: Uint32Array | undefined;

function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
