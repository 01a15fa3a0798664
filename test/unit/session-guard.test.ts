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

test('reads at the same time share one question; a rejected question fails closed; the refused issuer is told', async () => {
  let release: (answer: string | null) => void = () => undefined;
  let asked = 0;
  const lookup = () => {
    asked++;
    return new Promise<string | null>((r) => {
      release = r;
    });
  };
  const s = guardedStorage(KEY, PAGE, base(session(PROJECT)), lookup);
  const a = s.getItem(KEY);
  const b = s.getItem(KEY);
  release(PROJECT);
  assert.deepEqual(await Promise.all([a, b]), [session(PROJECT), session(PROJECT)]);
  assert.equal(asked, 1);
  assert.equal(s.refusedIssuer(), null);

  const rejecting = guardedStorage(KEY, PAGE, base(session(PROJECT)), () => Promise.reject(new Error('offline')));
  assert.equal(await rejecting.getItem(KEY), null);

  const other = guardedStorage(KEY, PAGE, base(session(OTHER)), async () => PROJECT);
  assert.equal(await other.getItem(KEY), null);
  assert.equal(other.refusedIssuer(), OTHER, 'the setup problem can name it');
});

test('the stored session is read again once the server answered: a session written meanwhile is judged, not the old one', async () => {
  let release: (answer: string | null) => void = () => undefined;
  const store = base(session(PROJECT));
  const s = guardedStorage(KEY, PAGE, store, () => new Promise<string | null>((r) => (release = r)));
  const pending = s.getItem(KEY);
  store.setItem(KEY, session(OTHER));
  release(PROJECT);
  assert.equal(await pending, null, "the session now stored names another project's issuer");
  store.setItem(KEY, session(PAGE));
  assert.equal(s.getItem(KEY), session(PAGE));
});
