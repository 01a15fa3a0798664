import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { checkAdminUse, planFor, planTrim, trimAuthJs } from '../../build/trim-auth.js';
import { parseGoTrueClient } from '../../build/gotrue-client.js';
import { parse, type ClassDeclaration, type MethodDefinition } from 'acorn';
import { authTrimPlans } from '../../build/bundle.js';
import { AUTH_TRIM_PLAN_FILE, authTrimPlanText } from '../../build/auth-trim-plan.js';
import { withoutDebugCalls } from '../../build/debug-calls.js';
import { customLockPassed, withoutLegacyLock } from '../../build/legacy-lock.js';
import { splitOrServerStoragePossible, withoutSplitOrServerStorage } from '../../build/plain-storage.js';
import { authJsDirect, authJsModuleDir } from '../../build/auth-js-direct.js';
import { resolve } from 'node:path';
import { loadPluginDef } from '../../build/plugin-def.js';
import { folderName } from '../../build/ids.js';

// The copy the build trims: the one supabase-js pins.
const goTrueClient = readFileSync(`${authJsModuleDir(resolve(import.meta.dirname, '..', '..'))}/GoTrueClient.js`, 'utf8');

test('the installed auth-js uses nothing of the admin API in a page but signOut (what the browser stand-in keeps)', () => {
  assert.ok(goTrueClient.includes('this.admin.signOut'), 'the check reads the real source');
  assert.deepEqual(checkAdminUse(goTrueClient), []);
});

test('the check names any other admin method, so the build stops instead of shipping a broken client', () => {
  assert.deepEqual(checkAdminUse(`${goTrueClient}\nthis.admin.deleteUser(id); this.admin.listUsers();`), ['deleteUser', 'listUsers']);
});

// One string from each dropped part: lib/webauthn.errors, lib/web3/ethereum, GoTrueAdminApi, and
// the endpoints of GoTrueClient methods the plugin never calls (OTP, SSO, password
// reset, identities, passkeys, recovery codes, OAuth server).
/** auth-js's WebAuthn module and its passkey endpoints: only a runtime that offers security keys carries them. */
const WEBAUTHN_MARKERS = ['ERROR_PASSTHROUGH_SEE_CAUSE_PROPERTY', '/passkeys'];
/** Sign-up: the MFA runtime offers Sign up with email and password, so it keeps that endpoint. */
const SIGN_UP_MARKERS = ['/signup'];
const MARKERS = [
  ...WEBAUTHN_MARKERS,
  'Invalid SIWE message field',
  'inviteUserByEmail',
  '/admin/users',
  '/signup',
  '/otp',
  '/sso',
  // The password-reset endpoint, not the PKCE verifier's '/recovery' key suffix (sign-up keeps that helper).
  '/recover`',
  '/user/identities',
  '/passkeys',
  '/factors/recovery',
  '/oauth/authorizations',
];

test('the browser runtimes carry no WebAuthn, Web3, service-role admin or unreachable GoTrueClient code', async () => {
  const untrimmed = await build({
    stdin: { contents: "import { AuthClient } from '@supabase/supabase-js'; (window as any).x = AuthClient;", resolveDir: '.', loader: 'ts' },
    bundle: true,
    write: false,
    minify: true,
    platform: 'browser',
    format: 'iife',
    logLevel: 'silent',
  });
  for (const marker of MARKERS) assert.ok(untrimmed.outputFiles[0]!.text.includes(marker), `an untrimmed auth client contains ${marker}`);
  for (const el of loadPluginDef().elements) {
    const header = readFileSync(`dist/bubble-plugin/elements/${folderName(el.id)}/headers.html`, 'utf8');
    // The MFA element offers security keys and passkeys, so its runtime keeps auth-js's WebAuthn module.
    const allowed = el.runtime === 'mfa' ? [...WEBAUTHN_MARKERS, ...SIGN_UP_MARKERS] : [];
    for (const marker of MARKERS.filter((m) => !allowed.includes(m))) assert.ok(!header.includes(marker), `${el.name} header contains ${marker}`);
    for (const marker of allowed) assert.ok(header.includes(marker), `${el.name} header lacks ${marker} (security keys or sign-up would not work)`);
  }
});

// The calls of an MFA runtime without security keys or passkeys (the plan's input, not read from the code).
const PLUGIN_CALLS = `auth.signInWithPassword(p); auth.setSession(s); auth.signOut(); auth.refreshSession(); auth.getSession();
auth.onAuthStateChange(cb); auth.stopAutoRefresh(); auth.mfa.enroll(p); auth.mfa.challenge(p); auth.mfa.verify(p);
auth.mfa.challengeAndVerify(p); auth.mfa.unenroll(p); auth.mfa.listFactors(); auth.mfa.getAuthenticatorAssuranceLevel();`;

