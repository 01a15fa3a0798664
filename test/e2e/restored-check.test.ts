/**
 * The check of a session restored from storage, against the real Supabase Auth server: a banned
 * user is signed out; a check that could not be made (the gateway fails) is tried again, with
 * backoff and at the next action; the user shown is the one the server answers for, and a stored
 * session that pairs one user's token with another user's identity is never shown.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanHarnessPerTest, type ElementInstance, type JsdomHarness } from '../../dev/bubble-harness/index.js';
import { type CreatedUser, localOnlySkipReason, realServerSkipReason, startTestbed, type Testbed } from '../../dev/testbed/index.js';
import { createAuthClient, defaultStorageKey } from '../../shared/client.js';
import { expectElementAction, waitForStartup } from '../../dev/mfa-harness/index.js';

const skip = (await realServerSkipReason()) || localOnlySkipReason('needs the local test bed (its gateway simulates failures)');
const harness = cleanHarnessPerTest();

describe('the check of a restored session', { skip }, () => {
  let bed: Testbed;
  before(async () => {
    bed = await startTestbed({ quiet: true });
  });
  after(async () => {
    bed?.gateway?.simulateFailure(undefined);
    await bed?.stop();
  });

  const key = () => defaultStorageKey(bed.url);
  const page = (storage?: Record<string, string>): JsdomHarness =>
    harness({ keys: { 'Supabase URL': bed.url, 'Supabase anon key': bed.anonKey }, ...(storage ? { storage } : {}) });

  /** A new user signed in on a page; what that page stored. */
  async function storedSession(user?: CreatedUser): Promise<{ user: CreatedUser; value: string }> {
    const u = user ?? (await bed.createUser());
    const h = page();
    const el = h.harness.place('Supabase MFA');
    await expectElementAction(el, 'sign_in', { email: u.email, password: u.password }, 'signed_in');
    return { user: u, value: h.window.localStorage.getItem(key())! };
  }

  /** Every session of the user ends, from another device. */
  async function revokeEverywhere(user: CreatedUser): Promise<void> {
    const other = createAuthClient({ url: bed.url, anonKey: bed.anonKey, storageKey: 'other-device' }, { persistSession: false, autoRefreshToken: false });
    assert.equal((await other.signInWithPassword({ email: user.email, password: user.password })).error, null);
    assert.equal((await other.signOut({ scope: 'global' })).error, null);
  }

  test('a banned user: signed out after the check, the session removed', async () => {
    const { user, value } = await storedSession();
    const ban = await fetch(`${bed.authUrl}/admin/users/${user.id}`, {
      method: 'PUT',
      headers: { apikey: bed.serviceRoleKey, Authorization: `Bearer ${bed.serviceRoleKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ban_duration: '24h' }),
    });
    assert.equal(ban.status, 200);
    const h = page({ [key()]: value });
    const el = h.harness.place('Supabase MFA');
    await el.waitForEvent('signed_in');
    await el.waitForEvent('signed_out', { timeout: 10_000 });
    assert.equal(h.window.localStorage.getItem(key()), null);
    assert.ok(
      el.debug.some((d) => /rejected by Supabase \[user_banned\]/.test(d)),
      el.debug.join('\n'),
    );
  });

  /**
   * A revoked session restored while the gateway fails (502): signed in from storage; `then` runs
   * once the check has failed as `failed` says, with the gateway healthy again.
   */
  async function revokedWhileOffline(failed: RegExp, then: (el: ElementInstance, h: JsdomHarness) => Promise<void>): Promise<void> {
    const { user, value } = await storedSession();
    await revokeEverywhere(user);
    bed.gateway!.simulateFailure('bad-gateway');
    try {
      const h = page({ [key()]: value });
      const el = h.harness.place('Supabase MFA');
      await el.waitForEvent('signed_in');
      await el.waitFor(() => el.debug.some((d) => failed.test(d)), { what: 'the failed check', timeout: 10_000 });
      assert.equal(el.states.is_signed_in, true, 'kept while it cannot be checked');
      bed.gateway!.simulateFailure(undefined);
      await then(el, h);
    } finally {
      bed.gateway!.simulateFailure(undefined);
    }
  }

  test('a check that fails (gateway 502) is tried again with backoff: the revoked session is then signed out', async () => {
    await revokedWhileOffline(/could not be checked .*asked again in 1 s/, async (el, h) => {
      await el.waitForEvent('signed_out', { timeout: 10_000 });
      assert.equal(h.window.localStorage.getItem(key()), null);
    });
  });

  test('a check that fails is tried again at the next action, before its next scheduled try', async () => {
    // Two failed tries: the next one is scheduled 4 s later.
    await revokedWhileOffline(/asked again in 2 s/, async (el) => {
      el.runAction('get_assurance_level', {});
      await el.waitForEvent('signed_out', { timeout: 2_500 });
    });
  });

  test("a stored session pairing user A's token with user B's identity: B is never shown, the session is removed", async () => {
    const a = await storedSession();
    const b = await storedSession();
    const forged = { ...(JSON.parse(a.value) as Record<string, unknown>), user: (JSON.parse(b.value) as { user: unknown }).user };
    const h = page({ [key()]: JSON.stringify(forged) });
    const el = h.harness.place('Supabase MFA');
    await el.waitFor(() => h.window.localStorage.getItem(key()) === null, { what: 'the forged session to be removed', timeout: 10_000 });
    // Get assurance level answers after the removal (auth-js runs them one after the other): nothing of the session comes later.
    await waitForStartup(el);
    const shown = el.publishes.filter((p) => p.name === 'user_id' || p.name === 'user_email').map((p) => p.value);
    assert.ok(!shown.includes(b.user.id) && !shown.includes(b.user.email), `B was never shown: ${JSON.stringify(shown)}`);
    assert.equal(el.states.is_signed_in, false);
    assert.equal(el.states.current_level, null, 'no session');
  });

  test('the email shown after the check is the server’s, not the one stored beside the token', async () => {
    const { user, value } = await storedSession();
    const stored = JSON.parse(value) as { user: Record<string, unknown> };
    const h = page({ [key()]: JSON.stringify({ ...stored, user: { ...stored.user, email: 'someone-else@example.com' } }) });
    const el = h.harness.place('Supabase MFA');
    await el.waitForEvent('signed_in');
    await el.waitForState('user_email', user.email, { timeout: 10_000 });
    assert.equal(el.states.user_id, user.id);
  });
});
