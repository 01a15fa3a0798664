/**
 * The built Supabase MFA element (dist/bubble-plugin) on the strict Bubble harness in jsdom,
 * with no Supabase server: settings errors, input validation before any request, a stored
 * session restored without a request, network failures, double clicks, clearing enrollment
 * data. Every test ends with the harness clean: no undeclared state/event/property, no secure key
 * read in the browser, no wrong state type, no throw into Bubble.
 */
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { cleanHarnessPerTest, type ElementInstance, type JsdomHarness } from '../../dev/bubble-harness/index.js';
import { isSessionCheck, issuedBy, mintSession, startHangingServer, startJsonServer, storedFor, type MintedSession } from '../helpers/fixtures.js';
import { freePort } from '../../dev/testbed/index.js';
import { authJsQrCode, otpauthUri, supabaseQrSvg } from '../../dev/fixtures/index.js';
import { decodeQrImageState, decodeQrSvg } from '../helpers/qr.js';
import { runElementAction, waitForStartup } from '../../dev/mfa-harness/index.js';

const ANON = 'anon-key-for-tests';
const SERVICE = 'service-role-key-that-must-never-reach-the-browser';

const harness = cleanHarnessPerTest(); // each test ends with assertClean()
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function page(opts: { url?: string | null; session?: MintedSession; keys?: Record<string, string> } = {}): JsdomHarness {
  const url = opts.url === undefined ? 'https://abcd.supabase.co' : opts.url;
  const keys = opts.keys ?? (url === null ? {} : { 'Supabase URL': url, 'Supabase anon key': ANON, 'Supabase service role key': SERVICE });
  const storage = opts.session && url ? storedFor(url, opts.session) : {};
  return harness({ keys, storage });
}

function mfaAddIsVisible(): boolean {
  const h = harness({});
  return h.harness.model.elements.find((e) => e.alias === 'supabase_mfa')!.addIsVisible;
}

const isValidation = (r: { method: string; url: string }) => isSessionCheck(r.method, r.url);

/** Requests other than the background check of a restored session (of which there is at most one). */
function actionRequests(h: JsdomHarness): number {
  assert.ok(h.harness.requestCount(isValidation) <= 1, 'a restored session is checked once');
  return h.harness.requestCount((r) => !isValidation(r));
}

/**
 * Places the element and waits until auth-js has restored (or not) the stored session: signed in,
 * or start-up over (waitForStartup: a Get assurance level answered, which comes after it).
 */
async function placeMfa(h: JsdomHarness, fields: Record<string, unknown> = {}, signedIn = false): Promise<ElementInstance> {
  const el = h.harness.place('Supabase MFA', { fields });
  if (signedIn) await el.waitForState('is_signed_in', true);
  else await waitForStartup(el);
  return el;
}