test('the trimmed surface is derived from the calls: a method is kept when the code calls it, stubbed when not', () => {
  const today = planTrim(goTrueClient, PLUGIN_CALLS);
  for (const kept of ['signInWithPassword', 'signOut', '_enroll', '_verify', '_getAuthenticatorAssuranceLevel', '_useSession', '_callRefreshToken']) {
    assert.ok(today.kept.includes(kept), `${kept} is kept`);
  }
  for (const stubbed of [
    'signUp',
    'signInWithOAuth',
    'signInWithOtp',
    'signInWithSSO',
    'resetPasswordForEmail',
    'linkIdentity',
    'updateUser',
    'registerPasskey',
  ]) {
    assert.ok(today.stubbed.includes(stubbed), `${stubbed} is stubbed`);
  }
  assert.ok(today.stubWebAuthn);

  const withSignUp = planTrim(goTrueClient, `${PLUGIN_CALLS} auth.signUp(c);`);
  assert.ok(withSignUp.kept.includes('signUp') && !withSignUp.stubbed.includes('signUp'));
  const withRecovery = planTrim(goTrueClient, `${PLUGIN_CALLS} auth.mfa.recoveryCodes.generate();`);
  assert.ok(withRecovery.kept.includes('_generateRecoveryCodes'));
  assert.ok(withRecovery.stubbed.includes('_getRecoveryCodesStatus'), 'only the entries named');
});

test('the session-from-URL path is stubbed only while the client is created with detectSessionInUrl: false', () => {
  const off = planTrim(goTrueClient, `${PLUGIN_CALLS} createClient(u, k, { detectSessionInUrl: false });`);
  assert.ok(off.stubbed.includes('_getSessionFromURL'));
  assert.ok(off.kept.includes('_initialize') && off.kept.includes('_isPKCECallback'), 'the rest of initialization stays');
  for (const on of ['detectSessionInUrl: true', 'detectSessionInUrl: detect', 'detectSessionInUrl']) {
    const plan = planTrim(goTrueClient, `${PLUGIN_CALLS} createClient(u, k, { ${on} });`);
    assert.ok(plan.kept.includes('_getSessionFromURL'), `kept with ${on}`);
  }
  assert.ok(planTrim(goTrueClient, `${PLUGIN_CALLS} a({ detectSessionInUrl: false }); b({ detectSessionInUrl: true });`).kept.includes('_getSessionFromURL'));
});

test('WebAuthn stays in the bundle as soon as the code uses security keys or passkeys', () => {
  assert.equal(planTrim(goTrueClient, `${PLUGIN_CALLS} auth.mfa.webauthn.register(p);`).stubWebAuthn, false);
  assert.equal(planTrim(goTrueClient, `${PLUGIN_CALLS} auth.mfa.enroll({ factorType: 'webauthn' });`).stubWebAuthn, false);
  const passkeys = planTrim(goTrueClient, `${PLUGIN_CALLS} auth.signInWithPasskey(p);`);
  assert.equal(passkeys.stubWebAuthn, false);
  assert.ok(passkeys.kept.includes('signInWithPasskey'));
  // An error code that merely contains the word is not a use.
  assert.equal(planTrim(goTrueClient, `${PLUGIN_CALLS} const c = 'mfa_webauthn_enroll_not_enabled';`).stubWebAuthn, true);
});

test('browser code that calls the admin API stops the plan', () => {
  assert.throws(() => planTrim(goTrueClient, `${PLUGIN_CALLS} client.admin.deleteUser(id);`), /auth\.admin\.deleteUser/);
  // signOut with the user's own token is the one admin method a page's client has.
  assert.doesNotThrow(() => planTrim(goTrueClient, `${PLUGIN_CALLS} auth.admin.signOut(token, 'global');`));
});

