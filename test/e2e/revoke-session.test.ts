/**
 * The server side of Sign out, against the real Supabase Auth server: what counts as "revoked".
 * A token the server refuses revoked nothing, so a global sign-out with it must report that it
 * could not end the other sessions; a local one is done (this page no longer holds the session).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { realServerSkipReason, startTestbed, type Testbed } from '../../dev/testbed/index.js';
import { revokeSession } from '../../actions/sign-out.js';
import { createAuthClient, type SupabaseAuth } from '../../shared/client.js';

const skip = await realServerSkipReason();

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
