/**
 * A project behind a custom domain, against the real Supabase Auth server: the app talks to the
 * custom domain while Supabase keeps naming the project's own address as the issuer (`iss`) of
 * its tokens. The test bed plays it with its custom-domain profile (tokens issued under another
 * issuer than the address the page uses: GOTRUE_JWT_ISSUER). A stored session must survive a reload, and a session of any
 * other issuer must still be refused, with no token sent to learn which issuer is the project's.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanHarnessPerTest, type JsdomHarness } from '../../dev/bubble-harness/index.js';
import { CUSTOM_DOMAIN_ISSUER, localOnlySkipReason, realServerSkipReason, startTestbed, type Testbed } from '../../dev/testbed/index.js';
import { defaultStorageKey } from '../../shared/client.js';
import { stringClaim } from '../../shared/jwt-claims.js';
import { runElementAction, waitForStartup } from '../../dev/mfa-harness/index.js';

const skip = (await realServerSkipReason()) || localOnlySkipReason('needs the local test bed (its token issuer is set here)');
const harness = cleanHarnessPerTest();
/** The project's own address, as Supabase names it in tokens while the app uses a custom domain. */
const PROJECT_ISSUER = CUSTOM_DOMAIN_ISSUER;

interface Sent {
  method: string;
  url: string;
  authorization: string | null;
  /** The URL, every header and the body: where a token could travel. */
  everything: string;
}

