// The test bed's deployment profiles (TESTBED_PROFILE) and key modes (TESTBED_KEYS): the choice
// itself, the gateway's new-key translation (against a recording upstream), and the real auth
// server started in each profile and key mode.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  CUSTOM_DOMAIN_ISSUER,
  decodeJwtPayload,
  type Gateway,
  localServerSkipReason,
  type ObservedRequest,
  profileAuthEnv,
  profileFromEnv,
  silentLogger,
  startGateway,
  startTestbed,
  type Testbed,
} from '../../dev/testbed/index.js';

describe('choosing a profile', () => {
  it('defaults to platform with legacy keys; names each profile and key mode; refuses an unknown one', () => {
    assert.deepEqual(profileFromEnv({}), { profile: 'platform', keys: 'legacy' });
    assert.deepEqual(profileFromEnv({ TESTBED_PROFILE: 'self-hosted', TESTBED_KEYS: 'new' }), { profile: 'self-hosted', keys: 'new' });
    assert.deepEqual(profileFromEnv({ TESTBED_PROFILE: 'custom-domain', TESTBED_KEYS: 'old-gateway' }), { profile: 'custom-domain', keys: 'old-gateway' });
    assert.throws(() => profileFromEnv({ TESTBED_PROFILE: 'selfhosted' }), /TESTBED_PROFILE=selfhosted is not one of: platform, self-hosted, custom-domain/);
    assert.throws(() => profileFromEnv({ TESTBED_KEYS: 'sb' }), /TESTBED_KEYS=sb is not one of: legacy, new, old-gateway/);
  });

  it('self-hosted sets no issuer and the docker compose addresses; platform and custom domain name theirs', () => {
    const self = profileAuthEnv('self-hosted', 'http://127.0.0.1:8000');
    assert.equal('GOTRUE_JWT_ISSUER' in self, false);
    assert.equal(self.API_EXTERNAL_URL, 'http://127.0.0.1:8000');
    assert.equal(self.GOTRUE_MAILER_URLPATHS_CONFIRMATION, '/auth/v1/verify');
    assert.equal(profileAuthEnv('platform', 'http://127.0.0.1:8000').GOTRUE_JWT_ISSUER, 'http://127.0.0.1:8000/auth/v1');
    assert.equal(profileAuthEnv('custom-domain', 'http://127.0.0.1:8000').GOTRUE_JWT_ISSUER, CUSTOM_DOMAIN_ISSUER);
  });
});

describe('gateway: new API keys, the way the Supabase CLI gateway handles them', () => {
  let upstream: http.Server;
  let gateway: Gateway;
  const seen: http.IncomingHttpHeaders[] = [];
  const observed: ObservedRequest[] = [];
  const PUB = 'sb_publishable_abc';
  const SECRET = 'sb_secret_xyz';
  const ANON_JWT = 'eyJ.anon.jwt';
  const SERVICE_JWT = 'eyJ.service.jwt';

  before(async () => {
    upstream = http.createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    gateway = await startGateway({
      authUpstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
      log: silentLogger,
      apiKeys: [PUB, SECRET, ANON_JWT, SERVICE_JWT],
      keyTranslation: { [PUB]: ANON_JWT, [SECRET]: SERVICE_JWT },
    });
    gateway.observe((r) => observed.push(r));
  });
  after(async () => {
    await gateway.stop();
    await new Promise((r) => upstream.close(r));
  });

  const send = async (headers: Record<string, string>) => {
    const res = await fetch(`${gateway.url}/auth/v1/user`, { headers });
    return { status: res.status, body: (await res.json()) as Record<string, unknown>, upstream: seen.at(-1) };
  };

  const cases: Array<[string, Record<string, string>, string | undefined]> = [
    ['an sb_ key alone: the role JWT is added', { apikey: PUB }, `Bearer ${ANON_JWT}`],
    ['a Bearer equal to the apikey is replaced', { apikey: SECRET, authorization: `Bearer ${SECRET}` }, `Bearer ${SERVICE_JWT}`],
    ['a Bearer holding another sb_ key is replaced by the apikey role', { apikey: PUB, authorization: `Bearer ${SECRET}` }, `Bearer ${ANON_JWT}`],
    ["a user's access token passes as it is", { apikey: PUB, authorization: 'Bearer eyJ.user.token' }, 'Bearer eyJ.user.token'],
    ['a legacy key is not touched', { apikey: ANON_JWT, authorization: `Bearer ${ANON_JWT}` }, `Bearer ${ANON_JWT}`],
    ['a legacy key alone gets no Authorization', { apikey: ANON_JWT }, undefined],
  ];
  for (const [name, headers, expected] of cases) {
    it(name, async () => {
      const { status, upstream: got } = await send(headers);
      assert.equal(status, 200);
      assert.equal(got?.authorization, expected);
      assert.equal(got?.apikey, headers.apikey, 'the apikey itself is forwarded unchanged');
      assert.deepEqual(
        { apikey: observed.at(-1)?.headers.apikey, authorization: observed.at(-1)?.headers.authorization },
        { apikey: headers.apikey, authorization: headers.authorization },
        'observers see what the client sent',
      );
    });
  }

  it('an old gateway (no translation, JWT keys only) answers an sb_ key with 401 and no error code', async () => {
    gateway.setApiKeys([ANON_JWT, SERVICE_JWT]);
    gateway.setKeyTranslation({});
    try {
      const before = seen.length;
      const { status, body } = await send({ apikey: PUB });
      assert.equal(status, 401);
      assert.equal(body.code, undefined);
      assert.equal(body.error_code, undefined);
      assert.equal(seen.length, before, 'nothing reached the auth server');
    } finally {
      gateway.setApiKeys([PUB, SECRET, ANON_JWT, SERVICE_JWT]);
      gateway.setKeyTranslation({ [PUB]: ANON_JWT, [SECRET]: SERVICE_JWT });
    }
  });
});

