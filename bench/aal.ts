/**
 * Row 4: "Get authenticator assurance level" on a page whose session is already in localStorage.
 *  ours:   the MFA element placed on dev/bubble-harness (its generated initialize + update boxes,
 *          plugin keys in context.keys), then its get_assurance_level run.js box; a call ends when
 *          the element publishes is_busy=false (states are published before that).
 *  anchor: createClient(url, key).auth.mfa.getAuthenticatorAssuranceLevel() from the anchor
 *          bundle, in the same page, same stored session (same default storage key).
 * window.fetch is wrapped before any runtime loads; both must make 0 requests.
 * The stored session is a real one from the test bed when a server is there (its user has a
 * verified TOTP factor, so Next level is aal2), so the element's one background check of a
 * restored session (GET /user at load) passes as it does on a real page. Without a server the
 * session is minted for a project that is never reached: that check then fails, and the element
 * asks again when the first action starts (one request during the calls, reported as such).
 */
import type { Browser } from 'playwright-core';
import { defaultStorageKey } from '../shared/client.js';
import type { PageServer } from './page-server.js';
import type { BuiltPlugin } from './plugin-files.js';
import { memoryStorage, mintSession } from './session.js';
import { createAuthClient } from '../shared/client.js';
import type { Testbed } from '../dev/testbed/index.js';
import { totpCode } from '../dev/fixtures/index.js';
import { roundSummary, round, summarize, type Summary } from './stats.js';
import type { PageBench } from './page/entry.js';

/** Never contacted: any request would be counted (and fail). */
export const AAL_PROJECT_URL = 'https://benchproject.supabase.co';
const AAL_ANON_KEY = 'bench-anon-key-not-a-real-key';
const WARMUP = 20;
const CALLS = 200;
/** Back-to-back blocks of CALLS calls per side, alternating. */
const BLOCKS = 10;

/** The project the page talks to and the session stored for it before the page loads. */
export interface AalProject {
  url: string;
  anonKey: string;
  storageKey: string;
  stored: string;
  /** Where the session comes from: the test bed, or minted (no server: the session check cannot pass). */
  source: 'real server' | 'minted';
}

/** A session minted for a project that is never reached. */
export function mintedProject(): AalProject {
  const storageKey = defaultStorageKey(AAL_PROJECT_URL);
  return { url: AAL_PROJECT_URL, anonKey: AAL_ANON_KEY, storageKey, stored: mintSession(AAL_PROJECT_URL, storageKey).stored, source: 'minted' };
}

/** A real aal1 session of a user with a verified TOTP factor, as auth-js stores it for the test bed. */
export async function realProject(bed: Testbed): Promise<AalProject> {
  const storageKey = defaultStorageKey(bed.url);
  const storage = memoryStorage();
  const auth = createAuthClient({ url: bed.url, anonKey: bed.anonKey, storageKey }, { storage, autoRefreshToken: false });
  const user = await bed.createUser();
  const must = (r: { error: unknown }, what: string) => {
    if (r.error) throw new Error(`${what}: ${JSON.stringify(r.error)}`);
  };
  must(await auth.signInWithPassword({ email: user.email, password: user.password }), 'sign in');
  const enrolled = await auth.mfa.enroll({ factorType: 'totp', friendlyName: 'Phone app' });
  if (enrolled.error) throw new Error(`enroll: ${JSON.stringify(enrolled.error)}`);
  must(await auth.mfa.challengeAndVerify({ factorId: enrolled.data.id, code: totpCode(enrolled.data.totp.uri) }), 'verify');
  must(await auth.signOut({ scope: 'local' }), 'sign out');
  // A fresh password sign-in: aal1, with the verified factor on the session's user.
  must(await auth.signInWithPassword({ email: user.email, password: user.password }), 'sign in again');
  const stored = storage.getItem(storageKey);
  if (!stored) throw new Error('auth-js stored no session');
  return { url: bed.url, anonKey: bed.anonKey, storageKey, stored, source: 'real server' };
}