describe('initialize and settings', () => {
  test('initialize publishes every declared state with its initial value', () => {
    const h = page({ url: null });
    const el = h.harness.place('Supabase MFA');
    const declared = el.spec.states.map((s) => s.name).sort();
    const initialize = el.publishes.slice(0, declared.length);
    assert.deepEqual(initialize.map((p) => p.name).sort(), declared, 'initialize published each declared state once, before anything else');
    for (const p of initialize) assert.deepEqual(p.value, el.initialStates[p.name], `${p.name} starts at its state-initialization value`);
    assert.equal(el.states.is_signed_in, false);
    assert.equal(el.states.is_busy, false);
  });

  test('no keys: is_signed_in no, then missing_keys + error event + one debugger message, once for 5 updates', async () => {
    const h = page({ url: null });
    const el = h.harness.place('Supabase MFA');
    for (let i = 0; i < 4; i++) el.rerunUpdate();
    // Every update has run by now (they are synchronous): the one error is the answer to all five.
    await el.waitForEvent('error');
    assert.equal(el.runs.update, 5);
    assert.equal(el.states.is_signed_in, false);
    assert.equal(el.states.error_code, 'missing_keys');
    // Users get a sentence they can act on; the builder gets what to fix.
    assert.match(String(el.states.error_message), /not connected to Supabase/);
    assert.match(String(el.states.setup_problem), /not set/);
    assert.deepEqual(el.eventNames(), ['error']);
    assert.equal(el.events[0]!.states.error_code, 'missing_keys', 'error_code was published before the error event fired');
    assert.equal(el.debug.length, 1);
    assert.match(el.debug[0]!, /Setup problem.*not set.*missing_keys/);
    assert.equal(h.harness.requestCount(), 0);
  });

  test('an anon key alone (no URL) is missing_keys too; the override fields fix it', async () => {
    const h = page({ keys: { 'Supabase anon key': ANON } });
    const el = h.harness.place('Supabase MFA');
    await el.waitForEvent('error');
    assert.equal(el.states.error_code, 'missing_keys');
    el.setFields({ supabase_url: 'https://override.supabase.co' });
    el.runAction('get_assurance_level');
    await el.waitForState('is_busy', false);
    assert.equal(el.states.error_code, null, 'the next action clears the settings error');
    assert.deepEqual(el.eventNames(), ['error']);
  });

  for (const bad of ['ftp://abcd.supabase.co', 'javascript:alert(1)', 'abcd.supabase.co']) {
    test(`a Supabase URL that is not http(s) (${bad}) is a setup problem, reported once`, async () => {
      const h = page({ keys: { 'Supabase URL': bad, 'Supabase anon key': ANON } });
      const el = h.harness.place('Supabase MFA');
      el.rerunUpdate();
      el.rerunUpdate();
      await el.waitForEvent('error');
      assert.equal(el.states.error_code, 'setup_problem');
      assert.match(String(el.states.setup_problem), /Supabase URL/);
      assert.doesNotMatch(String(el.states.error_message), /URL/, 'end users are not told about settings');
      assert.deepEqual(el.eventNames(), ['error']);
      assert.equal(el.debug.length, 1);
      assert.match(el.debug[0]!, /Setup problem/);
      assert.equal(h.harness.requestCount(), 0);
    });
  }

  test('the same bad URL as a field override is a setup problem too', async () => {
    const h = page();
    const el = h.harness.place('Supabase MFA', { fields: { supabase_url: 'javascript:alert(document.domain)' } });
    await el.waitForEvent('error');
    assert.equal(el.states.error_code, 'setup_problem');
    assert.equal(h.harness.requestCount(), 0);
  });

  test('the secure service role key is never read in the browser', async () => {
    const h = page();
    const el = await placeMfa(h);
    el.runAction('get_assurance_level');
    await el.waitForState('is_busy', false);
    assert.equal(h.harness.violations.length, 0);
    assert.ok(!h.window.document.documentElement.outerHTML.includes(SERVICE));
  });
});