const skip = await localServerSkipReason('profiles are started by the local test bed only');

describe('the real auth server in each profile and key mode', { skip }, () => {
  async function signIn(tb: Testbed, headers: Record<string, string> = { apikey: tb.anonKey }) {
    const user = await tb.createUser();
    const res = await fetch(`${tb.authUrl}/token?grant_type=password`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
    return { user, status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
  const discovery = async (tb: Testbed) =>
    ((await (await fetch(`${tb.authUrl}/.well-known/openid-configuration`, { headers: { apikey: tb.anonKey } })).json()) as { issuer: unknown }).issuer;

  it('platform (default): tokens and discovery name <url>/auth/v1', async () => {
    const tb = await startTestbed({ quiet: true, forceLocal: true, profile: 'platform', keys: 'legacy' });
    try {
      assert.equal(tb.issuer, tb.authUrl);
      const { status, body } = await signIn(tb, { apikey: tb.anonKey, authorization: `Bearer ${tb.anonKey}` });
      assert.equal(status, 200);
      assert.equal(decodeJwtPayload(String(body.access_token)).iss, tb.authUrl);
      assert.equal(await discovery(tb), tb.authUrl);
      assert.deepEqual(tb.jwtKeys, { anonKey: tb.anonKey, serviceRoleKey: tb.serviceRoleKey });
    } finally {
      await tb.stop();
    }
  });

  it('self-hosted with new keys: tokens carry no iss, discovery answers "", sb_ keys work in apikey alone (page and admin)', async () => {
    const tb = await startTestbed({ quiet: true, forceLocal: true, profile: 'self-hosted', keys: 'new' });
    try {
      assert.equal(tb.issuer, undefined);
      assert.match(tb.anonKey, /^sb_publishable_/);
      assert.match(tb.serviceRoleKey, /^sb_secret_/);
      const { user, status, body } = await signIn(tb);
      assert.equal(status, 200, JSON.stringify(body));
      const claims = decodeJwtPayload(String(body.access_token));
      assert.equal('iss' in claims, false, 'no iss claim at all');
      assert.equal(claims.sub, user.id);
      assert.equal(await discovery(tb), '');
      // The server itself accepts such a token.
      const me = await fetch(`${tb.authUrl}/user`, { headers: { apikey: tb.anonKey, authorization: `Bearer ${String(body.access_token)}` } });
      assert.equal(me.status, 200);
      // Admin calls with the secret key in apikey only: the gateway adds the service_role JWT.
      const admin = await fetch(`${tb.authUrl}/admin/users/${user.id}/factors`, { headers: { apikey: tb.serviceRoleKey } });
      assert.equal(admin.status, 200);
      // The publishable key stands for anon: admin refused by the server itself (not the gateway).
      const asAnon = await fetch(`${tb.authUrl}/admin/users/${user.id}/factors`, { headers: { apikey: tb.anonKey } });
      assert.equal(asAnon.status, 403);
      assert.equal(((await asAnon.json()) as { error_code?: string }).error_code, 'not_admin');
    } finally {
      await tb.stop();
    }
  });

  it('custom domain before an old gateway: tokens name the project address; an sb_ key is refused with 401 and no code', async () => {
    const tb = await startTestbed({ quiet: true, forceLocal: true, profile: 'custom-domain', keys: 'old-gateway' });
    try {
      assert.equal(tb.issuer, CUSTOM_DOMAIN_ISSUER);
      const refused = await signIn(tb);
      assert.equal(refused.status, 401);
      assert.equal(refused.body.code ?? refused.body.error_code, undefined);
      const jwtKey = tb.jwtKeys!.anonKey;
      const { status, body } = await signIn(tb, { apikey: jwtKey, authorization: `Bearer ${jwtKey}` });
      assert.equal(status, 200);
      assert.equal(decodeJwtPayload(String(body.access_token)).iss, CUSTOM_DOMAIN_ISSUER);
    } finally {
      await tb.stop();
    }
  });
});
