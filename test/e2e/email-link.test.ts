/**
 * Sign-up confirmation links, against the real Supabase Auth server through its GET /verify
 * redirect (the project asks for email confirmation). The plugin's client uses PKCE: the link
 * leads back with a single-use `?code=`, never with tokens; the page that asked for it exchanges
 * the code and removes it from the address bar. Tokens an older (implicit-flow) link left in a
 * fragment are removed from the address bar and revoked, never adopted.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanHarnessPerTest } from '../../dev/bubble-harness/index.js';
import { localOnlySkipReason, realServerSkipReason, startTestbed, type Testbed } from '../../dev/testbed/index.js';
import { createAuthClient } from '../../shared/client.js';
import { expectElementAction, waitForStartup } from '../../dev/mfa-harness/index.js';

const skip = (await realServerSkipReason()) || localOnlySkipReason('needs the local test bed (email confirmation on, its database read for the link)');
const harness = cleanHarnessPerTest();
const PASSWORD = 'correct horse battery staple';

describe('email links: PKCE codes, no tokens in the address bar', { skip }, () => {
  let bed: Testbed;
  before(async () => {
    bed = await startTestbed({ quiet: true, authEnv: { GOTRUE_MAILER_AUTOCONFIRM: 'false' } });
  });
  after(async () => {
    await bed?.stop();
  });

  const keys = () => ({ 'Supabase URL': bed.url, 'Supabase anon key': bed.anonKey });
  const copyStorage = (s: Storage) => Object.fromEntries(Array.from({ length: s.length }, (_, i) => s.key(i)!).map((k) => [k, s.getItem(k)!]));

  /** The confirmation link's redirect as the browser would follow it: GET /verify with the token the email carries. */
  async function followConfirmation(email: string, redirectTo: string): Promise<string> {
    const token = await bed.postgres!.query(`select confirmation_token from auth.users where email = '${email}'`);
    assert.ok(token, 'the server made a confirmation token');
    const res = await fetch(`${bed.authUrl}/verify?token=${encodeURIComponent(token)}&type=signup&redirect_to=${encodeURIComponent(redirectTo)}`, {
      redirect: 'manual',
    });
    assert.equal(res.status, 303);
    return res.headers.get('location')!;
  }

  test('Sign up → the link leads back with ?code= (no tokens); the page exchanges it, signs in and clears the address', async () => {
    const email = `pkce-${Date.now().toString(36)}@example.com`;
    const welcome = `${bed.url}/app/welcome`;
    const first = harness({ keys: keys(), url: `${bed.url}/app/sign-up` });
    const el = first.harness.place('Supabase MFA');
    const up = await expectElementAction(el, 'sign_up', { email, password: PASSWORD, email_redirect_to: welcome }, 'signed_up');
    assert.equal(up.states.confirmation_email_sent, true);

    const location = await followConfirmation(email, welcome);
    const landed = new URL(location);
    assert.ok(landed.searchParams.get('code'), location.replace(/code=[^&#]+/, 'code=…'));
    assert.ok(!/access_token|refresh_token/.test(location), 'no tokens in the link’s redirect');

    // The same browser opens the link (its localStorage holds the code verifier).
    const back = harness({ keys: keys(), url: location, storage: copyStorage(first.window.localStorage) });
    const again = back.harness.place('Supabase MFA');
    const ev = await again.waitForAnyEvent(['signed_in', 'error'], { timeout: 15_000 });
    assert.equal(ev.event, 'signed_in', `${ev.states.error_code} ${ev.states.error_message}`);
    assert.equal(again.states.user_email, email);
    assert.ok(!back.window.location.href.includes('code='), back.window.location.href);
    assert.ok(back.window.location.href.startsWith(welcome));

    // The code was single-use.
    const reuse = await fetch(`${bed.authUrl}/token?grant_type=pkce`, {
      method: 'POST',
      headers: { apikey: bed.anonKey, 'content-type': 'application/json' },
      body: JSON.stringify({ auth_code: landed.searchParams.get('code'), code_verifier: 'x'.repeat(43) }),
    });
    assert.ok(reuse.status >= 400);
  });

  test('a ?code= the plugin did not ask for (no verifier here) is left alone', async () => {
    const h = harness({ keys: keys(), url: `${bed.url}/app/page?code=builders-own-value` });
    const el = h.harness.place('Supabase MFA');
    // Whatever the page does with a link it does at start-up, before auth-js answers an action.
    await waitForStartup(el);
    assert.equal(h.window.location.href, `${bed.url}/app/page?code=builders-own-value`);
    assert.equal(el.states.is_signed_in, false);
    assert.equal(el.states.current_level, null, 'no session');
    assert.ok(!h.harness.requests.some((r) => r.url.includes('grant_type=pkce')));
  });

  test('a sign-up awaiting confirmation keeps its verifier: another sign-in’s ?code= is still left alone, and the real link still signs in', async () => {
    const email = `pkce-foreign-${Date.now().toString(36)}@example.com`;
    const welcome = `${bed.url}/app/welcome`;
    const first = harness({ keys: keys(), url: `${bed.url}/app/sign-up` });
    await expectElementAction(first.harness.place('Supabase MFA'), 'sign_up', { email, password: PASSWORD, email_redirect_to: welcome }, 'signed_up');
    let storage = copyStorage(first.window.localStorage);
    assert.ok(
      Object.keys(storage).some((k) => k.endsWith('-code-verifier')),
      'auth-js keeps the verifier',
    );

    const foreign = [
      `${welcome}?code=0123456789abcdef0123&state=gh-state`, // GitHub's 20-hex code
      `${welcome}?code=0123456789abcdef0123`,
      `${welcome}?code=6f1c2b3a-9d4e-4f5a-8b7c-0123456789ab&state=s1`, // a UUID-shaped code of an OAuth server (it echoes state)
      `${welcome}?code=6f1c2b3a-9d4e-4f5a-8b7c-0123456789ab&sb_flow_id=0123456789abcdef0123456789abcdef`, // another client’s flow (the plugin’s links carry no sb_flow_id)
    ];
    for (const url of foreign) {
      const h = harness({ keys: keys(), url, storage });
      const el = h.harness.place('Supabase MFA');
      await waitForStartup(el);
      assert.equal(h.window.location.href, url, 'left in the address for whoever asked for it');
      assert.ok(!h.harness.requests.some((r) => r.url.includes('grant_type=pkce')), `nothing sent for ${url}`);
      assert.ok(!el.eventNames().includes('error'), `no error event for ${url}: ${el.eventNames().join(', ')}`);
      assert.equal(el.states.is_signed_in, false);
      storage = copyStorage(h.window.localStorage);
    }

    const location = await followConfirmation(email, welcome);
    const back = harness({ keys: keys(), url: location, storage });
    const el = back.harness.place('Supabase MFA');
    const ev = await el.waitForAnyEvent(['signed_in', 'error'], { timeout: 15_000 });
    assert.equal(ev.event, 'signed_in', `${ev.states.error_code} ${ev.states.error_message}`);
    assert.equal(el.states.user_email, email);
    assert.ok(!back.window.location.href.includes('code='), back.window.location.href);
  });

  test('tokens an implicit-flow link left in the fragment: removed from the address bar, revoked, never adopted', async () => {
    const user = await bed.createUser();
    const other = createAuthClient({ url: bed.url, anonKey: bed.anonKey, storageKey: 'elsewhere' }, { persistSession: false, autoRefreshToken: false });
    const { data } = await other.signInWithPassword({ email: user.email, password: user.password });
    const session = data.session!;
    const h = harness({
      keys: keys(),
      url: `${bed.url}/app/welcome#access_token=${session.access_token}&expires_in=3600&refresh_token=${session.refresh_token}&token_type=bearer&type=signup`,
    });
    const el = h.harness.place('Supabase MFA');
    assert.equal(h.window.location.href, `${bed.url}/app/welcome`, 'removed before anything else runs');
    await el.waitFor(() => el.debug.some((d) => /removed and revoked/.test(d)), { what: 'the revoke', timeout: 10_000 });
    assert.equal(el.states.is_signed_in, false);
    const status = (await fetch(`${bed.authUrl}/user`, { headers: { apikey: bed.anonKey, Authorization: `Bearer ${session.access_token}` } })).status;
    assert.equal(status, 403, 'the session of the tokens is revoked');
    assert.ok(!JSON.stringify(el.debug).includes(session.access_token), 'no token in the debugger');
  });
});