test('a stubbed method, if reached anyway, fails plainly; kept ones work', async () => {
  const stdin = {
    contents: 'import { AuthClient } from "@supabase/supabase-js"; globalThis.AuthClient = AuthClient; globalThis.use = (auth) => auth.getSession();',
    resolveDir: '.',
    loader: 'js' as const,
  };
  const plan = await planFor(resolve('.'), { stdin });
  assert.ok(plan?.stubbed.includes('signInWithOtp') && plan.kept.includes('getSession'), 'the plan of this code');
  const out = await build({
    stdin,
    bundle: true,
    write: false,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    format: 'iife',
    logLevel: 'silent',
    plugins: [authJsDirect(resolve('.')), trimAuthJs(resolve('.'), { plan })],
  });
  const sandbox: { AuthClient?: new (o: object) => Record<string, (...a: unknown[]) => Promise<unknown>> } = {};
  new Function('globalThis', out.outputFiles[0]!.text)(sandbox);
  const client = new sandbox.AuthClient!({ url: 'http://127.0.0.1:9/auth/v1', persistSession: false, autoRefreshToken: false });
  await assert.rejects(client.signInWithOtp!({ email: 'a@example.com' }), (e: Error) => {
    assert.match(e.message, /^GoTrueClient: this method is not in this build/);
    assert.match(e.stack ?? '', /\.signInWithOtp\b/, 'the stack names the method');
    return true;
  });
  assert.deepEqual(await client.getSession!(), { data: { session: null }, error: null });
});