export interface AalRow {
  /** Where the stored session comes from (AalProject.source). */
  source: AalProject['source'];
  calls: number;
  warmup: number;
  ours: Summary;
  anchor: Summary;
  /** Median over BLOCKS back-to-back blocks of the per-call mean (finer than the 5 µs timer grid). */
  oursBlockMeanMs: number;
  anchorBlockMeanMs: number;
  blocks: number;
  oursBlocksMs: number[];
  anchorBlocksMs: number[];
  /** ours / anchor, per-call medians. */
  ratio: number;
  /** ours / anchor, block means. */
  blockRatio: number;
  /** Every request made in the page during the timed calls, tagged with the client's X-Client-Info. */
  requestsDuringCalls: string[];
  requestsSincePageLoad: string[];
  /** Requests of ours outside the timed calls: the one background check of the restored session. */
  oursLoadRequests: number;
  oursRequests: number;
  anchorRequests: number;
  oursStates: { current_level: unknown; next_level: unknown; mfa_required: unknown; authentication_methods: unknown; is_signed_in: unknown };
  anchorResult: unknown;
  reports: string[];
  problems: string[];
}

export async function aalRow(browser: Browser, server: PageServer, plugin: BuiltPlugin, project: AalProject = mintedProject()): Promise<AalRow> {
  const context = await browser.newContext();
  try {
    // The session is in localStorage before the page (and any runtime) loads.
    await context.addInitScript(
      (s) => {
        if (location.pathname === '/page') localStorage.setItem(s.key, s.value);
      },
      { key: project.storageKey, value: project.stored },
    );
    const page = await context.newPage();
    await page.goto(server.page(['lib', 'jquery', 'mfa', 'anchor']));
    const r = await page.evaluate((setup) => (window as unknown as { __bench: PageBench }).__bench.aalRuns(setup), {
      files: Object.fromEntries(plugin.files),
      url: project.url,
      anonKey: project.anonKey,
      storageKey: project.storageKey,
      warmup: WARMUP,
      calls: CALLS,
      blocks: BLOCKS,
    });
    const all = await page.evaluate(() => (window as unknown as { __bench: PageBench }).__bench.fetchLog());
    const ours = roundSummary(summarize(r.ours), 4);
    const anchor = roundSummary(summarize(r.anchor), 4);
    const s = r.oursStates;
    return {
      source: project.source,
      calls: CALLS,
      warmup: WARMUP,
      ours,
      anchor,
      oursBlockMeanMs: round(summarize(r.oursBlocks).median, 4),
      anchorBlockMeanMs: round(summarize(r.anchorBlocks).median, 4),
      blocks: BLOCKS,
      oursBlocksMs: r.oursBlocks.map((v) => round(v, 4)),
      anchorBlocksMs: r.anchorBlocks.map((v) => round(v, 4)),
      ratio: ours.median / anchor.median,
      blockRatio: summarize(r.oursBlocks).median / summarize(r.anchorBlocks).median,
      requestsDuringCalls: r.fetches,
      requestsSincePageLoad: all,
      // Get AAL itself must cost nothing; the page's one background check of a restored session
      // (GET /user at load, see the README's behaviour section) is reported apart.
      oursRequests: r.fetches.filter((f) => f.includes('[supabase-mfa-bubble/')).length,
      anchorRequests: r.fetches.filter((f) => !f.includes('[supabase-mfa-bubble/')).length,
      oursLoadRequests: all.filter((f) => f.includes('[supabase-mfa-bubble/')).length - r.fetches.filter((f) => f.includes('[supabase-mfa-bubble/')).length,
      oursStates: {
        current_level: s.current_level,
        next_level: s.next_level,
        mfa_required: s.mfa_required,
        authentication_methods: s.authentication_methods,
        is_signed_in: s.is_signed_in,
      },
      anchorResult: r.anchorResult,
      reports: r.reports,
      problems: r.problems,
    };
  } finally {
    await context.close();
  }
}
