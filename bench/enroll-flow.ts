/**
 * Row 5: sign in → enroll TOTP → challenge → verify → unenroll against a REAL Supabase Auth
 * server (the local test bed, or the project in SUPABASE_URL / SUPABASE_ANON_KEY /
 * SUPABASE_SERVICE_ROLE_KEY). Never a mock: with no server the row is "not measured: <reason>".
 *  ours: the plugin's action functions (actions/*.ts) on createAuthClient(config, { fetch }),
 *        QR step included (the otpauth URI drawn as SVG checked by DOMPurify in a jsdom window, and
 *        as a PNG); its cost is the same call timed again apart, on the URI of that enroll answer.
 *  raw:  supabase-js createClient(…, { global: { fetch } }): signInWithPassword, mfa.enroll,
 *        mfa.challenge, mfa.verify, mfa.unenroll, auth.refreshSession — the minimum for the same
 *        outcome (the refresh is what makes the downgrade visible, which our unenroll does too).
 * Both count requests with the fetch they are given. Each flow gets a fresh user (created with
 * the admin API, outside the timer and the count); rounds alternate which side goes first.
 */
import { performance } from 'node:perf_hooks';
import { createClient } from '@supabase/supabase-js';
import { createAuthClient, defaultStorageKey, type SupabaseAuth } from '../shared/client.js';
import { JSDOM } from 'jsdom';
import { enrollmentQr, type QrWindow } from '../shared/qr/index.js';
import type { Result } from '../shared/result.js';
import { signIn } from '../actions/sign-in.js';
import { enrollFactor } from '../actions/enroll-factor.js';
import { createChallenge } from '../actions/create-challenge.js';
import { verifyChallenge } from '../actions/verify-challenge.js';
import { unenrollFactor } from '../actions/unenroll-factor.js';
import type { Testbed } from '../dev/testbed/index.js';
import { round, roundSummary, summarize, type Summary } from './stats.js';
import { totpCode } from '../dev/fixtures/index.js';
import { countingFetch, onRealServer } from './real-server.js';
import { memoryStorage } from './session.js';

export const FLOW_TARGET_RATIO = 1.05;
export const RAW_MINIMUM_REQUESTS = 6;
const ROUNDS = 11;

export type FlowRow =
  | { measured: false; reason: string }
  | {
      measured: true;
      server: 'local' | 'remote';
      rounds: number;
      oursRequests: number;
      rawRequests: number;
      oursRequestLog: string[];
      rawRequestLog: string[];
      oursMs: Summary;
      rawMs: Summary;
      /** ours median / raw median, QR pipeline included (the headline). */
      ratio: number;
      /** prepareQr time inside our flow (jsdom), per round. */
      oursQrMs: Summary;
      /** (ours − QR pipeline) median / raw median: the network + client part alone. */
      ratioWithoutQr: number;
    };

function need<T>(r: Result<T>, what: string): T {
  if (r.error) throw new Error(`plugin ${what} failed: [${r.error.code}] ${r.error.message}`);
  return r.data;
}

/** The data of a supabase-js `{ data, error }` answer that succeeded. */
type OkData<R> = R extends { error: null; data: infer D } ? D : never;

function needRaw<R extends { data: unknown; error: unknown }>(r: R, what: string): NonNullable<OkData<R>> {
  if (r.error || r.data == null) throw new Error(`supabase-js ${what} failed: ${JSON.stringify(r.error)}`);
  return r.data as NonNullable<OkData<R>>;
}

async function oursFlow(bed: Testbed, user: { email: string; password: string }) {
  const counter = countingFetch();
  const auth: SupabaseAuth = createAuthClient(
    { url: bed.url, anonKey: bed.anonKey, storageKey: defaultStorageKey(bed.url) },
    { fetch: counter.fetch, storage: memoryStorage(), autoRefreshToken: false },
  );
  const t0 = performance.now();
  need(await signIn(auth, { email: user.email, password: user.password }), 'sign in');
  const factor = need(await enrollFactor(auth, { factorType: 'totp', friendlyName: 'Bench app' }, qrWindow), 'enroll');
  const challenge = need(await createChallenge(auth, { factorId: factor.factorId }), 'challenge');
  need(await verifyChallenge(auth, { factorId: factor.factorId, challengeId: challenge.challengeId, code: totpCode(factor.totp!.uri) }), 'verify');
  need(await unenrollFactor(auth, { factorId: factor.factorId }), 'unenroll');
  const ms = performance.now() - t0;
  await auth.stopAutoRefresh();
  const t1 = performance.now();
  need(enrollmentQr(factor.totp!.uri, qrWindow), 'QR step');
  return { ms, qrMs: performance.now() - t1, log: counter.log };
}

