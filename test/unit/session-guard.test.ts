import type { User } from '@supabase/supabase-js';
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

/** A token with no `iss`: what a self-hosted server started without GOTRUE_JWT_ISSUER issues. */
const noIss = (sub: string) => ['e30', Buffer.from(JSON.stringify({ sub })).toString('base64url'), 'sig'].join('.');
const sessionOf = (token: string) => JSON.stringify({ access_token: token, refresh_token: 'r' });

test('no iss, the server advertises none: a stored token is taken only once the server accepts it; a dead one is removed', async () => {
  const checked: string[] = [];
  const verdicts: Array<'gone' | { user: User } | null> = [null, { user: { id: 'a' } as User }];
  const check = async (token: string) => {
    checked.push(token);
    return verdicts.shift() ?? null;
  };
  const store = base(sessionOf(noIss('a')));
  const s = guardedStorage(KEY, PAGE, store, async () => '', check);
  assert.equal(await s.getItem(KEY), null, 'the server could not be asked: not taken');
  assert.equal(store.getItem(KEY), sessionOf(noIss('a')), 'but kept for the next read');
  assert.equal(s.storedAccessToken(), null);
  assert.equal(await s.getItem(KEY), sessionOf(noIss('a')), 'the server accepted it');
  assert.equal(s.storedAccessToken(), noIss('a'));
  assert.deepEqual(checked, [noIss('a'), noIss('a')]);

  const dead = base(sessionOf(noIss('b')));
  const d = guardedStorage(
    KEY,
    PAGE,
    dead,
    async () => '',
    async () => 'gone',
  );
  assert.equal(await d.getItem(KEY), null);
  assert.equal(dead.getItem(KEY), null, 'removed from storage');
});

test('no iss: a token this page stored from the server is taken at once; none while the server advertises an issuer', async () => {
  let asked = 0;
  const store = base('');
  store.removeItem(KEY);
  const s = guardedStorage(
    KEY,
    PAGE,
    store,
    async () => '',
    async () => {
      asked += 1;
      return null;
    },
  );
  s.setItem(KEY, sessionOf(noIss('a')));
  assert.equal(await s.getItem(KEY), sessionOf(noIss('a')));
  assert.equal(asked, 0, 'no GET /user for what this page received');
  assert.equal(s.takeRefused(), null, 'an accepted session is not discarded');

  const platform = base('');
  platform.removeItem(KEY);
  const p = guardedStorage(
    KEY,
    PAGE,
    platform,
    async () => PROJECT,
    async () => {
      asked += 1;
      return { user: { id: 'a' } as User };
    },
  );
  p.setItem(KEY, sessionOf(noIss('a')));
  assert.equal(await p.getItem(KEY), null, 'the server names an issuer: a token without one is not its');
  assert.equal(asked, 0, 'and the token is not sent to ask');
});

test('a refused session this page received is handed over once for revoking and removed from storage', async () => {
  const store = base('');
  store.removeItem(KEY);
  const s = guardedStorage(KEY, PAGE, store, async () => null);
  s.setItem(KEY, session(OTHER));
  assert.equal(await s.getItem(KEY), null);
  assert.equal(s.refusedIssuer(), OTHER);
  assert.equal(s.takeRefused(), jwt(OTHER));
  assert.equal(store.getItem(KEY), null);
  assert.equal(s.takeRefused(), null);
  // One found in storage (not received here) is never handed over to be sent anywhere.
  const found = guardedStorage(KEY, PAGE, base(session(OTHER)), async () => null);
  assert.equal(await found.getItem(KEY), null);
  assert.equal(found.takeRefused(), null);
});
