/** readEmailLink / withoutLink: what an email link left in the address, and the address without it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readEmailLink, withoutLink } from '../../elements/supabase-mfa/email-link.js';

test('a PKCE redirect: the code and its flow id; removed with nothing else of the address', () => {
  const href = 'https://app.example.com/welcome?lang=fr&code=abc-123&sb_flow_id=f1#section';
  assert.deepEqual(readEmailLink(href), { code: { code: 'abc-123', flowId: 'f1' }, accessToken: null, tokens: false });
  assert.equal(withoutLink(href, { code: true, tokens: false }), 'https://app.example.com/welcome?lang=fr#section');
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
