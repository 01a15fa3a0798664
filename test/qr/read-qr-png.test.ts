/**
 * The QR code element reads the MFA element's QR code image (shared/qr/read-qr-png.ts): every
 * PNG qr-png.ts writes reads back to its modules; anything off that shape is invalid_qr, and
 * random bytes never throw.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateSync, inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { encodeQr, qrMatricesEqual, qrPng, qrPngDataUri } from '../../shared/qr/index.js';
import { readQrPng } from '../../shared/qr/read-qr-png.js';

const m = encodeQr('otpauth://totp/myapp.bubbleapps.io:jo@example.com?secret=JBSWY3DPEHPK3PXP&issuer=myapp.bubbleapps.io').data!;
const png = Buffer.from(qrPng(m));
const uri = (bytes: Uint8Array) => `data:image/png;base64,${Buffer.from(bytes).toString('base64')}`;

/** The PNG with its pixel rows changed by `edit` (IDAT re-deflated; CRCs are not checked by the reader). */
function withRows(edit: (rows: Buffer, rowBytes: number, side: number) => void, header?: (ihdr: Buffer) => void): string {
  const side = png.readUInt32BE(16);
  const idatLength = png.readUInt32BE(33);
  const rows = inflateSync(png.subarray(41, 41 + idatLength));
  edit(rows, 1 + Math.ceil(side / 8), side);
  return withIdat(deflateSync(rows), header);
}

/** The PNG with `idat` as its one IDAT chunk, and its IHDR changed by `header`. */
function withIdat(idat: Buffer, header?: (ihdr: Buffer) => void): string {
  const ihdr = Buffer.from(png.subarray(0, 33));
  header?.(ihdr);
  const chunk = Buffer.alloc(12 + idat.length);
  chunk.writeUInt32BE(idat.length, 0);
  chunk.write('IDAT', 4, 'latin1');
  idat.copy(chunk, 8);
  return uri(Buffer.concat([ihdr, chunk, png.subarray(45 + png.readUInt32BE(33))]));
}

/** Runs `read` with DecompressionStream wrapped to count the bytes it inflates and how often it is made. */
async function countingInflation(read: () => Promise<unknown>): Promise<{ streams: number; inflated: number }> {
  const Real = globalThis.DecompressionStream;
  const count = { streams: 0, inflated: 0 };
  globalThis.DecompressionStream = class {
    readonly writable: WritableStream<BufferSource>;
    readonly readable: ReadableStream<Uint8Array>;
    constructor(format: CompressionFormat) {
      const real = new Real(format);
      count.streams++;
      this.writable = real.writable;
      this.readable = real.readable.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, out) {
            count.inflated += chunk.byteLength;
            out.enqueue(chunk);
          },
        }),
      );
    }
  } as typeof DecompressionStream;
  try {
    await read();
  } finally {
    globalThis.DecompressionStream = Real;
  }
  return count;
}

describe('reading the QR code image back', () => {
  it('reads what qr-png.ts writes, for small, usual and the largest codes', async () => {
    for (const text of ['HELLO', 'x'.repeat(150), 'x'.repeat(1200)]) {
      const code = encodeQr(text).data!;
      const back = await readQrPng(qrPngDataUri(code));
      assert.ok(back.data && qrMatricesEqual(back.data, code), `size ${code.size}`);
    }
  });

  it('refuses what is not that PNG', async () => {
    const refused = async (source: string, why: string) => assert.equal((await readQrPng(source)).error?.code, 'invalid_qr', why);
    await refused('data:image/png;base64,iVBORw0KGgo=', 'signature only');
    await refused(uri(png.subarray(0, png.length - 30)), 'truncated');
    await refused(`data:image/jpeg;base64,${png.toString('base64')}`, 'another media type');
    await refused(
      withRows(
        () => undefined,
        (ihdr) => ihdr.writeUInt32BE(ihdr.readUInt32BE(20) + 8, 20),
      ),
      'not square',
    );
    await refused(
      withRows(
        () => undefined,
        (ihdr) => (ihdr[24] = 8),
      ),
      '8-bit, not 1-bit',
    );
    await refused(
      withRows((rows, rowBytes) => {
        rows[5 * rowBytes] = 1;
      }),
      'a row with filter 1',
    );
    await refused(
      withRows((rows) => {
        rows[1] = 0x7f;
      }),
      'a dark pixel in the quiet zone',
    );
    await refused(
      withRows((rows, rowBytes, side) => {
        const y = Math.floor(side / 2) + 1;
        rows[y * rowBytes + 1 + (side >> 4)]! ^= 0x01;
      }),
      'one pixel off its module',
    );
    await refused(
      withRows((rows) => {
        rows.fill(0xff);
        for (let y = 0; y < rows.length; y += 1 + Math.ceil(png.readUInt32BE(16) / 8)) rows[y] = 0;
      }),
      'all light: no finders',
    );
  });

  it('stops inflating an IDAT that inflates to more than the IHDR allows (a deflate bomb)', async () => {
    // 64 MB of zeros deflates to about 64 KB, well inside the data URI limit, but the IHDR's side
    // allows rowBytes × side: about 9 KB for the plugin's PNG.
    const bomb = withIdat(deflateSync(Buffer.alloc(64 << 20)));
    assert.ok(bomb.length < 200_000, `${bomb.length} characters`);
    const side = png.readUInt32BE(16);
    const expected = (1 + Math.ceil(side / 8)) * side;
    let code: string | undefined;
    const count = await countingInflation(async () => {
      code = (await readQrPng(bomb)).error?.code;
    });
    assert.equal(code, 'invalid_qr');
    assert.equal(count.streams, 1);
    assert.ok(count.inflated < expected + (1 << 20), `inflated ${count.inflated} bytes for ${expected} expected`);
  });

  it('refuses an IHDR side no QR image has, before inflating', async () => {
    for (const side of [0, 28, 100_000, 0xffffffff]) {
      let code: string | undefined;
      const count = await countingInflation(async () => {
        const square = (ihdr: Buffer) => {
          ihdr.writeUInt32BE(side, 16);
          ihdr.writeUInt32BE(side, 20);
        };
        code = (await readQrPng(withRows(() => undefined, square))).error?.code;
      });
      assert.equal(code, 'invalid_qr', `side ${side}`);
      assert.equal(count.streams, 0, `side ${side} inflated`);
    }
  });

  it('random bytes after the prefix never throw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.nat(), async (noise, at) => {
        const spliced = Buffer.from(png);
        spliced.set(noise.subarray(0, Math.max(0, spliced.length - (at % spliced.length))), at % spliced.length);
        const read = await readQrPng(uri(spliced));
        if (read.data) assert.ok(qrMatricesEqual(read.data, m), 'accepted with other modules');
        else assert.equal(read.error.code, 'invalid_qr');
        assert.equal((await readQrPng(uri(noise))).error?.code, 'invalid_qr');
      }),
      { numRuns: 150 },
    );
  });
});
