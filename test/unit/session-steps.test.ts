/**
 * Actions of several requests stop before their next one once the session generation they started
 * in has ended (auth-js would send it with the session stored now: another user's after a switch).
 * The runner hands `work` a signal aborted when the generation ends; each step checks it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AuthApiError } from '@supabase/supabase-js';
import { enrollFactor } from '../../actions/enroll-factor.js';
import { unenrollFactor } from '../../actions/unenroll-factor.js';
import { ActionRunner, type RunnerHost } from '../../elements/supabase-mfa/runner.js';
import { RequestGate } from '../../shared/session-guard.js';
import { verifyTotp } from '../../elements/supabase-mfa/handlers.js';
import type { SupabaseAuth } from '../../shared/client.js';
import { ok } from '../../shared/result.js';
import { removeUnverifiedFactors } from '../../shared/unverified-factors.js';

const ID_A = '3f0c1a2b-1111-4222-8333-444455556666';
const ID_B = '3f0c1a2b-1111-4222-8333-777788889999';
const unverified = (id: string) => ({ id, status: 'unverified', factor_type: 'totp', friendly_name: 'App', created_at: '', updated_at: '' });

/**
 * A stand-in auth-js that records each request; `switchAfter` names the request after which
 * another user signs in (the generation ends: the controller aborts).
 */
function fakeAuth(switchAfter: string) {
  const sent: string[] = [];
  const session = new AbortController();
  const answer = <T>(name: string, result: T): Promise<T> => {
    sent.push(name);
    if (name === switchAfter) session.abort();
    return Promise.resolve(result);
  };
  const conflict = { data: null, error: new AuthApiError('name taken', 422, 'mfa_factor_name_conflict') };
  const auth = {
    mfa: {
      enroll: () => answer('enroll', conflict),
      listFactors: () => answer('list', { data: { all: [unverified(ID_A), unverified(ID_B)], totp: [], phone: [] }, error: null }),
      unenroll: ({ factorId }: { factorId: string }) => answer(`unenroll ${factorId}`, { data: { id: factorId }, error: null }),
      challengeAndVerify: ({ factorId }: { factorId: string }) =>
        answer(`verify ${factorId}`, { data: null, error: new AuthApiError('wrong code', 422, 'mfa_verification_failed') }),
    },
    refreshSession: () => answer('refresh', { data: { session: null, user: null }, error: null }),
  } as unknown as SupabaseAuth;
  return { auth, sent, signal: session.signal };
}

test('unverified factors: the user switches after the list, nothing is deleted', async () => {
  const { auth, sent, signal } = fakeAuth('list');
  const r = await removeUnverifiedFactors(auth, signal);
  assert.equal(r.error?.code, 'not_ready');
  assert.deepEqual(sent, ['list']);
});

test('enroll after a name conflict: the user switches during the clean-up, no delete and no second enroll', async () => {
  const { auth, sent, signal } = fakeAuth('list');
  const r = await enrollFactor(auth, { factorType: 'totp', friendlyName: 'App' }, undefined, signal);
  assert.equal(r.error?.code, 'not_ready');
  assert.deepEqual(sent, ['enroll', 'list']);
});

test('unenroll: the user switches after it, the refresh is not sent', async () => {
  const { auth, sent, signal } = fakeAuth(`unenroll ${ID_A}`);
  const r = await unenrollFactor(auth, { factorId: ID_A }, signal);
  assert.equal(r.error?.code, 'not_ready');
  assert.deepEqual(sent, [`unenroll ${ID_A}`]);
});

test('create and verify: the user switches after the first app refused the code, the next app is not tried', async () => {
  const { auth, sent, signal } = fakeAuth(`verify ${ID_A}`);
  const r = await verifyTotp(auth, [ID_A, ID_B], '123456', signal);
  assert.equal(r.error?.code, 'not_ready');
  assert.deepEqual(sent, [`verify ${ID_A}`]);
});

test('the runner gives each run a signal aborted when its session generation ends (a fresh one after)', async () => {
  // The element's own generations: the request gate's (the controller ends both together).
  const gate = new RequestGate(() => fetch);
  let runner!: ActionRunner;
  const log: string[] = [];
  const host: RunnerHost = {
    auth: () => ({}) as SupabaseAuth,
    generation: () => gate.generation,
    generationSignal: () => gate.signal,
    live: (g) => gate.isCurrent(g),
    beginSession: () => undefined,
    signOutHere: async () => gate.generation,
    busy: () => undefined,
    fail: (name, e) => log.push(`fail ${name} ${e.code}`),
    report: (m) => log.push(m),
    notConnected: () => undefined,
    sessionGone: () => false,
    actionStarting: () => undefined,
  };
  runner = new ActionRunner(host);
  const seen: AbortSignal[] = [];
  await runner.run(
    'enroll_factor',
    async (_auth, signal) => {
      seen.push(signal);
      assert.equal(signal?.aborted, false, 'live while the generation is');
      gate.next(); // another user signed in meanwhile
      runner.endGeneration();
      return ok(1);
    },
    () => void log.push('published'),
  );
  assert.equal(seen[0]?.aborted, true);
  assert.deepEqual(log, ['Supabase MFA: enroll_factor finished after the session changed; its result was discarded.']);
  await runner.run(
    'enroll_factor',
    async (_auth, signal) => {
      seen.push(signal);
      return ok(2);
    },
    () => void log.push('published'),
  );
  assert.equal(seen[1]?.aborted, false);
  assert.equal(log.at(-1), 'published');
});