describe('element actions with bad input: invalid_input (what users typed) or setup_problem (what the builder wired), the error event, zero requests', () => {
  const cases: Array<[string, string, Record<string, unknown>, RegExp]> = [
    ['verify a challenge, empty code', 'verify_challenge', { code: '', challenge_id: randomUUID() }, /empty/],
    ['verify a challenge, null code', 'verify_challenge', { code: null, challenge_id: randomUUID() }, /empty/],
    ['verify a challenge, non-numeric code', 'verify_challenge', { code: '12a456', challenge_id: randomUUID() }, /digits only/],
    ['create and verify, non-numeric code', 'challenge_and_verify', { code: 'abcdef' }, /digits only/],
    ['create and verify, 5 digits', 'challenge_and_verify', { code: '12345' }, /6 to 10 digits/],
    ['enroll a phone factor, phone not E.164', 'enroll_factor', { factor_type: 'phone', phone: '4155550123' }, /international format/],
    ['enroll a phone factor, no phone', 'enroll_factor', { factor_type: 'phone', phone: null }, /empty/],
    ['sign in, empty email', 'sign_in', { email: '', password: 'pw' }, /email/i],
    ['sign up, email without @', 'sign_up', { email: 'ada.example.com', password: 'pw-123456' }, /email/i],
  ];
  const setup: Array<[string, string, Record<string, unknown>, RegExp]> = [
    ['unenroll, empty factor id', 'unenroll_factor', { factor_id: '' }, /empty/],
    ['unenroll, factor id not a UUID', 'unenroll_factor', { factor_id: 'factor-1' }, /not a Supabase id/],
    ['create a challenge, factor id not a UUID', 'create_challenge', { factor_id: 'x' }, /not a Supabase id/],
    ['create a challenge for the phone factor of a user without one', 'create_challenge', { factor_type: 'phone' }, /no phone factor/],
    ['verify with no challenge created', 'verify_challenge', { code: '123456', factor_type: 'totp' }, /Create a challenge first/],
    ['set session, empty tokens', 'set_session', { access_token: '', refresh_token: '' }, /empty/],
    [
      'sign up, confirmation link not a page address',
      'sign_up',
      { email: 'ada@example.com', password: 'pw-123456', email_redirect_to: 'javascript:alert(1)' },
      /https/,
    ],
  ];
  for (const [label, action, props, detail] of setup) {
    test(`${label}: setup_problem, the detail for the builder only`, async () => {
      const session = mintSession();
      const h = page({ session });
      const el = await placeMfa(h, {}, true);
      const ev = await runElementAction(el, action, props, 'error');
      assert.equal(ev.states.error_code, 'setup_problem', 'error states were published before the event fired');
      assert.match(String(ev.states.setup_problem), detail);
      assert.match(String(ev.states.error_message), /not set up correctly/);
      // The one background check of the restored session (GET /user) is expected; nothing else goes out.
      const sent = h.harness.requests.filter((r) => !isValidation(r));
      assert.equal(sent.length, 0, `no request for bad input: ${JSON.stringify(sent)}`);
      assert.equal(el.debug.filter((d) => /^Supabase MFA: Setup problem/.test(d)).length, 1);
      // The next action that starts clears it.
      el.runAction('list_factors');
      await el.waitForState('setup_problem', null);
    });
  }
  for (const [label, action, props, message] of cases) {
    test(label, async () => {
      const session = mintSession();
      const h = page({ session });
      const el = await placeMfa(h, {}, true);
      const ev = await runElementAction(el, action, props, 'error');
      assert.equal(el.states.error_code, 'invalid_input');
      assert.match(String(el.states.error_message), message);
      assert.equal(ev.states.error_code, 'invalid_input', 'error states were published before the event fired');
      assert.equal(actionRequests(h), 0, `no request for bad input: ${JSON.stringify(h.harness.requests)}`);
      assert.equal(el.debug.filter((d) => /invalid_input/.test(d)).length, 1);
    });
  }
});

describe('a session stored by an earlier visit', () => {
  test('is restored on initialize with aal1/aal2/mfa_required/user/factors before any request; then checked once in the background', async () => {
    const session = mintSession({ email: 'grace@example.com', amr: ['password'] });
    const h = page({ session });
    const el = await placeMfa(h, {}, true);
    await el.waitForState('current_level', 'aal1');
    const s = el.states;
    assert.equal(s.current_level, 'aal1');
    assert.equal(s.next_level, 'aal2');
    assert.equal(s.mfa_required, true);
    assert.equal(s.user_id, session.userId);
    assert.equal(s.user_email, 'grace@example.com');
    assert.deepEqual(Array.from(s.authentication_methods as string[]), ['password']);
    assert.deepEqual(Array.from(s.factor_ids as string[]), [session.factors[0]!.id]);
    assert.deepEqual(Array.from(s.factor_names as string[]), ['iPhone']);
    assert.deepEqual(Array.from(s.factor_types as string[]), ['totp']);
    assert.deepEqual(Array.from(s.factor_statuses as string[]), ['verified']);
    assert.equal(s.verified_factor_count, 1);
    const signedIn = el.events.find((e) => e.event === 'signed_in');
    assert.ok(signedIn, `signed_in fired: ${el.eventNames().join(', ')}`);
    assert.equal(signedIn.states.user_id, session.userId, 'user states were published before signed_in fired');
    assert.equal(signedIn.states.mfa_required, true);
    assert.ok(el.eventNames().includes('assurance_level_changed'));
    await el.waitFor(() => h.harness.requestCount(isValidation) === 1, { what: 'the background check' });
    assert.equal(h.harness.requestCount(), 1, 'exactly one request: GET /auth/v1/user');
  });

  test('Get authenticator assurance level makes zero requests', async () => {
    const session = mintSession({ aal: 'aal2', amr: ['totp', 'password'] });
    const h = page({ session });
    const el = await placeMfa(h, {}, true);
    el.runAction('Get authenticator assurance level (refresh the levels)');
    // Is busy back to no ends the action: anything it sent was sent before that.
    await el.waitForState('is_busy', false);
    assert.equal(el.states.current_level, 'aal2');
    assert.equal(el.states.next_level, 'aal2');
    assert.equal(el.states.mfa_required, false);
    assert.equal(el.states.error_code, null);
    assert.equal(actionRequests(h), 0);
  });

  test('a user without verified factors: next level aal1, MFA not required', async () => {
    const session = mintSession({ factors: [] });
    const h = page({ session });
    const el = await placeMfa(h, {}, true);
    await el.waitForState('current_level', 'aal1');
    assert.equal(el.states.next_level, 'aal1');
    assert.equal(el.states.mfa_required, false);
    assert.equal(el.states.verified_factor_count, 0);
  });

  test('hidden on page load by the builder: inert until shown (as in Bubble), then restores the session', async () => {
    // Bubble runs initialize when an element becomes visible. The element is added visible on
    // page load (add_is_visible), but a builder can untick that; then actions only report.
    assert.equal(mfaAddIsVisible(), true);
    const session = mintSession();
    const h = page({ session });
    const el = h.harness.place('Supabase MFA', { visible: false });
    el.runAction('get_assurance_level');
    await el.waitForDebug(/before the element was initialized/);
    assert.deepEqual(el.states, {});
    assert.ok(
      el.debug.some((d) => /before the element was initialized/.test(d)),
      el.debug.join('\n'),
    );
    el.show();
    await el.waitForState('is_signed_in', true);
    assert.equal(el.states.user_id, session.userId);
  });

  test('a custom storage key is honoured (and the default key is then ignored)', async () => {
    const session = mintSession();
    const other = mintSession();
    const h = harness({
      keys: { 'Supabase URL': 'https://abcd.supabase.co', 'Supabase anon key': ANON },
      // Another user's session under the default key: with a custom key it is not read.
      storage: { ...storedFor('https://abcd.supabase.co', other), 'my-app-session': issuedBy('https://abcd.supabase.co', session) },
    });
    const el = await placeMfa(h, { storage_key: 'my-app-session' }, true);
    assert.notEqual(session.userId, other.userId);
    assert.equal(el.states.user_id, session.userId);
  });
});

