/**
 * Self-hosted Supabase, against the real Supabase Auth server started the way Supabase's docker
 * compose starts it: no GOTRUE_JWT_ISSUER, so access tokens carry no `iss` and the discovery
 * document answers `"issuer": ""`. The plugin takes such tokens only from that server: at once
 * when this page received them, a stored one only after GET /user with it succeeds; one the
 * server refuses is removed, and Sign out revokes what the page holds.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanHarnessPerTest, type JsdomHarness } from '../../dev/bubble-harness/index.js';
import { localOnlySkipReason, realServerSkipReason, startTestbed, type Testbed } from '../../dev/testbed/index.js';
import { defaultStorageKey } from '../../shared/client.js';
import { jwtClaims } from '../../shared/jwt-claims.js';
import { expectElementAction } from '../../dev/mfa-harness/index.js';
import { totpCode } from '../../dev/fixtures/index.js';

const skip = (await realServerSkipReason()) || localOnlySkipReason('needs the local test bed (its auth server is started without an issuer)');
const harness = cleanHarnessPerTest();

describe('self-hosted: the auth server names no issuer (GOTRUE_JWT_ISSUER unset)', { skip }, () => {
  let bed: Testbed;
  before(async () => {
    bed = await startTestbed({ quiet: true, authEnv: { GOTRUE_JWT_ISSUER: '' } });
  });
  after(async () => {
    await bed?.stop();
  });

  const key = () => defaultStorageKey(bed.url);
  const keys = () => ({ 'Supabase URL': bed.url, 'Supabase anon key': bed.anonKey });
  /** Records every request's method, path and Authorization header. */
  const recording =
    (sent: string[]): typeof fetch =>
    (input, init) => {
      const url = new URL(String(input instanceof Request ? input.url : input));
      sent.push(`${(init?.method ?? 'GET').toUpperCase()} ${url.pathname} ${new Headers(init?.headers).get('authorization') ?? ''}`);
      return fetch(input, init);
    };
  const page = (sent: string[] = [], storage?: Record<string, string>): JsdomHarness =>
    harness({ keys: keys(), fetch: recording(sent), ...(storage ? { storage } : {}) });
  /** What the server says about an access token now. */
  const userStatus = async (token: string) =>
    (await fetch(`${bed.authUrl}/user`, { headers: { apikey: bed.anonKey, Authorization: `Bearer ${token}` } })).status;

  /** A new user signed in on another page: what it stored, and its access token. */
  async function signedInElsewhere() {
    const user = await bed.createUser();
    const first = page();
    const el = first.harness.place('Supabase MFA');
    await expectElementAction(el, 'sign_in', { email: user.email, password: user.password }, 'signed_in');
    const stored = first.window.localStorage.getItem(key())!;
    return { user, stored, token: (JSON.parse(stored) as { access_token: string }).access_token };
  }

  test('the server as the docker compose runs it: discovery names no issuer, tokens carry no iss', async () => {
    const doc = (await (await fetch(`${bed.authUrl}/.well-known/openid-configuration`, { headers: { apikey: bed.anonKey } })).json()) as { issuer: unknown };
    assert.equal(doc.issuer, '');
  });

  test('Sign in, enroll and verify reach aal2; Sign out revokes the session on the server', async () => {
    const user = await bed.createUser();
    const h = page();
    const el = h.harness.place('Supabase MFA');
    await expectElementAction(el, 'sign_in', { email: user.email, password: user.password }, 'signed_in');
    const token = String(el.states.access_token);
    assert.ok(jwtClaims(token) && !('iss' in jwtClaims(token)!), 'the token names no issuer');
    assert.equal(el.states.user_id, user.id);
    const enrolled = await expectElementAction(el, 'enroll_factor', { factor_type: 'totp' }, 'factor_enrolled');
    await expectElementAction(el, 'challenge_and_verify', { code: totpCode(String(enrolled.states.totp_uri)) }, 'challenge_verified');
    assert.equal(el.states.current_level, 'aal2');
    const aal2 = String(el.states.access_token);
    assert.notEqual(aal2, token);
    assert.ok(h.window.localStorage.getItem(key()));

    await expectElementAction(el, 'sign_out', {}, 'signed_out');
    await el.waitForState('is_busy', false);
    assert.equal(h.window.localStorage.getItem(key()), null);
    assert.equal(el.states.error_code, null, String(el.states.error_message));
    assert.equal(await userStatus(aal2), 403, 'Sign out found the token and revoked the session');
  });

  test('a stored session is taken after GET /user with it succeeds, and published only then', async () => {
    const { user, stored, token } = await signedInElsewhere();

    const sent: string[] = [];
    const reloaded = page(sent, { [key()]: stored });
    const again = reloaded.harness.place('Supabase MFA');
    let userAskedFirst: boolean | null = null;
    await again.waitFor(
      () => {
        if (again.states.is_signed_in === true && userAskedFirst === null) userAskedFirst = sent.some((s) => s === `GET /auth/v1/user Bearer ${token}`);
        return again.states.is_signed_in === true;
      },
      { what: 'the stored session to be taken', timeout: 10_000 },
    );
    assert.equal(userAskedFirst, true, `the server accepted the token before it was published:\n${sent.join('\n')}`);
    assert.equal(again.states.user_id, user.id);
    await expectElementAction(again, 'list_factors', {}, 'factors_listed');
  });

  test('a stored session the server no longer knows is never published, and is removed from storage', async () => {
    const { stored, token } = await signedInElsewhere();
    // The session ends elsewhere (another device signs out everywhere).
    const out = await fetch(`${bed.authUrl}/logout?scope=global`, { method: 'POST', headers: { apikey: bed.anonKey, Authorization: `Bearer ${token}` } });
    assert.equal(out.status, 204);

    const reloaded = page([], { [key()]: stored });
    const again = reloaded.harness.place('Supabase MFA');
    await again.waitFor(() => reloaded.window.localStorage.getItem(key()) === null, { what: 'the dead session to be removed', timeout: 10_000 });
    assert.ok(!again.events.some((e) => e.event === 'signed_in'), 'never signed in');
    assert.equal(again.states.is_signed_in, false);
  });

  test('a token without iss planted next to a real session is not taken on another server’s word', async () => {
    // A stored session whose token names no issuer and was never issued by this server: refused, removed.
    const forged = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ sub: '00000000-0000-4000-8000-000000000000', role: 'authenticated', aal: 'aal1', exp: Math.floor(Date.now() / 1000) + 3600 }),
    ).toString('base64url')}.c2ln`;
    const session = {
      access_token: forged,
      refresh_token: 'not-a-token',
      token_type: 'bearer',
      expires_in: 3600,
      expires_at: Math.floor(Date.now() / 1000) + 3600,
      user: { id: '00000000-0000-4000-8000-000000000000' },
    };
    const h = page([], { [key()]: JSON.stringify(session) });
    const el = h.harness.place('Supabase MFA');
    await el.waitFor(() => h.window.localStorage.getItem(key()) === null, { what: 'the forged session to be removed', timeout: 10_000 });
    assert.equal(el.states.is_signed_in, false);
  });
});
