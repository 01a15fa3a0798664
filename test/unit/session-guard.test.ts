import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guardedStorage, type SessionStorage } from '../../shared/session-guard.js';

const PAGE = 'https://auth.myapp.com/auth/v1';
const PROJECT = 'https://abcdefghijklmnopqrst.supabase.co/auth/v1';
const OTHER = 'https://zyxwvutsrqponmlkjihg.supabase.co/auth/v1';
const KEY = 'sb-auth-myapp-com-443-auth-token';

const jwt = (iss: string) => ['e30', Buffer.from(JSON.stringify({ iss, sub: 'u' })).toString('base64url'), 'sig'].join('.');
const session = (iss: string) => JSON.stringify({ access_token: jwt(iss), refresh_token: 'r' });

function base(value: string): SessionStorage {
  const map = new Map([[KEY, value]]);
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

function counted(answers: Array<string | null>) {
  const asked: number[] = [];
  const lookup = async () => {
    asked.push(asked.length);
    return answers.shift() ?? null;
  };
  return { asked, lookup };
}

test('a session the configured address issued is read at once, without asking the server', () => {
  const { asked, lookup } = counted([PROJECT]);
  const s = guardedStorage(KEY, PAGE, base(session(PAGE)), lookup);
  assert.equal(s.getItem(KEY), session(PAGE));
  assert.equal(s.storedAccessToken(), jwt(PAGE));
  assert.deepEqual(asked, []);
});

test('behind a custom domain: the issuer the server advertises is asked once, then known', async () => {
  const { asked, lookup } = counted([PROJECT]);
  const s = guardedStorage(KEY, PAGE, base(session(PROJECT)), lookup);
  assert.equal(s.storedAccessToken(), null, 'not known before the server said so');
  const first = s.getItem(KEY);
  assert.ok(first instanceof Promise);
  assert.equal(await first, session(PROJECT));
  assert.equal(s.getItem(KEY), session(PROJECT), 'then read at once');
  assert.equal(s.storedAccessToken(), jwt(PROJECT));
  assert.equal(asked.length, 1);
});

test('a session of an issuer the server does not advertise is refused, and the answer is kept', async () => {
  const { asked, lookup } = counted([PROJECT]);
  const s = guardedStorage(KEY, PAGE, base(session(OTHER)), lookup);
  assert.equal(await s.getItem(KEY), null);
  assert.equal(s.getItem(KEY), null, 'no second question');
  assert.equal(s.storedAccessToken(), null);
  assert.equal(asked.length, 1);
});

test('a failed lookup refuses the session this time and asks again next time; without a lookup nothing is asked', async () => {
  const { asked, lookup } = counted([null, PROJECT]);
  const s = guardedStorage(KEY, PAGE, base(session(PROJECT)), lookup);
  assert.equal(await s.getItem(KEY), null, 'fail closed');
  assert.equal(await s.getItem(KEY), session(PROJECT));
  assert.equal(asked.length, 2);
  assert.equal(guardedStorage(KEY, PAGE, base(session(PROJECT))).getItem(KEY), null);
  assert.equal(guardedStorage(KEY, PAGE, base('not json'), lookup).getItem(KEY), null, 'unreadable: refused without a question');
  assert.equal(asked.length, 2);
});
