/**
 * Every state may be bound into Bubble's HTML element, which inserts it as live HTML: on the real
 * Supabase Auth server, text that users or the server chose never reaches a state as markup.
 *  - Factor names are anyone's text (a user can name a factor through any client): the MFA
 *    element's and the admin action's lists carry them with look-alikes for < > " ' `.
 *  - Supabase's own sentences can quote what was sent (an email address it will not mail): the
 *    element publishes its own sentence and the server's code, never the server's text.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanHarnessPerTest, type ElementInstance } from '../../dev/bubble-harness/index.js';
import { localOnlySkipReason, realServerSkipReason, startTestbed, type Testbed } from '../../dev/testbed/index.js';
import { expectElementAction, runElementAction, waitForStartup } from '../../dev/mfa-harness/index.js';
import { createAuthClient, defaultStorageKey } from '../../shared/client.js';
import { enrollFactor } from '../../actions/enroll-factor.js';
import { signIn } from '../../actions/sign-in.js';
import { adminListFactors } from '../../actions/admin-list-factors.js';
import { createAdminClient } from '../../shared/admin-client.js';

const skip = await realServerSkipReason();
const localOnly = localOnlySkipReason('needs the local test bed (its email settings)');
const harness = cleanHarnessPerTest();

const HOSTILE_NAME = `<img src=x onerror="alert('name')">\`'s app`;
const SHOWN_NAME = '‹img src=x onerror=”alert(’name’)”›ʼ’s app';
const ADMIN_LIST = 'Supabase MFA - List factors for a user (admin)';

/** Every text a state holds (lists included), but the QR's SVG, which DOMPurify checked. */
function markupIn(states: Record<string, unknown>): string[] {
  return Object.entries(states)
    .filter(([name]) => name !== 'qr_code_svg')
    .flatMap(([name, v]) => (Array.isArray(v) ? v.map((x) => [name, x] as const) : [[name, v] as const]))
    .filter(([, v]) => typeof v === 'string' && /[<>]/.test(v))
    .map(([name, v]) => `${name}: ${String(v)}`);
}

describe('states bound into an HTML element, on the real Supabase Auth server', { skip }, () => {
  let bed: Testbed;
  before(async () => {
    bed = await startTestbed({ quiet: true });
  });
  after(async () => {
    await bed?.stop();
  });

  const keys = () => ({ 'Supabase URL': bed.url, 'Supabase anon key': bed.anonKey, 'Supabase service role key': bed.serviceRoleKey });

  test('a factor named with markup: the server keeps the name, every list a page binds shows its look-alike', async () => {
    const user = await bed.createUser();
    const h = harness({ keys: keys() });
    const el: ElementInstance = h.harness.place('Supabase MFA');
    await expectElementAction(el, 'sign_in', { email: user.email, password: user.password }, 'signed_in');
    const enrolled = await expectElementAction(el, 'enroll_factor', { factor_type: 'totp', friendly_name: HOSTILE_NAME }, 'factor_enrolled');
    assert.deepEqual([...(enrolled.states.factor_names as string[])], [SHOWN_NAME]);

    // A second factor named by another client (the user's own script against the API).
    const other = createAuthClient({ url: bed.url, anonKey: bed.anonKey, storageKey: `${defaultStorageKey(bed.url)}-other` }, { autoRefreshToken: false });
    assert.equal((await signIn(other, { email: user.email, password: user.password })).error, null);
    const phone = await enrollFactor(other, { factorType: 'phone', phone: '+14155550123', friendlyName: '<svg onload=alert(2)>' });
    assert.equal(phone.error, null, String(phone.error?.message));

    // The server stores both names as given: what the plugin publishes is its own doing.
    const raw = await adminListFactors(createAdminClient({ url: bed.url, serviceRoleKey: bed.serviceRoleKey }).data!, { userId: user.id });
    assert.deepEqual(raw.data?.map((f) => f.name).sort(), ['<svg onload=alert(2)>', HOSTILE_NAME].sort());

    const listed = await expectElementAction(el, 'list_factors', {}, 'factors_listed');
    assert.deepEqual([...(listed.states.factor_names as string[])].sort(), ['‹svg onload=alert(2)›', SHOWN_NAME].sort());
    assert.deepEqual(markupIn(el.states), [], 'no state but the QR holds markup');

    const admin = await h.harness.runServerAction(ADMIN_LIST, { user_id: user.id }, { keys: keys() });
    assert.equal(admin?.error_code, null, String(admin?.error_message));
    assert.deepEqual([...((admin?.factor_names as string[] | undefined) ?? [])].sort(), ['‹svg onload=alert(2)›', SHOWN_NAME].sort());
    await other.stopAutoRefresh();
  });

  describe('a project that mails only its team', { skip: localOnly }, () => {
    let team: Testbed;
    before(async () => {
      team = await startTestbed({
        quiet: true,
        authEnv: { GOTRUE_MAILER_AUTOCONFIRM: 'false', GOTRUE_EXTERNAL_EMAIL_AUTHORIZED_ADDRESSES: 'team@example.com' },
      });
    });
    after(async () => {
      await team?.stop();
    });

    test("Sign up with another address: the server's sentence quotes it, error_message is the plugin's and does not", async () => {
      const h = harness({ keys: { 'Supabase URL': team.url, 'Supabase anon key': team.anonKey } });
      const el = h.harness.place('Supabase MFA');
      await waitForStartup(el);
      const email = `someone-${Date.now().toString(36)}@example.com`;
      const out = await runElementAction(el, 'sign_up', { email, password: 'A-long-enough-passw0rd' }, 'signed_up');
      assert.equal(out.event, 'error');
      assert.equal(el.states.error_code, 'email_address_not_authorized');
      assert.equal(el.states.error_message, 'This app cannot send emails to this address yet. Please let the app owner know.');
      assert.doesNotMatch(JSON.stringify(el.states), new RegExp(email.replace(/[.]/g, '\\.')), 'the address is in no state');
    });
  });
});
