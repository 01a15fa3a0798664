import { test } from 'node:test';
import assert from 'node:assert/strict';
import { folderName, folderSuffix, idAt, indexOfId, PLUGIN_ID_PATTERN } from '../../build/ids.js';
import { entriesWithIds, loadPluginDef, semanticProblems } from '../../build/plugin-def.js';
import { assignIds } from '../../build/assign-ids.js';

test('folder suffixes follow the base32 rule seen in Bubble-synced repos', () => {
  // Examples seen in Bubble-synced repositories (docs/bubble-format.md).
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

test("plugin.json's ids are all in the plugin's own range, which Bubble's editor never hands out", () => {
  const def = loadPluginDef();
  const ids = entriesWithIds(def).map((e) => e.entry.id!);
  assert.ok(ids.length > 50);
  for (const id of ids) assert.match(id, PLUGIN_ID_PATTERN, id);
  // Bubble's counter starts at AAA/AAC: none of the first 2,000 ids it would hand out is ours.
  for (let n = 0; n < 2000; n++) assert.ok(!ids.includes(idAt(n)), idAt(n));
});

test('the build refuses an id from the range of Bubble’s editor counter, and npm run ids continues in ours', () => {
  const def = structuredClone(loadPluginDef());
  def.elements[0]!.states[0]!.id = 'AAC';
  assert.ok(semanticProblems(def).some((p) => /id AAC is outside the plugin's range/.test(p)));
  delete (def.elements[0]!.states[0] as { id?: string }).id;
  const highestBefore = Math.max(...entriesWithIds(def).flatMap((e) => (e.entry.id ? [indexOfId(e.entry.id)] : [])));
  const assigned = assignIds(def);
  assert.equal(assigned.length, 1);
  assert.equal(def.elements[0]!.states[0]!.id, idAt(highestBefore + 1));
  assert.match(def.elements[0]!.states[0]!.id, PLUGIN_ID_PATTERN);
  assert.equal(semanticProblems(def).length, 0);
});
