import { test } from 'node:test';
import assert from 'node:assert/strict';
import { folderName, folderSuffix, idAt, indexOfId } from '../../build/ids.js';

test('folder suffixes follow the base32 rule seen in Bubble-synced repos', () => {
  // Examples from ../shared/reference/bubble-plugin-format.md §6.
  assert.equal(folderSuffix('AAC'), '850m6');
  assert.equal(folderSuffix('ABC'), '85146');
  assert.equal(folderSuffix('AAM'), '850mu');
  assert.equal(folderName('AAC'), 'AAC-850m6');
});

test('suffixes are 5 characters from the alphabet and differ for different ids', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 52 * 52 * 3; i++) {
    const s = folderSuffix(idAt(i));
    assert.match(s, /^[0-9a-hjkmnpqrtuv-z]{5}$/);
    seen.add(s);
  }
  assert.equal(seen.size, 52 * 52 * 3);
});

test('ids count A…Z then a…z', () => {
  assert.equal(idAt(0), 'AAA');
  assert.equal(idAt(1), 'AAB');
  assert.equal(idAt(26), 'AAa');
  assert.equal(idAt(52), 'ABA');
  for (const n of [0, 1, 51, 52, 999, 52 ** 3 - 1]) assert.equal(indexOfId(idAt(n)), n);
  assert.throws(() => idAt(52 ** 3));
});