describe('network', () => {
  test('a closed port: network_error, the error event, is_busy back to no, never a throw', async () => {
    const port = await freePort();
    const h = page({ url: `http://127.0.0.1:${port}` });
    const el = await placeMfa(h);
    el.runAction('sign_in', { email: 'ada@example.com', password: 'correct horse' });
    assert.equal(el.states.is_busy, true, 'is_busy is yes at once');
    const ev = await el.waitForEvent('error');
    await el.waitForState('is_busy', false);
    assert.equal(el.states.error_code, 'network_error');
    assert.match(String(el.states.error_message), /reach Supabase/);
    assert.equal(ev.states.error_code, 'network_error');
    assert.equal(h.harness.requestCount(), 1);
    assert.ok(el.publishes.some((p) => p.name === 'is_busy' && p.value === true));
  });

  test('signed in, List factors against a closed port is network_error too', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const h = page({ url, session: mintSession() });
    const el = await placeMfa(h, {}, true);
    el.runAction('list_factors');
    await el.waitForEvent('error');
    await el.waitForState('is_busy', false);
    assert.equal(el.states.error_code, 'network_error');
  });

  test('a double click: one request reaches the server, is_busy yes while in flight', async () => {
    const server = await startHangingServer();
    cleanups.push(() => server.close());
    const h = page({ url: server.url });
    const el = await placeMfa(h);
    el.runAction('sign_in', { email: 'ada@example.com', password: 'pw-1' });
    el.runAction('sign_in', { email: 'ada@example.com', password: 'pw-1' });
    await el.waitFor(() => server.requests.length > 0, { what: 'the request to arrive' });
    // The second click was turned away when it came (the debugger says so): no second request can follow.
    await el.waitForDebug(/already running/);
    assert.equal(server.connections(), 1);
    assert.deepEqual(
      server.requests.map((r) => `${r.method} ${r.path}`),
      ['POST /auth/v1/token?grant_type=password'],
    );
    assert.equal(h.harness.requestCount(), 1);
    assert.equal(el.states.is_busy, true, 'still in flight');
    assert.ok(
      el.debug.some((d) => /already running/.test(d)),
      'the repeated click is reported to the debugger',
    );
    // The server drops the connection: the one pending action ends with network_error.
    await server.close();
    await el.waitForEvent('error', { timeout: 10_000 });
    await el.waitForState('is_busy', false);
    assert.equal(el.states.error_code, 'network_error');
    assert.equal(el.events.filter((e) => e.event === 'error').length, 1);
  });
});