describe('a custom domain: tokens name the project address as issuer', { skip }, () => {
  let bed: Testbed;
  before(async () => {
    bed = await startTestbed({ quiet: true, profile: 'custom-domain' });
  });
  after(async () => {
    await bed?.stop();
  });

  const keys = () => ({ 'Supabase URL': bed.url, 'Supabase anon key': bed.anonKey });
  const recording =
    (sent: Sent[]): typeof fetch =>
    (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      const headers = new Headers(init?.headers);
      const everything = [url, ...[...headers].map(([k, v]) => `${k}: ${v}`), typeof init?.body === 'string' ? init.body : ''].join('\n');
      sent.push({ method: (init?.method ?? 'GET').toUpperCase(), url, authorization: headers.get('authorization'), everything });
      return fetch(input, init);
    };
  const page = (sent: Sent[], storage?: Record<string, string>): JsdomHarness =>
    harness({ keys: keys(), fetch: recording(sent), ...(storage ? { storage } : {}) });

  /** Signs a new user in on a fresh page (harness `h`); the sign-in's outcome event. */
  async function signIn(h: JsdomHarness, user: { email: string; password: string }) {
    const el = h.harness.place('Supabase MFA');
    return { el, ev: await runElementAction(el, 'sign_in', { email: user.email, password: user.password }, 'signed_in') };
  }

  test('a stored session survives a reload: its issuer is the one the server advertises (asked once, with no token)', async () => {
    const user = await bed.createUser();
    const first = page([]);
    const { el, ev } = await signIn(first, user);
    assert.equal(ev.event, 'signed_in', String(ev.states.error_message));
    assert.equal(stringClaim(String(el.states.access_token), 'iss'), PROJECT_ISSUER, 'the server names the project address, not the one the page uses');
    const key = defaultStorageKey(bed.url);
    const stored = first.window.localStorage.getItem(key)!;
    assert.ok(stored);

    // The stored copy of the user names an old email: the background check's last step shows the
    // server's instead, so the check is seen to have passed.
    const session = JSON.parse(stored) as { user: Record<string, unknown> };
    const staleCopy = JSON.stringify({ ...session, user: { ...session.user, email: 'stale-copy@example.com' } });
    const sent: Sent[] = [];
    const reloaded = page(sent, { [key]: staleCopy });
    const again = reloaded.harness.place('Supabase MFA');
    await again.waitForState('is_signed_in', true, { timeout: 10_000 });
    const discovery = sent.filter((r) => r.url.endsWith('/auth/v1/.well-known/openid-configuration'));
    assert.equal(discovery.length, 1, sent.map((r) => `${r.method} ${r.url}`).join('\n'));
    const { access_token, refresh_token } = JSON.parse(stored) as { access_token: string; refresh_token: string };
    assert.ok(!discovery[0]!.everything.includes(access_token) && !discovery[0]!.everything.includes(refresh_token), 'the issuer is asked without the tokens');
    // The one background check of a restored session passes: the session is real.
    await again.waitForState('user_email', user.email, { timeout: 10_000 });
    assert.equal(sent.filter((r) => r.url.endsWith('/auth/v1/user')).length, 1, 'the restored session is checked with the server once');
    assert.equal(again.states.is_signed_in, true);
  });

  test('when the server cannot say which issuer it uses, Sign in ends in a setup problem, not in silence', async () => {
    const user = await bed.createUser();
    const sent: Sent[] = [];
    const record = recording(sent);
    const noDiscovery: typeof fetch = (input, init) =>
      String(input instanceof Request ? input.url : input).includes('/.well-known/')
        ? Promise.resolve(new Response('{}', { status: 404 }))
        : record(input, init);
    const h = harness({ keys: keys(), fetch: noDiscovery });
    const { el, ev } = await signIn(h, user);
    assert.equal(ev.event, 'error');
    assert.equal(el.states.error_code, 'setup_problem');
    assert.match(
      String(el.states.setup_problem),
      new RegExp(`names ${PROJECT_ISSUER.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} as its issuer, not this Supabase URL's project`),
    );
    assert.match(String(el.states.setup_problem), /GOTRUE_JWT_ISSUER/, 'names the server setting to fix');
    assert.equal(el.states.is_signed_in, false);
    assert.ok(el.debug.some((m) => /Setup problem in sign_in/.test(m)));
    // The refused session is not left behind: removed from storage and revoked on the server.
    assert.equal(h.window.localStorage.getItem(defaultStorageKey(bed.url)), null, 'no session left in storage');
    const logout = sent.find((r) => r.method === 'POST' && r.url.includes('/auth/v1/logout'));
    assert.ok(logout?.authorization, sent.map((r) => `${r.method} ${r.url}`).join('\n'));
    const status = (await fetch(`${bed.authUrl}/user`, { headers: { apikey: bed.anonKey, Authorization: logout.authorization } })).status;
    assert.equal(status, 403, 'the refused session was revoked');
  });

  test('a stored session from another issuer is still refused, and its token is sent nowhere', async () => {
    const user = await bed.createUser();
    const first = page([]);
    assert.equal((await signIn(first, user)).ev.event, 'signed_in');
    const key = defaultStorageKey(bed.url);
    const session = JSON.parse(first.window.localStorage.getItem(key)!) as { access_token: string; refresh_token: string };
    // The same session, its token re-labelled as another project's (the signature no longer matters: it is never sent).
    const [head, body] = session.access_token.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString()) as Record<string, unknown>;
    const other = [head, Buffer.from(JSON.stringify({ ...claims, iss: 'https://zyxwvutsrqponmlkjihg.supabase.co/auth/v1' })).toString('base64url'), 'sig'].join(
      '.',
    );
    const sent: Sent[] = [];
    const planted = page(sent, { [key]: JSON.stringify({ ...session, access_token: other }) });
    const pel = planted.harness.place('Supabase MFA');
    // auth-js answers Get assurance level only once it has restored what storage held (after the issuer question).
    await waitForStartup(pel);
    assert.equal(pel.states.is_signed_in, false);
    assert.equal(pel.states.current_level, null, 'no session');
    assert.equal(sent.filter((r) => r.url.endsWith('/.well-known/openid-configuration')).length, 1);
    assert.ok(!sent.some((r) => r.everything.includes(other) || r.everything.includes(session.refresh_token)), 'the planted tokens were never sent');
  });

  test('a stored session taken only after a failed question (the server answered later) is still checked with the server once', async () => {
    const user = await bed.createUser();
    const first = page([]);
    assert.equal((await signIn(first, user)).ev.event, 'signed_in');
    const key = defaultStorageKey(bed.url);
    const stored = first.window.localStorage.getItem(key)!;
    const sent: Sent[] = [];
    const record = recording(sent);
    let refuse = true;
    const flaky: typeof fetch = (input, init) =>
      refuse && String(input instanceof Request ? input.url : input).includes('/.well-known/')
        ? Promise.resolve(new Response('{}', { status: 503 }))
        : record(input, init);
    const h = harness({ keys: keys(), fetch: flaky, storage: { [key]: stored } });
    const el = h.harness.place('Supabase MFA');
    // Start-up asked (and was refused) before auth-js answers Get assurance level; that asks once more, refused too.
    await waitForStartup(el);
    assert.equal(el.states.is_signed_in, false, 'not taken while the server cannot confirm its issuer');
    assert.equal(el.states.current_level, null, 'no session');
    refuse = false;
    const before = el.events.length;
    el.runAction('get_assurance_level', {});
    await el.waitForAnyEvent(['assurance_level_changed', 'signed_in', 'error'], { after: before, timeout: 10_000 });
    await el.waitForState('is_signed_in', true, { timeout: 10_000 });
    await el.waitFor(() => sent.some((r) => r.url.endsWith('/auth/v1/user')), { what: 'the check of the restored session' });
    assert.equal(sent.filter((r) => r.url.endsWith('/auth/v1/user')).length, 1);
  });
});
