/**
 * shared/base64.ts against Node's own Buffer base64, and jwtClaims (which uses it) on real-shaped
 * tokens: base64url without padding, UTF-8 claims, and malformed payloads refused with null.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { base64ToBytes, bytesToBase64, fromBase64Url } from '../../shared/base64.js';
import { jwtClaims, stringClaim } from '../../shared/jwt-claims.js';

test('bytes to base64 and back match Buffer, for every length remainder and past one 8 KB slice', () => {
  for (const length of [0, 1, 2, 3, 4, 5, 0x2000, 0x2001, 20_000]) {
    const bytes = new Uint8Array(randomBytes(length));
    const base64 = bytesToBase64(bytes);
    assert.equal(base64, Buffer.from(bytes).toString('base64'), `length ${length}`);
    assert.deepEqual(base64ToBytes(base64), bytes);
    assert.deepEqual(base64ToBytes(base64.replace(/=+$/, '')), bytes, 'unpadded too');
    assert.deepEqual(base64ToBytes(fromBase64Url(Buffer.from(bytes).toString('base64url'))), bytes, 'from base64url');
  }
});

test('base64ToBytes refuses what atob refuses', () => {
  for (const bad of ['A', 'AB$=', 'é', 'AAAAA']) assert.equal(base64ToBytes(bad), null, bad);
});

function jwt(claims: object): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

test('jwtClaims reads base64url claims as UTF-8', () => {
  const token = jwt({ sub: 'abc', email: 'zoë.ångström@exämple.com', iss: 'https://x.supabase.co/auth/v1' });
  assert.equal(stringClaim(token, 'email'), 'zoë.ångström@exämple.com');
  assert.equal(stringClaim(token, 'iss'), 'https://x.supabase.co/auth/v1');
  assert.equal(stringClaim(token, 'missing'), null);
});

test('jwtClaims: null for anything that is not three parts with a JSON object payload', () => {
  const payload = (text: string) => `e30.${Buffer.from(text).toString('base64url')}.sig`;
  for (const bad of [null, 42, '', 'a.b', 'a.b.c.d', 'e30..sig', 'e30.%%%.sig', payload('[1]'), payload('null'), payload('{')]) {
    assert.equal(jwtClaims(bad), null, String(bad));
  }
  assert.equal(jwtClaims(`e30.${Buffer.from([0xff, 0xfe]).toString('base64url')}.sig`), null, 'not UTF-8');
});