describe('enrollment data', () => {
  test('Clear enrollment data wipes the QR, secret and URI states (zero requests)', async () => {
    const uri = otpauthUri('myapp.bubbleapps.io', 'ada@example.com', 'JBSWY3DPEHPK3PXP');
    const factorId = randomUUID();
    const server = await startJsonServer(({ method, path }) =>
      method === 'POST' && path === '/auth/v1/factors'
        ? { status: 200, body: { id: factorId, type: 'totp', friendly_name: '', totp: { qr_code: supabaseQrSvg(uri).svg, secret: 'JBSWY3DPEHPK3PXP', uri } } }
        : { status: 404, body: { code: 'not_found', msg: `unexpected ${method} ${path}` } },
    );
    cleanups.push(() => server.close());
    const h = page({ url: server.url, session: mintSession() });
    const el = await placeMfa(h, { totp_issuer: 'myapp.bubbleapps.io' }, true);
    el.runAction('enroll_factor', {});
    const enrolled = await el.waitForEvent('factor_enrolled');
    await el.waitForState('is_busy', false);
    assert.deepEqual(
      server.requests.filter((r) => !isValidation({ method: r.method, url: r.path })).map((r) => `${r.method} ${r.path}`),
      ['POST /auth/v1/factors'],
    );
    for (const name of ['qr_code_svg', 'qr_code_image', 'totp_secret', 'totp_secret_grouped', 'totp_uri', 'factor_id']) {
      assert.notEqual(enrolled.states[name], null, `${name} was published before factor_enrolled fired`);
    }
    assert.equal(el.states.factor_id, factorId);
    assert.equal(el.states.factor_type, 'totp');
    assert.equal(el.states.totp_uri, uri);
    assert.equal(el.states.totp_secret_grouped, 'JBSW Y3DP EHPK 3PXP');
    assert.equal(decodeQrSvg(String(el.states.qr_code_svg)), uri, 'the QR code (SVG) reads back as the TOTP link');
    assert.equal(decodeQrImageState(String(el.states.qr_code_image)).text, uri, 'so does the PNG');

    const requests = h.harness.requestCount();
    el.runAction('Clear enrollment data');
    for (const name of ['qr_code_svg', 'qr_code_image', 'totp_secret', 'totp_secret_grouped', 'totp_uri']) assert.equal(el.states[name], null, name);
    assert.equal(el.states.factor_id, factorId, 'the factor id stays (verify still needs it)');
    assert.equal(h.harness.requestCount(), requests);
  });

  test('the enroll answer as auth-js delivers it (data: prefix) renders in a QR code element', async () => {
    // auth-js prefixes qr_code with data:image/svg+xml;utf-8, — the QR element accepts that and
    // the MFA element's QR code (SVG); here we check the two elements work together on one page.
    const uri = otpauthUri('myapp.bubbleapps.io', 'first.lastname+staging@acme-corp.example', 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    const server = await startJsonServer(({ method, path }) =>
      method === 'POST' && path === '/auth/v1/factors'
        ? {
            status: 200,
            body: {
              id: randomUUID(),
              type: 'totp',
              friendly_name: '',
              totp: { qr_code: supabaseQrSvg(uri).svg, secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', uri },
            },
          }
        : { status: 404, body: { code: 'not_found', msg: `unexpected ${method} ${path}` } },
    );
    cleanups.push(() => server.close());
    const h = page({ url: server.url, session: mintSession() });
    const mfa = await placeMfa(h, {}, true);
    const qr = h.harness.place('Supabase MFA QR code', { width: 240, height: 240 });
    mfa.runAction('enroll_factor', { factor_type: 'totp', friendly_name: 'Phone' });
    await mfa.waitForEvent('factor_enrolled');
    qr.setFields({ qr_source: mfa.states.qr_code_svg as string });
    assert.equal(qr.states.is_valid, true);
    assert.equal(qr.canvas.querySelectorAll('svg').length, 1);
    // Sanity: the same input through auth-js's prefix form is accepted by the QR element too.
    qr.setFields({ qr_source: authJsQrCode(supabaseQrSvg(uri).svg) });
    assert.equal(qr.states.is_valid, true);
  });
});
