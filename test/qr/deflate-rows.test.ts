/**
 * shared/qr/deflate-rows.ts against zlib itself (node:zlib's inflate checks the stream and its
 * Adler-32): any bytes, every match length class from 3 to 258, rows repeated or not.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { inflateSync } from 'node:zlib';
import { zlibOfRows } from '../../shared/qr/deflate-rows.js';

function rows(rowBytes: number, pattern: string): Uint8Array {
  // pattern: one letter per row; the same letter is the same (random) row.
  const byLetter = new Map<string, Buffer>();
  return new Uint8Array(Buffer.concat([...pattern].map((c) => byLetter.get(c) ?? byLetter.set(c, randomBytes(rowBytes)).get(c)!)));
}

test('inflates to the same bytes, for every match length class and literal range', () => {
  for (const rowBytes of [3, 4, 10, 11, 12, 18, 31, 34, 48, 66, 130, 227, 228, 257, 258]) {
    for (const pattern of ['a', 'ab', 'aa', 'aaaab', 'abbbbccccaaaa', 'aaaaaaaaaaaaaaaa']) {
      const raw = rows(rowBytes, pattern);
      const z = zlibOfRows(raw, rowBytes);
      assert.deepEqual(new Uint8Array(inflateSync(z)), raw, `rows of ${rowBytes}, ${pattern}`);
    }
  }
});

test('a repeated row costs a few bits, not the row', () => {
  const once = zlibOfRows(rows(48, 'a'), 48).length;
  const many = zlibOfRows(rows(48, 'a'.repeat(100)), 48).length;
  assert.ok(many - once < 100 * 3, `${once} bytes for one row, ${many} for a hundred`);
});