test("GoTrueClient's debug log statements go when the plugin never passes a debug setting, and only whole statements", () => {
  assert.equal(planTrim(goTrueClient, PLUGIN_CALLS).stripDebug, true);
  for (const on of ['debug: true', 'debug: log', 'debug', "'debug': true", '"debug": log']) {
    assert.equal(planTrim(goTrueClient, `${PLUGIN_CALLS} new AuthClient({ url, ${on} });`).stripDebug, false, `kept with ${on}`);
  }
  for (const set of ["options['debug'] = true;", 'options.debug = log;']) {
    assert.equal(planTrim(goTrueClient, `${PLUGIN_CALLS} ${set} new AuthClient(options);`).stripDebug, false, `kept with ${set}`);
  }
  assert.equal(planTrim(goTrueClient, `${PLUGIN_CALLS} if (options.debug === true) x();`).stripDebug, true, 'a comparison sets nothing');
  const source = [
    'class A {',
    '  m() {',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source under test holds a template literal
    "    this._debug('#m()', 'a ) in a string', `and ${f(')')} in a template`, { a: [1, ')'] });",
    '    this._debug(',
    "      'over', /* ) */ 'lines'",
    '    );',
    '    if (x)',
    "      this._debug('body of a brace-less if');",
    "    return this._debug('used as a value');",
    '  }',
    '  n() {',
    '    if (x) // a comment; with a semicolon',
    "      this._debug('body of an if after a comment');",
    '    const f = function () {}',
    "    this._debug('between two lines that ASI would join');",
    '    (g)();',
    '  }',
    '}',
  ].join('\n');
  const { code, removed } = withoutDebugCalls(source);
  assert.equal(removed, 3);
  assert.ok(code.includes("this._debug('body of an if after a comment');"), 'never the body of an if without braces, even after a comment');
  // Gone, and the lines around it are not joined into `function () {}(g)()`: `(g)()` is still a statement of its own.
  assert.ok(!code.includes('ASI would join'));
  const n = parse(code, { ecmaVersion: 'latest' }).body[0] as ClassDeclaration;
  const nBody = (n.body.body[1] as MethodDefinition).value.body.body;
  assert.ok(nBody.some((s) => s.type === 'ExpressionStatement' && s.expression.type === 'CallExpression' && s.expression.callee.type === 'Identifier'));
  assert.equal(code.split('\n').length, source.split('\n').length, 'every other line keeps its number');
  assert.ok(!code.includes('a ) in a string') && !code.includes("'over'"));
  assert.ok(code.includes("this._debug('body of a brace-less if');"), 'never the body of an if without braces');
  assert.ok(code.includes("return this._debug('used as a value');"));
  new Function(code.replace('class A', 'return class A'))();
  // The installed GoTrueClient: all its log statements go, and what is left still parses.
  const real = withoutDebugCalls(goTrueClient);
  assert.ok(real.removed > 50, `${real.removed} statements`);
  assert.ok(!/^\s*this\._debug\(/m.test(real.code), 'no log statement is left on a line of its own');
});

test("the built MFA runtime, the hosted core and its chunks carry none of GoTrueClient's log messages, nor its legacy lock path, nor its split and server storage paths", () => {
  assert.ok(goTrueClient.includes('received broadcast notification from other tab or client'));
  const LOCK_NAME = 'lock:$' + '{'; // the legacy path's lock name, a template literal in auth-js
  assert.ok(goTrueClient.includes('option is deprecated and will be removed in v3') && goTrueClient.includes(LOCK_NAME));
  const mfa = loadPluginDef().elements.find((e) => e.runtime === 'mfa')!;
  const built = [
    `dist/bubble-plugin/elements/${folderName(mfa.id)}/headers.html`,
    ...readdirSync('dist/runtime')
      .filter((f) => f.endsWith('.js'))
      .map((f) => `dist/runtime/${f}`),
  ];
  assert.ok(built.length > 3, built.join(', '));
  for (const file of built) {
    const text = readFileSync(file, 'utf8');
    for (const message of ['received broadcast notification from other tab or client', 'session from storage', 'refreshing attempt', '#_saveSession()']) {
      assert.ok(!text.includes(message), `${file} contains ${message}`);
    }
    // Nor the legacy lock path (the plugin passes no custom lock): its warning and its lock name.
    for (const legacy of ['option is deprecated and will be removed in v3', LOCK_NAME]) {
      assert.ok(!text.includes(legacy), `${file} contains ${legacy}`);
    }
    // Nor the server storage's warning proxy (only that path reaches it).
    assert.ok(!text.includes(SERVER_WARNING), `${file} contains ${SERVER_WARNING}`);
  }
});

/** auth-js's warning on a user read from a server's storage (lib/helpers.js). */
const SERVER_WARNING = 'could be insecure! This value comes directly from the storage medium';

test("auth-js's split and server storage paths go only while the client gets no userStorage and no storage is marked isServer", () => {
  assert.ok(readFileSync(`${authJsModuleDir(resolve(import.meta.dirname, '..', '..'))}/lib/helpers.js`, 'utf8').includes(SERVER_WARNING));
  assert.equal(splitOrServerStoragePossible(`${PLUGIN_CALLS} new AuthClient({ url, storageKey: k, ...(s ? { storage: s } : {}) });`), false);
  for (const code of [
    'new AuthClient({ url, userStorage: localStorage })',
    'new AuthClient({ url, storage: { getItem, setItem, removeItem, isServer: true } })',
    'const s = { isServer: true }; new AuthClient({ url, storage: s })',
    'new AuthClient({ url, ...options })',
    'new AuthClient(options)',
    'createClient(u, k)',
  ]) {
    assert.equal(splitOrServerStoragePossible(`${PLUGIN_CALLS} ${code};`), true, code);
  }
  const plain = withoutSplitOrServerStorage(goTrueClient);
  assert.ok(!/\bthis\.userStorage\b(?!\s*=[^=])/.test(plain), 'no read of this.userStorage is left');
  assert.ok(!plain.includes('this.storage.isServer'));
  assert.ok(plain.includes('this.userStorage = settings.userStorage;'), 'assignments stay');
  assert.equal(plain.split('\n').length, goTrueClient.split('\n').length, 'same lines');
  assert.throws(() => withoutSplitOrServerStorage(`${goTrueClient}\nthis.userStorage = other;`), /sets its user storage differently/);
  assert.throws(() => withoutSplitOrServerStorage(`${goTrueClient}\nthis.storage.isServer = true;`), /sets its user storage differently/);
  assert.equal(planTrim(goTrueClient, `${PLUGIN_CALLS} new AuthClient({ url });`).plainStorage, true);
  assert.equal(planTrim(goTrueClient, `${PLUGIN_CALLS} new AuthClient({ url, userStorage: u });`).plainStorage, false);
});

test("auth-js's legacy lock path goes only while the client is created with an object literal that names no lock", () => {
  assert.equal(customLockPassed(`${PLUGIN_CALLS} const a = new AuthClient({ url, storageKey: k, ...(s ? { storage: s } : {}) });`), false);
  assert.equal(
    customLockPassed(`${PLUGIN_CALLS} new AuthClient({ url, ...o.storage ? { storage: o.storage } : {}, ...o.fetch ? { fetch: o.fetch } : {} });`),
    false,
    'as esbuild prints it',
  );
  assert.equal(
    customLockPassed(`${PLUGIN_CALLS} runAction(n, w, s, { lock: WEBAUTHN_LOCK }); new AuthClient({ url });`),
    false,
    "another call's lock option is not the client's",
  );
  for (const code of [
    'new AuthClient({ url, lock: processLock })',
    'new AuthClient(options)',
    'new AuthClient({ url, ...options })',
    'new AuthClient({ ...defaults(), url })',
    'new GoTrueClient({ lock })',
    'createClient(u, k)',
    'new AuthClient({ url }); createClient(u, k)',
  ]) {
    assert.equal(customLockPassed(`${PLUGIN_CALLS} ${code};`), true, code);
  }
  const lockless = withoutLegacyLock(goTrueClient);
  assert.ok(goTrueClient.includes('this.lock != null'));
  assert.ok(!/\b(this|settings)\.lock != null\b/.test(lockless));
  assert.equal(lockless.split('\n').length, goTrueClient.split('\n').length, 'same lines');
  assert.throws(() => withoutLegacyLock(`${goTrueClient}\nthis.lock = somethingElse;`), /sets this\.lock differently/);

  const plain = planTrim(goTrueClient, `${PLUGIN_CALLS} new AuthClient({ url });`);
  assert.equal(plain.lockless, true);
  assert.ok(plain.stubbed.includes('_acquireLock'), 'only the legacy path reached it');
  const custom = planTrim(goTrueClient, `${PLUGIN_CALLS} new AuthClient({ url, lock: myLock });`);
  assert.equal(custom.lockless, false);
  assert.ok(custom.kept.includes('_acquireLock'));
});

test('the trim plan the build derives is the committed one (build/auth-trim-plan.json; `npm run trim-plan` rewrites it)', async () => {
  const root = resolve(import.meta.dirname, '..', '..');
  const plans = await authTrimPlans(loadPluginDef(), root);
  // The runtimes that carry the auth client: the inline MFA runtime and the hosted core.
  assert.deepEqual(Object.keys(plans).sort(), ['hosted', 'mfa']);
  const committed = readFileSync(resolve(root, AUTH_TRIM_PLAN_FILE), 'utf8');
  assert.equal(authTrimPlanText(root, plans), committed, 'the auth trim changed: run `npm run trim-plan` and review the diff (docs/upgrading-supabase-js.md)');
  const golden = JSON.parse(committed) as { '@supabase/supabase-js': string; '@supabase/auth-js': string };
  // The plan is for the exact versions package.json pins.
  const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  assert.equal(pkg.dependencies['@supabase/supabase-js'], golden['@supabase/supabase-js']);
  assert.equal(pkg.dependencies['@supabase/auth-js'], golden['@supabase/auth-js']);
});

test('GoTrueClient.js is read by its syntax, not its layout: the same members, entries and plan from a reformatted copy', () => {
  const parsed = parseGoTrueClient(goTrueClient);
  assert.ok(parsed.members.length > 90, `${parsed.members.length} members`);
  assert.deepEqual(
    parsed.bound
      .filter((e) => e.path[0] === 'mfa' && e.path.length === 2)
      .map((e) => `${e.path.join('.')}→${e.method}`)
      .sort(),
    [
      'mfa.challenge→_challenge',
      'mfa.challengeAndVerify→_challengeAndVerify',
      'mfa.enroll→_enroll',
      'mfa.getAuthenticatorAssuranceLevel→_getAuthenticatorAssuranceLevel',
      'mfa.listFactors→_listFactors',
      'mfa.unenroll→_unenroll',
      'mfa.verify→_verify',
    ].sort(),
  );
  assert.ok(parsed.fromSettings.includes('detectSessionInUrl'));
  // Two spaces instead of four, and each method's opening line split: the old line-based reader found nothing here.
  const reformatted = goTrueClient.replace(/^( {4})+/gm, (m) => ' '.repeat(m.length / 2)).replace(/^(\s*(?:async )?[\w$]+\([^)\n]*\)) \{$/gm, '$1\n{');
  assert.notEqual(reformatted, goTrueClient);
  const again = parseGoTrueClient(reformatted);
  assert.deepEqual(
    again.members.map((m) => m.name),
    parsed.members.map((m) => m.name),
  );
  assert.deepEqual(
    again.bound.map((e) => [e.path, e.method]),
    parsed.bound.map((e) => [e.path, e.method]),
  );
  const today = planTrim(goTrueClient, PLUGIN_CALLS);
  const plan = planTrim(reformatted, PLUGIN_CALLS);
  assert.deepEqual(plan.kept, today.kept);
  assert.deepEqual(plan.stubbed, today.stubbed);
});

test('a GoTrueClient.js the trim cannot read stops the build with a message that says where to look', () => {
  assert.throws(() => parseGoTrueClient('export default class Other {}'), /no class GoTrueClient.*build\/gotrue-client\.ts/);
  assert.throws(() => parseGoTrueClient("class GoTrueClient { ['x']() {} constructor() {} }\nexport default GoTrueClient;"), /computed or private name/);
  assert.throws(() => parseGoTrueClient('class GoTrueClient { m() {} }\nexport default GoTrueClient;'), /no constructor/);
  assert.throws(() => parseGoTrueClient('class GoTrueClient { constructor() {} }\nexport default 1;'), /default export other than/);
  assert.throws(() => parseGoTrueClient('class GoTrueClient { constructor() { '), /syntax the parser does not read/);
});
