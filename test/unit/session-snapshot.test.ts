import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAuthClient } from '../../shared/client.js';
import { readSessionSnapshot } from '../../shared/session-snapshot.js';
import { mintSession } from '../helpers/fixtures.js';

/** The real auth client over a stored session; a closed port and a counting fetch prove no request. */
async function snapshotOf(stored: string) {
  let requests = 0;
  const storage = new Map([['sb-test-auth-token', stored]]);
  const auth = createAuthClient(
    { url: 'http://127.0.0.1:9', anonKey: 'anon', storageKey: 'sb-test-auth-token' },
    {
      autoRefreshToken: false,
      storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v), removeItem: (k) => void storage.delete(k) },
      fetch: (input, init) => {
        requests++;
        return fetch(input, init);
      },
    },
  );
  const snap = await readSessionSnapshot(auth);
  assert.equal(requests, 0, 'read from the stored session only');
  return snap;
}

test('a stored session gives who, the assurance levels and the factors, without a request', async () => {
  const minted = mintSession({ aal: 'aal1' });
  const snap = await snapshotOf(minted.json);
  assert.ok(snap.data);
  assert.deepEqual([snap.data.signedIn, snap.data.userId, snap.data.email], [true, minted.userId, minted.email]);
  assert.deepEqual([snap.data.currentLevel, snap.data.nextLevel, snap.data.mfaRequired], ['aal1', 'aal2', true]);
  assert.deepEqual(
    snap.data.factors.map((f) => [f.id, f.status]),
    [[minted.factors[0]!.id, 'verified']],
  );
});

test('a user without factors (Supabase omits the empty list) has an empty factor list, not "unknown"', async () => {
  const minted = mintSession({ factors: [] });
  assert.ok(!('factors' in (JSON.parse(minted.json) as { user: object }).user), 'stored as the server sends it');
  const snap = await snapshotOf(minted.json);
  assert.deepEqual(snap.data?.factors, []);
  assert.deepEqual([snap.data?.currentLevel, snap.data?.nextLevel, snap.data?.mfaRequired], ['aal1', 'aal1', false]);
});