/** The page DOMPurify works in; one for the whole run, as a page has one. */
const qrWindow = new JSDOM('').window as unknown as QrWindow;

async function rawFlow(bed: Testbed, user: { email: string; password: string }) {
  const counter = countingFetch();
  const supabase = createClient(bed.url, bed.anonKey, {
    auth: { storage: memoryStorage(), persistSession: true, autoRefreshToken: false, detectSessionInUrl: false },
    global: { fetch: counter.fetch },
    // Node 20 has no WebSocket and supabase-js refuses to start without one; realtime is unused.
    realtime: { transport: class {} as never },
  });
  const t0 = performance.now();
  needRaw(await supabase.auth.signInWithPassword({ email: user.email, password: user.password }), 'signInWithPassword');
  const factor = needRaw(await supabase.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'Bench app' }), 'mfa.enroll');
  const challenge = needRaw(await supabase.auth.mfa.challenge({ factorId: factor.id }), 'mfa.challenge');
  needRaw(await supabase.auth.mfa.verify({ factorId: factor.id, challengeId: challenge.id, code: totpCode(factor.totp.uri) }), 'mfa.verify');
  needRaw(await supabase.auth.mfa.unenroll({ factorId: factor.id }), 'mfa.unenroll');
  needRaw(await supabase.auth.refreshSession(), 'refreshSession');
  const ms = performance.now() - t0;
  await supabase.auth.stopAutoRefresh();
  return { ms, log: counter.log };
}

async function deleteUser(bed: Testbed, id: string): Promise<void> {
  await fetch(`${bed.authUrl}/admin/users/${id}`, {
    method: 'DELETE',
    headers: { apikey: bed.serviceRoleKey, authorization: `Bearer ${bed.serviceRoleKey}` },
  }).catch(() => undefined);
}

export function enrollFlowRow(): Promise<FlowRow> {
  return onRealServer(async (bed): Promise<FlowRow> => {
    const ours: number[] = [];
    const oursQr: number[] = [];
    const raw: number[] = [];
    let oursLog: string[] = [];
    let rawLog: string[] = [];
    // One untimed round of each first: connection set-up, JIT, the server's first queries.
    for (let i = -1; i < ROUNDS; i++) {
      const u1 = await bed.createUser();
      const u2 = await bed.createUser();
      const runOurs = async () => {
        const r = await oursFlow(bed, u1);
        if (i >= 0) {
          ours.push(r.ms);
          oursQr.push(r.qrMs);
        }
        oursLog = r.log;
      };
      const runRaw = async () => {
        const r = await rawFlow(bed, u2);
        if (i >= 0) raw.push(r.ms);
        rawLog = r.log;
      };
      if (i % 2 === 0) {
        await runOurs();
        await runRaw();
      } else {
        await runRaw();
        await runOurs();
      }
      await deleteUser(bed, u1.id);
      await deleteUser(bed, u2.id);
    }
    const oursMs = roundSummary(summarize(ours), 2);
    const rawMs = roundSummary(summarize(raw), 2);
    const withoutQr = summarize(ours.map((v, i) => v - (oursQr[i] ?? 0)));
    return {
      measured: true,
      server: bed.kind,
      rounds: ROUNDS,
      oursRequests: oursLog.length,
      rawRequests: rawLog.length,
      oursRequestLog: oursLog,
      rawRequestLog: rawLog,
      oursMs,
      rawMs,
      ratio: oursMs.median / rawMs.median,
      oursQrMs: roundSummary(summarize(oursQr), 2),
      ratioWithoutQr: round(withoutQr.median / rawMs.median, 4),
    };
  });
}
