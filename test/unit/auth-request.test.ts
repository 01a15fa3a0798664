/**
 * The server-side request helper (shared/auth-request.ts) against network faults, not Supabase:
 * a server that accepts the connection and never answers must end the request with a retryable
 * network error (network_error for the builder) once the timeout passes, instead of holding the
 * Bubble action until Bubble ends it. (Where a runtime has no AbortSignal the request goes out
 * without a timeout, as before: test/e2e/check-token.test.ts runs the built box against the real
 * server in a bare vm without it.)
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { authRequest } from '../../shared/auth-request.js';
import { toMfaError } from '../../shared/to-mfa-error.js';

let silent: net.Server;
const sockets = new Set<net.Socket>();
let url = '';
before(async () => {
  // Accepts, reads, never writes a byte.
  silent = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
});
after(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

test('a server that never answers: a retryable network error after the timeout, returned (not thrown)', { timeout: 10_000 }, async () => {
  const started = performance.now();
  const answer = await authRequest(fetch, url, 'GET', '/user', { apikey: 'k' }, (b) => b, 300);
  const waited = performance.now() - started;
  assert.equal(answer.data, null);
  assert.equal(answer.error?.name, 'AuthRetryableFetchError');
  assert.equal(answer.error?.status, 0);
  assert.match(String(answer.error?.message), /^no answer within 300 ms$/);
  assert.equal(toMfaError(answer.error).code, 'network_error');
  // It gave up because of the timeout, not before it.
  assert.ok(waited >= 250, `gave up after ${Math.round(waited)} ms`);
  assert.ok(sockets.size <= 1);
});
