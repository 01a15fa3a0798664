/**
 * Row 7: "Check an access token" (server-side) against a REAL Supabase Auth server (the local test
 * bed, or the project in SUPABASE_URL & co.). Never a mock: with no server the row is
 * "not measured: <reason>".
 *  ours:     the action function (actions/check-access-token.ts on shared/user-client.ts) with
 *            Require aal2, on an aal2 token (TOTP verified); and the built box as Bubble runs it
 *            (dist/bubble-plugin, evaluated in a bare node:vm on every call, as a fresh run does).
 *  anchor:   supabase-js `createClient(url, anon).auth.getUser(jwt)`, the usual server-side check
 *            (the same one request, no claims read).
 * Latency: calls interleaved after warm-ups, median and p90. Throughput: a fixed number of checks
 * with 8 in flight, per side, checks per second. Every answer must be a success, or the row fails.
 */
import { performance } from 'node:perf_hooks';
import { createClient } from '@supabase/supabase-js';
import { JSDOM } from 'jsdom';
import type { QrWindow } from '../shared/qr/index.js';
import { checkAccessToken } from '../actions/check-access-token.js';
import { enrollFactor } from '../actions/enroll-factor.js';
import { challengeAndVerify } from '../actions/challenge-and-verify.js';
import { signIn } from '../actions/sign-in.js';
import { createAuthClient } from '../shared/client.js';
import type { Result } from '../shared/result.js';
import { createUserApi } from '../shared/user-client.js';
import { distModel, NODE_SERVER_GLOBALS, runServerAction, serverActionHost } from '../dev/bubble-harness/index.js';
import { totpCode } from '../dev/fixtures/index.js';
import type { Testbed } from '../dev/testbed/index.js';
import { countingFetch, onRealServer } from './real-server.js';
import { roundSummary, summarize, type Summary } from './stats.js';

const WARMUP = 5;
const CALLS = 50;
const THROUGHPUT_CHECKS = 200;
const IN_FLIGHT = 8;

export type CheckRow =
  | { measured: false; reason: string }
  | {
      measured: true;
      server: 'local' | 'remote';
      calls: number;
      /** Requests one check sends (ours, the built box, the anchor). */
      requestsPerCheck: { ours: number; box: number; anchor: number };
      oursMs: Summary;
      boxMs: Summary;
      anchorMs: Summary;
      throughput: { checks: number; inFlight: number; oursPerSecond: number; anchorPerSecond: number };
    };

function need<T>(r: Result<T>, what: string): T {
  if (r.error) throw new Error(`plugin ${what} failed: [${r.error.code}] ${r.error.message}`);
  return r.data;
}

/** An aal2 access token of a fresh user (TOTP enrolled and verified with the plugin's actions). */
async function aal2Token(bed: Testbed): Promise<string> {
  const user = await bed.createUser();
  const auth = createAuthClient({ url: bed.url, anonKey: bed.anonKey, storageKey: 'bench-check' }, { autoRefreshToken: false });
  need(await signIn(auth, { email: user.email, password: user.password }), 'sign in');
  const f = need(await enrollFactor(auth, { factorType: 'totp', friendlyName: 'Bench app' }, new JSDOM('').window as unknown as QrWindow), 'enroll');
  need(await challengeAndVerify(auth, { factorId: f.factorId, code: totpCode(f.totp!.uri) }), 'verify');
  return (await auth.getSession()).data.session!.access_token;
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** `total` calls of fn with `inFlight` at a time; checks per second. */
async function throughput(fn: () => Promise<void>, total: number, inFlight: number): Promise<number> {
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next++ < total) await fn();
    }),
  );
  return total / ((performance.now() - t) / 1000);
}

export function checkTokenRow(): Promise<CheckRow> {
  return onRealServer(async (bed): Promise<CheckRow> => {
    const token = await aal2Token(bed);
    const oursFetch = countingFetch();
    const api = need(createUserApi({ url: bed.url, publicKey: bed.anonKey }, oursFetch.fetch), 'user client');
    const ours = async () => {
      need(await checkAccessToken(api, { accessToken: token, requireAal2: true }), 'check');
    };
    const keys = { 'Supabase URL': bed.url, 'Supabase anon key': bed.anonKey };
    let boxRequests = 0;
    const box = async () => {
      const host = serverActionHost(distModel(), keys, NODE_SERVER_GLOBALS);
      const out = await runServerAction(host, 'Supabase MFA - Check an access token', { access_token: token, require_aal2: true });
      if (out?.aal2_met !== true || host.violations.length) throw new Error(`the built box did not pass the check: ${String(out?.error_code)}`);
      boxRequests = host.sent.length;
    };
    const anchorFetch = countingFetch();
    const supabase = createClient(bed.url, bed.anonKey, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      global: { fetch: anchorFetch.fetch },
      // Node 20 has no WebSocket and supabase-js refuses to start without one; realtime is unused.
      realtime: { transport: class {} as never },
    });
    const anchor = async () => {
      const { data, error } = await supabase.auth.getUser(token);
      if (error || !data.user) throw new Error(`supabase-js getUser failed: ${error?.message}`);
    };

    const samples = { ours: [] as number[], box: [] as number[], anchor: [] as number[] };
    const sides = [
      ['ours', ours],
      ['box', box],
      ['anchor', anchor],
    ] as const;
    for (let i = -WARMUP; i < CALLS; i++) {
      // Rotate which side goes first, so connection reuse and GC land on all.
      for (let k = 0; k < sides.length; k++) {
        const [name, fn] = sides[((((i % sides.length) + sides.length) % sides.length) + k) % sides.length]!;
        const ms = await timed(fn);
        if (i >= 0) samples[name].push(ms);
      }
    }
    const oursBefore = oursFetch.log.length;
    await ours();
    const oursPerCheck = oursFetch.log.length - oursBefore;
    const anchorBefore = anchorFetch.log.length;
    await anchor();
    const anchorPerCheck = anchorFetch.log.length - anchorBefore;

    const oursPerSecond = await throughput(ours, THROUGHPUT_CHECKS, IN_FLIGHT);
    const anchorPerSecond = await throughput(anchor, THROUGHPUT_CHECKS, IN_FLIGHT);
    return {
      measured: true,
      server: bed.kind,
      calls: CALLS,
      requestsPerCheck: { ours: oursPerCheck, box: boxRequests, anchor: anchorPerCheck },
      oursMs: roundSummary(summarize(samples.ours), 3),
      boxMs: roundSummary(summarize(samples.box), 3),
      anchorMs: roundSummary(summarize(samples.anchor), 3),
      throughput: { checks: THROUGHPUT_CHECKS, inFlight: IN_FLIGHT, oursPerSecond: Math.round(oursPerSecond), anchorPerSecond: Math.round(anchorPerSecond) },
    };
  });
}
