/**
 * A zlib stream (RFC 1950) of image rows, compressed the one way a QR code needs: one deflate
 * block with the fixed Huffman codes (RFC 1951 §3.2.6) in which a row equal to the row above is a
 * single back-reference ("copy rowBytes bytes from rowBytes back") and any other row is written
 * as literals. A QR code drawn at N pixels per module repeats each pixel row N times, so about
 * (N-1)/N of the image becomes a few bits; no general-purpose compressor is needed in the page.
 * Rows must be 3..258 bytes (a deflate match length); the QR image's are 31..48.
 */

// Length codes 257..285: base length and extra bits (RFC 1951 §3.2.5).
const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
// Distance codes 0..29: base distance and extra bits.
const DISTANCE_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DISTANCE_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

/** Deflate writes bits least significant first, but Huffman codes most significant bit first. */
class BitWriter {
  #bytes: Uint8Array;
  #at = 0;
  #buffer = 0;
  #count = 0;

  constructor(capacity: number) {
    this.#bytes = new Uint8Array(capacity);
  }

  bits(value: number, count: number): void {
    this.#buffer |= value << this.#count;
    this.#count += count;
    while (this.#count >= 8) {
      this.#bytes[this.#at++] = this.#buffer & 0xff;
      this.#buffer >>>= 8;
      this.#count -= 8;
    }
  }

  /** A Huffman code of `length` bits. */
  code(code: number, length: number): void {
    let reversed = 0;
    for (let i = 0; i < length; i++) reversed |= ((code >> i) & 1) << (length - 1 - i);
    this.bits(reversed, length);
  }

  /** The bytes written, the last one padded with zero bits. */
  done(): Uint8Array {
    if (this.#count > 0) this.bits(0, 8 - this.#count);
    return this.#bytes.subarray(0, this.#at);
  }
}

/** Fixed-code literal/length symbol (0..287). */
function symbol(w: BitWriter, s: number): void {
  if (s < 144) w.code(0x30 + s, 8);
  else if (s < 256) w.code(0x190 + s - 144, 9);
  else if (s < 280) w.code(s - 256, 7);
  else w.code(0xc0 + s - 280, 8);
}

/** The last index whose base is at most `value`. */
function codeFor(bases: readonly number[], value: number): number {
  let i = bases.length - 1;
  while (bases[i]! > value) i--;
  return i;
}

function match(w: BitWriter, length: number, distance: number): void {
  const l = codeFor(LENGTH_BASE, length);
  symbol(w, 257 + l);
  w.bits(length - LENGTH_BASE[l]!, LENGTH_EXTRA[l]!);
  const d = codeFor(DISTANCE_BASE, distance);
  w.code(d, 5);
  w.bits(distance - DISTANCE_BASE[d]!, DISTANCE_EXTRA[d]!);
}

export function zlibOfRows(raw: Uint8Array, rowBytes: number): Uint8Array {
  // At most 9 bits per literal, plus headers and the checksum.
  const w = new BitWriter(2 + Math.ceil((raw.length * 9) / 8) + 8 + 4);
  w.bits(0x78, 8);
  w.bits(0x01, 8); // zlib header: deflate, 32 KB window, no dictionary
  w.bits(1, 1); // BFINAL
  w.bits(1, 2); // BTYPE 01: fixed Huffman codes
  for (let start = 0; start < raw.length; start += rowBytes) {
    if (start > 0 && sameAsAbove(raw, start, rowBytes)) match(w, rowBytes, rowBytes);
    else for (let i = start; i < start + rowBytes; i++) symbol(w, raw[i]!);
  }
  symbol(w, 256); // end of block
  const deflated = w.done();
  const out = new Uint8Array(deflated.length + 4);
  out.set(deflated);
  new DataView(out.buffer).setUint32(deflated.length, adler32(raw));
  return out;
}

function sameAsAbove(raw: Uint8Array, start: number, rowBytes: number): boolean {
  for (let i = 0; i < rowBytes; i++) if (raw[start + i] !== raw[start - rowBytes + i]) return false;
  return true;
}

function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  // One modulo per 5552 bytes (zlib's NMAX, which keeps the sums within 32 bits), not two per byte.
  for (let i = 0; i < data.length; ) {
    for (const end = Math.min(i + 5552, data.length); i < end; i++) {
      a += data[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}
