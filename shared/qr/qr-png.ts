/**
 * Draws a QrMatrix as a black-on-white PNG, returned as a base64 data URI for Bubble's Image
 * element (or any <img>): an image, not markup, so nothing in it can run wherever it is bound.
 *
 * A 1-bit greyscale PNG whose pixel data is stored, not compressed: deflate's "stored" blocks
 * need no compressor, so the encoder is a few dozen lines instead of a deflate library in the
 * MFA element's download. The image is still small (about 12 KB for the usual version-13 code),
 * because each pixel is one bit. Each module is drawn as a square of whole pixels, with the
 * standard 4-module light quiet zone, at least MIN_IMAGE_SIDE pixels wide so that an Image element
 * of ordinary size scales it down, not up (no blur at the module edges).
 */
import type { QrMatrix } from './qr-matrix.js';

export const MIN_IMAGE_SIDE = 240;
const QUIET_ZONE = 4;

export function qrPngDataUri(m: QrMatrix): string {
  const png = qrPng(m);
  let binary = '';
  for (let i = 0; i < png.length; i += 0x8000) binary += String.fromCharCode(...png.subarray(i, i + 0x8000));
  return `data:image/png;base64,${btoa(binary)}`;
}

export function qrPng(m: QrMatrix): Uint8Array {
  const modules = m.size + 2 * QUIET_ZONE;
  const scale = Math.ceil(MIN_IMAGE_SIDE / modules);
  const side = modules * scale;
  const rowBytes = 1 + Math.ceil(side / 8); // filter type 0, then the pixels
  const pixels = new Uint8Array(rowBytes * side).fill(0xff); // 1 = white
  for (let y = 0; y < side; y++) {
    pixels[y * rowBytes] = 0;
    const row = Math.floor(y / scale) - QUIET_ZONE;
    if (row < 0 || row >= m.size) continue;
    for (let x = QUIET_ZONE * scale; x < (QUIET_ZONE + m.size) * scale; x++) {
      if (m.dark[row * m.size + Math.floor(x / scale) - QUIET_ZONE] === 1) pixels[y * rowBytes + 1 + (x >> 3)]! &= ~(0x80 >> (x & 7));
    }
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, side);
  view.setUint32(4, side);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, filter set 0, no interlace
  return concat([
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlibStored(pixels)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/**
 * A zlib stream (RFC 1950) of one deflate stored block (RFC 1951 §3.2.4) holding `data` as is.
 * One block holds up to 65,535 bytes; the largest image, a version-40 code (185 modules with the
 * quiet zone, 2 px each), has 370 rows of 48 bytes: 17,760.
 */
function zlibStored(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(2 + 5 + data.length + 4);
  const view = new DataView(out.buffer);
  out.set([0x78, 0x01, 1]); // zlib header (deflate, 32 KB window, no dictionary); BFINAL, BTYPE 00
  view.setUint16(3, data.length, true);
  view.setUint16(5, ~data.length & 0xffff, true);
  out.set(data, 7);
  view.setUint32(7 + data.length, adler32(data));
  return out;
}

function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
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
  for (const byte of data) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
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
