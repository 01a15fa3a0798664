/**
 * The server side of Sign out, against the real Supabase Auth server: what counts as "revoked".
 * A token the server refuses revoked nothing, so a global sign-out with it must report that it
 * could not end the other sessions; a local one is done (this page no longer holds the session).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { localOnlySkipReason, realServerSkipReason, startTestbed, type Testbed } from '../../dev/testbed/index.js';
import { revokeSession } from '../../actions/sign-out.js';
import { createAuthClient, type SupabaseAuth } from '../../shared/client.js';
import { cleanHarnessPerTest, type ElementInstance } from '../../dev/bubble-harness/index.js';
import { expectElementAction } from '../../dev/mfa-harness/index.js';
import { untilClockPasses, untilTokenExpired } from '../helpers/time.js';

const skip = await realServerSkipReason();
const harness = cleanHarnessPerTest();

describe('real Supabase Auth server: revoking a session on sign-out', { skip: skip ?? false }, () => {
  let bed: Testbed;
  let endpoint: SupabaseAuth;
  before(async () => {
    bed = await startTestbed({ quiet: true });
    // A client with no session of its own: revoking uses only the token it is given.
    endpoint = createAuthClient({ url: bed.url, anonKey: bed.anonKey, storageKey: 'revoke-test' }, { persistSession: false, autoRefreshToken: false });
  });
  after(async () => {
    await bed?.stop();
  });

  const signIn = async () => {
    const user = await bed.createUser();
    const res = await fetch(`${bed.url}/auth/v1/token?grant_type=password`, {
      method: 'POST',
      headers: { apikey: bed.anonKey, 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
    assert.equal(res.status, 200);
    return (await res.json()) as { access_token: string; refresh_token: string };
  };
  const refreshWorks = async (refreshToken: string) =>
    (
      await fetch(`${bed.url}/auth/v1/token?grant_type=refresh_token`, {
        method: 'POST',
        headers: { apikey: bed.anonKey, 'Content-Type': 'application/json' },
        body: JSON.stringify({ refresh_token: refreshToken }),
      })
    ).status === 200;

  test('a valid token: global revokes the session on the server', async () => {
    const s = await signIn();
    assert.deepEqual(await revokeSession(endpoint, s.access_token, 'global'), { data: { scope: 'global' }, error: null });
    assert.equal(await refreshWorks(s.refresh_token), false);
  });

  test('a refused token: global reports that nothing was revoked (the session stays alive); local is done', async () => {
    const s = await signIn();
    const forged = `${s.access_token.slice(0, -4)}AAAA`;
    const global = await revokeSession(endpoint, forged, 'global');
    assert.ok(global.error, 'a global sign-out with a refused token is not reported as done');
    assert.match(global.error.message, /could not be ended on the server/);
    assert.doesNotMatch(global.error.message, /eyJ/);
    assert.equal(await refreshWorks(s.refresh_token), true, 'the server really did not revoke it');
    assert.deepEqual(await revokeSession(endpoint, forged, 'local'), { data: { scope: 'local' }, error: null });
  });
});

describe('Sign out everywhere or on the other devices, from a page whose access token has expired', {
  skip: skip ?? localOnlySkipReason('needs the local test bed (3-second tokens)'),
  // A page that refreshed in a loop never holds an expired token: fail instead of waiting for ever.
  timeout: 120_000,
}, () => {
  let bed: Testbed;
  before(async () => {
    // Tokens that expire in 3 s: the page's stays expired until auth-js's next refresh tick (30 s),
    // like a tab that was hidden for an hour and is clicked the moment it shows again.
    bed = await startTestbed({ quiet: true, jwtExpSeconds: 3 });
  });
  after(async () => {
    await bed?.stop();
  });

  /** A page signed in, holding an access token the server no longer accepts. */
  async function pageWithExpiredToken(email: string, password: string) {
    const h = harness({ keys: { 'Supabase URL': bed.url, 'Supabase anon key': bed.anonKey } });
    const el: ElementInstance = h.harness.place('Supabase MFA');
    await expectElementAction(el, 'sign_in', { email, password }, 'signed_in');
    // auth-js refreshes a 3-second token at once after sign-in: wait until the one it holds then has expired.
    for (let held = String(el.states.access_token); ; held = String(el.states.access_token)) {
      await untilTokenExpired(held);
      if (String(el.states.access_token) === held) return { el, requests: (r: RegExp) => h.harness.requestCount((q) => r.test(q.url)) };
    }
  }

  const otherDevice = async (email: string, password: string) => {
    const device = createAuthClient(
      { url: bed.url, anonKey: bed.anonKey, storageKey: `device-${Date.now()}` },
      { persistSession: false, autoRefreshToken: false },
    );
    const signedIn = await device.signInWithPassword({ email, password });
    assert.equal(signedIn.error, null);
    return { device, refreshToken: signedIn.data.session!.refresh_token };
  };

  for (const scope of ['global', 'others'] as const) {
    test(`${scope}: the token is refreshed first, so the other device really is signed out`, async () => {
      const user = await bed.createUser();
      const { el, requests } = await pageWithExpiredToken(user.email, user.password);
      const { device, refreshToken } = await otherDevice(user.email, user.password);
      const mark = el.events.length;
      const logouts = requests(/\/logout/);
      el.runAction('sign_out', { scope });
      await el
        .waitFor(() => requests(/\/logout/) > logouts && el.states.is_busy === false, { what: 'the revoke to be sent and answered' })
        .catch((e) => {
          throw new Error(`${String(e).slice(0, 200)} debugger: ${el.debug.join(' | ')}; events ${el.events.map((x) => x.event).join(',')}`);
        });
      const events = el.events.slice(mark).map((e) => e.event);
      assert.ok(!events.includes('error'), `${events.join(' → ')}: ${String(el.states.error_message)}`);
      assert.equal(el.states.is_signed_in, scope === 'others', scope === 'others' ? 'this page stays signed in' : 'this page is signed out');
      assert.ok((await device.refreshSession({ refresh_token: refreshToken })).error, 'the other device was signed out');
    });
  }

  test('local: this page is signed out at once (auth-js finds no network to retry a refresh against, and does not wait)', async () => {
    const user = await bed.createUser();
    const { el } = await pageWithExpiredToken(user.email, user.password);
    const mark = el.events.length;
    el.runAction('sign_out', { scope: 'local' });
    // The harness's usual wait: before, auth-js retried the refresh with back-off for about 25 s first.
    await el.waitForEvent('signed_out', { after: mark });
    assert.equal(el.states.is_signed_in, false);
    assert.equal(el.states.access_token, null);
  });

  test("a refresh publishes its token and reads nothing again: tokens shorter than auth-js's 90 s margin are not refreshed in a loop", async () => {
    const user = await bed.createUser();
    const { el, requests } = await pageWithExpiredToken(user.email, user.password);
    const refreshes = requests(/grant_type=refresh_token/);
    // Until auth-js's next refresh tick (every 30 s), nothing should ask for another token; before,
    // each refresh's event re-read the session, which refreshed again, about once a second.
    await untilClockPasses(Date.now() + 4000);
    assert.equal(requests(/grant_type=refresh_token/), refreshes);
    assert.equal(el.states.is_signed_in, true);
  });
});
