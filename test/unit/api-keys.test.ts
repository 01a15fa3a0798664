// How a project key travels (shared/api-keys.ts): Bearer only for JWT keys; a gateway's code-less
// 401 for a new-style key is told apart from the auth server's own refusals.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiKeyHeaders, isGatewayRefusal, KEY_REFUSED, KEY_TYPE_REFUSED, keyRefusalAwareFetch } from '../../shared/api-keys.js';
import { generateJwtSecret, mintApiKeys } from '../../dev/testbed/index.js';

const legacy = mintApiKeys(generateJwtSecret()).anonKey;

describe('api keys', () => {
  test('a JWT key rides in apikey and as the Bearer token; any other key in apikey only', () => {
    assert.deepEqual(apiKeyHeaders(legacy), { apikey: legacy, Authorization: `Bearer ${legacy}` });
    assert.deepEqual(apiKeyHeaders('sb_publishable_abc'), { apikey: 'sb_publishable_abc' });
    assert.deepEqual(apiKeyHeaders('sb_secret_abc'), { apikey: 'sb_secret_abc' });
    assert.deepEqual(apiKeyHeaders('a.b.c'), { apikey: 'a.b.c' }, 'three dots are not a JWT');
  });

  const refusals: Array<[string, number, unknown, boolean]> = [
    ['a gateway 401 (message only)', 401, { message: 'Invalid API key' }, true],
    ['a gateway 401 (no body)', 401, null, true],
    ['the auth server (error_code)', 401, { code: 401, error_code: 'bad_jwt', msg: 'invalid JWT' }, false],
    ['the auth server, API version 2024 (code)', 401, { code: 'no_authorization', message: 'x' }, false],
    ['an older auth server (numeric code, msg)', 401, { code: 401, msg: 'Invalid token' }, false],
    ['another status', 403, { message: 'Forbidden' }, false],
  ];
  for (const [name, status, body, expected] of refusals) {
    test(`gateway refusal? ${name}: ${expected}`, () => assert.equal(isGatewayRefusal(status, body), expected));
  }

  test('the auth client fetch turns only a gateway refusal into a code of ours, by key type', async () => {
    const answers = () => [
      new Response('{"message":"Invalid API key"}', { status: 401 }),
      new Response('{"code":"bad_jwt","message":"x"}', { status: 401 }),
      new Response('{"ok":true}', { status: 200 }),
    ];
    for (const [key, code] of [
      ['sb_publishable_abc', KEY_TYPE_REFUSED],
      [legacy, KEY_REFUSED],
      ['not-a-key', KEY_REFUSED],
    ] as const) {
      const queue = answers();
      const f = keyRefusalAwareFetch(key, async () => queue.shift()!);
      assert.deepEqual(await (await f('http://x')).json(), { error_code: code, msg: 'The API gateway refused the key.' }, key);
      assert.deepEqual(await (await f('http://x')).json(), { code: 'bad_jwt', message: 'x' }, 'the auth server’s own 401 passes');
      assert.deepEqual(await (await f('http://x')).json(), { ok: true });
    }
  });
});
