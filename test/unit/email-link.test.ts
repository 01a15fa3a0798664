/** readEmailLink / withoutLink: what an email link left in the address, and the address without it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readEmailLink, withoutLink } from '../../elements/supabase-mfa/email-link.js';

/** A code as Supabase Auth issues one (its flow state's auth code: a UUID). */
const CODE = '6f1c2b3a-9d4e-4f5a-8b7c-0123456789ab';

test('a PKCE redirect: the code; removed with nothing else of the address', () => {
  const href = `https://app.example.com/welcome?lang=fr&code=${CODE}#section`;
  assert.deepEqual(readEmailLink(href), { code: CODE, accessToken: null, tokens: false });
  assert.equal(withoutLink(href, { code: true, tokens: false }), 'https://app.example.com/welcome?lang=fr#section');
});

test('another sign-in’s code is no email link’s: another shape, OAuth response parameters, another client’s flow id', () => {
  const foreign = [
    'https://app.example.com/cb?code=0123456789abcdef0123&state=xyz', // GitHub: 20 hex
    'https://app.example.com/cb?code=0123456789abcdef0123',
    'https://app.example.com/cb?code=4%2F0AX4XfWh-abc&scope=email&authuser=0&prompt=consent', // Google
    `https://app.example.com/cb?code=${CODE}&state=s1`, // an OAuth server issuing UUIDs (Supabase's own) echoes state
    `https://app.example.com/cb?code=${CODE}&iss=https%3A%2F%2Fidp.example.com`, // RFC 9207
    `https://app.example.com/cb?code=${CODE.toUpperCase()}`, // Supabase writes lower case
    `https://app.example.com/cb?code=${CODE}&sb_flow_id=0123456789abcdef0123456789abcdef`, // the plugin's links carry none
  ];
  for (const href of foreign) assert.equal(readEmailLink(href).code, null, href);
});

test('an implicit-flow redirect: the tokens leave the fragment, other fragment parts stay', () => {
  const href = 'https://app.example.com/welcome#access_token=eyJ.a.b&expires_in=3600&refresh_token=r1&token_type=bearer&type=signup&tab=2';
  const link = readEmailLink(href);
  assert.deepEqual(link, { code: null, accessToken: 'eyJ.a.b', tokens: true });
  assert.equal(withoutLink(href, { code: false, tokens: true }), 'https://app.example.com/welcome#tab=2');
  assert.equal(withoutLink('https://app.example.com/#refresh_token=r1', { code: false, tokens: true }), 'https://app.example.com/');
});

test('nothing of a link: nothing to do; an unreadable address is no link', () => {
  assert.deepEqual(readEmailLink('https://app.example.com/page?x=1#y'), { code: null, accessToken: null, tokens: false });
  assert.deepEqual(readEmailLink('not a url'), { code: null, accessToken: null, tokens: false });
});
