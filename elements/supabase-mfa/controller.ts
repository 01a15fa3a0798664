/**
 * One Supabase MFA element on a page: owns the auth client and the session generations, and
 * gives the element's handlers (handlers.ts, webauthn-actions.ts) a small interface
 * (HandlerContext). Its parts, one job each:
 *  - runner.ts: runs every action, Sign out included, under its lock (one lock mechanism);
 *  - session-states.ts: the pure mapping from a session snapshot to states and events;
 *  - here: connecting to the project, checking a restored session, signing out locally, and
 *    applying the session's states.
 * Session generations: a sign-out, a new sign-in / set session, a rejected session or a new
 * project ends the generation. Its requests are aborted, and whatever it started publishes
 * nothing, fires nothing and stores nothing afterwards (shared/session-guard.ts).
 * A session restored from storage is published at once (no request), then checked with the
 * server in the background (restored-check.ts); a session the server rejects is signed out locally.
 * The states drive the page's UI; they are never proof of identity (see the README).
 */
import type { User } from '@supabase/supabase-js';
import { advertisedIssuer, askAboutToken } from '../../shared/auth-api.js';
import { revokeSession } from '../../actions/sign-out.js';
import { clientConfig, createAuthClient, projectIssuer, type ClientConfig, type SupabaseAuth } from '../../shared/client.js';
import { asSetupProblem, MfaError, messageFor, sessionChanged } from '../../shared/errors.js';
import { call } from '../../shared/call.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, guardedStorage, RequestGate, sameIssuer, type GuardedStorage } from '../../shared/session-guard.js';
import { jwtClaims, stringClaim } from '../../shared/jwt-claims.js';
import { exchangeEmailCode } from '../../actions/exchange-email-code.js';
import { readEmailLink, withoutLink } from './email-link.js';
import { showSignedIn } from './show-signed-in.js';
import { registry } from '../../shared/bubble/registry.js';
import { summarizeFactors, type FactorSummary, type RememberedFactor } from '../../shared/factors.js';
import type { Ceremony } from '../../actions/webauthn-ceremony.js';
import { detectWebAuthnSupport } from '../../shared/webauthn-support.js';
import type { ElementView } from '../../shared/bubble/element-view.js';
import { reportTo, type FailureReporter } from '../../shared/bubble/guard.js';
import type { BubbleContext } from '../../shared/bubble/types.js';
import { readSessionSnapshot, SIGNED_OUT, type Assurance, type SessionSnapshot } from '../../shared/session-snapshot.js';
import {
  CLIENT_KEY_CAPTIONS,
  SUPABASE_MFA_INITIAL_STATES,
  type SupabaseMfaEvent,
  type SupabaseMfaFields,
  type SupabaseMfaStates,
} from '../../shared/generated/plugin.js';
import { mapResult, ok, type Result } from '../../shared/result.js';
import { RestoredCheck } from './restored-check.js';
import { ActionRunner, type OnSuccess, type RunOptions, type Work } from './runner.js';
import { assuranceFor, ENROLLMENT_CLEARED, factorStates, isUserSwitch, statesFor, type Previous, type Transition } from './session-states.js';

/**
 * Answers meaning the session is dead on the server: sign out here too. (auth-js turns the
 * server's session_not_found into its "session missing" error, our no_session.)
 */
const SESSION_GONE = new Set([
  'bad_jwt',
  'session_not_found',
  'no_session',
  'session_expired',
  'refresh_token_not_found',
  'refresh_token_already_used',
  'user_not_found',
  'user_banned',
]);

/** The request timeout; tests shorten it through the plugin's global (window.SupabaseMfaBubble.settings). */
function requestTimeoutMs(): number {
  const ms = registry().settings.requestTimeoutMs;
  return typeof ms === 'number' && ms > 0 ? ms : DEFAULT_REQUEST_TIMEOUT_MS;
}

export type MfaView = ElementView<SupabaseMfaStates, SupabaseMfaEvent>;

export interface ControllerOptions {
  /** Test seam: the fetch under the request gate (default: the page's fetch at call time). */
  fetch?: typeof fetch;
}

/** What the element's handlers may do: run actions, read and publish states, nothing else. */
export interface HandlerContext {
  readonly view: MfaView;
  /** Runs one action under its lock (runner.ts). */
  run<T>(name: string, work: Work<T> | null, onSuccess: OnSuccess<T>, opts?: RunOptions): Promise<void>;
  /** Holds the action's lock (Is busy) while a part of the runtime loads, then starts it (runner.ts). */
  prepare<T>(name: string, lock: string, load: () => Promise<T>, next: (value: T) => unknown): Promise<void>;
  /** For handlers that need no request (no busy state, no lock). */
  runLocal(name: string, work: () => MfaError | undefined): void;
  /** Whether work started in `generation` may still publish. */
  live(generation: number): boolean;
  /** Re-reads the session into the states. */
  sync(): Promise<Result<SessionSnapshot>>;
  fail(name: string, error: MfaError): void;
  publishAssurance(a: Assurance): void;
  publishFactors(factors: readonly FactorSummary[]): void;
  rememberedFactor(): RememberedFactor;
  rememberFactor(states: Partial<SupabaseMfaStates> & Pick<SupabaseMfaStates, 'factor_id' | 'factor_type'>): void;
  knownFactors(): readonly FactorSummary[];
  clearEnrollment(): void;
  /** The issuer of the last stored session refused for naming another project, or null. */
  refusedIssuer(): string | null;
  /** A session this page received but refused is revoked on the server and removed from storage. */
  discardRefused(): Promise<void>;
  /** The stored access token (no request), for Sign out. */
  storedAccessToken(): string | null;
  /**
   * The access token for revoking every session or the other ones: the stored one, refreshed first
   * when it has expired (a request only then), because the server revokes nothing for an expired
   * token, and a local sign-out would take the refresh token with it.
   */
  currentAccessToken(): Promise<string | null>;
  /** The element's TOTP issuer field. */
  totpIssuer(): string | null;
  /** Registers the security key / passkey prompt now open (for Cancel); returns its unregister. */
  openCeremony(ceremony: Ceremony): () => void;
  /** Cancels the prompt now open, if any. */
  cancelCeremony(): void;
}

export class MfaController implements HandlerContext {
  #auth: SupabaseAuth | null = null;
  #storage: GuardedStorage | null = null;
  /** The project this page is connected to, or null. */
  #config: ClientConfig | null = null;
  /** The raw URL / key / storage key of the last update(), so unchanged fields are not checked again. */
  #rawConfigKey: string | null = null;
  #unsubscribe: (() => void) | null = null;
  /** The restored session has not been checked with the server yet. */
  #validationPending = false;
  /** The user the server named for a stored token the storage guard asked about (no issuer), until the background check takes it. */
  #confirmedByStorage: { token: string; user: User } | null = null;
  /** The check of the restored session while it runs or waits to be tried again. */
  #restoredCheck: RestoredCheck | null = null;
  /** True while this page removes its own session (auth-js then reports SIGNED_OUT). */
  #signingOutHere = false;
  readonly #gate: RequestGate;
  readonly #runner: ActionRunner;
  #lastConfigError = '';
  /** What the factor list states show, kept as objects so defaults need not read the lists back. */
  #factors: readonly FactorSummary[] = [];
  #fields: SupabaseMfaFields | null = null;
  /** The security key / passkey prompt now open, for the Cancel action. */
  #ceremony: Ceremony | null = null;
  readonly #report: FailureReporter;
  readonly #context: BubbleContext | null;

  constructor(
    readonly view: MfaView,
    context: BubbleContext | null,
    options: ControllerOptions = {},
  ) {
    this.#context = context;
    this.#report = reportTo(context);
    this.#gate = new RequestGate(() => options.fetch ?? ((input, init) => globalThis.fetch(input, init)), requestTimeoutMs);
    this.#runner = new ActionRunner({
      auth: () => this.#auth,
      generation: () => this.#gate.generation,
      generationSignal: () => this.#gate.signal,
      live: (generation, auth) => this.#live(generation, auth),
      beginSession: () => {
        // What this action signs in with comes from the server now: nothing restored to check.
        this.#validationPending = false;
        this.#endGeneration();
        this.#storage?.open();
      },
      signOutHere: () => this.#signOutHere(),
      busy: (busy, starting) =>
        this.view.publishAll(starting ? { is_busy: busy, error_code: null, error_message: null, setup_problem: null } : { is_busy: busy }),
      fail: (name, error) => this.fail(name, error),
      report: (message) => this.#report(message),
      notConnected: (name) => this.#notConnected(name),
      sessionGone: (error) => SESSION_GONE.has(error.code),
      actionStarting: () => this.#restoredCheck?.retryNow(),
    });
  }

  /** Whether work started in `generation` (on this client) may still publish. */
  live(generation: number): boolean {
    return this.#live(generation, this.#auth);
  }

  #live(generation: number, auth: SupabaseAuth | null): boolean {
    return this.#gate.isCurrent(generation) && auth === this.#auth && auth !== null;
  }

  /** Ends the session generation: aborts its requests, frees its actions' locks. */
  #endGeneration(): number {
    const generation = this.#gate.next();
    this.#runner.endGeneration();
    this.#restoredCheck?.stop();
    this.#restoredCheck = null;
    return generation;
  }

  /** initialize(): every state gets its initial value; if the plugin keys are set, connect now. */
  start(): void {
    this.view.publishAll(SUPABASE_MFA_INITIAL_STATES);
    void detectWebAuthnSupport().then((support) => this.view.publishAll(support));
    // Field overrides only arrive with update(); with none, the keys are all we need, and
    // connecting here restores the session as early as possible.
    const config = this.#configFrom(null);
    if (!config.error) this.#connect(config.data);
  }

  /** update(): (re)connect only when the effective URL / key / storage key changed. */
  configure(fields: SupabaseMfaFields): void {
    this.#fields = fields;
    // update() runs on every change of any field: the connection depends on three of them.
    const raw = JSON.stringify([fields.supabase_url, fields.anon_key, fields.storage_key]);
    if (raw === this.#rawConfigKey) return;
    this.#rawConfigKey = raw;
    const config = this.#configFrom(fields);
    if (config.error) {
      // The project is no longer known: fail closed, nothing of the previous one stays on the page.
      if (this.#auth) {
        this.#disconnect();
        this.#config = null;
        this.#endGeneration();
        this.#publishSnapshot(SIGNED_OUT);
      }
      // update() runs often; report a given configuration problem once, not on every run.
      const signature = `${config.error.code}:${config.error.message}`;
      if (signature !== this.#lastConfigError) {
        this.#lastConfigError = signature;
        this.fail('settings', asSetupProblem(config.error));
      }
      return;
    }
    this.#lastConfigError = '';
    this.#connect(config.data);
  }

  #configFrom(fields: SupabaseMfaFields | null): ReturnType<typeof clientConfig> {
    const keys = this.#context?.keys ?? {};
    return clientConfig({
      url: fields?.supabase_url || keys[CLIENT_KEY_CAPTIONS.supabase_url],
      anonKey: fields?.anon_key || keys[CLIENT_KEY_CAPTIONS.anon_key],
      storageKey: fields?.storage_key,
    });
  }

  #connect(config: ClientConfig): void {
    const current = this.#config;
    if (current && current.url === config.url && current.anonKey === config.anonKey && current.storageKey === config.storageKey) return;
    const reconnect = this.#auth !== null;
    this.#disconnect();
    this.#config = config;
    // A new project: nothing of the previous one may publish or be sent to the new one.
    this.#endGeneration();
    if (reconnect) this.#publishSnapshot(SIGNED_OUT);
    // Which issuer the server names (asked only when a stored token names another than the URL).
    // An answer that comes after a failed question may make a stored session acceptable that the
    // states show as signed out: read the session again then (it is then checked with the server).
    let failedBefore = false;
    const lookup = async () => {
      const answer = await advertisedIssuer(config.url, config.anonKey, this.#gate.fetch);
      if (answer === null) failedBefore = true;
      else if (failedBefore) {
        failedBefore = false;
        setTimeout(() => {
          if (this.#auth === auth) void this.sync();
        }, 0);
      }
      return answer;
    };
    // A stored token that names no issuer (a server that advertises none) is taken only once the server accepts it.
    // Its answer (the user) is kept, so the background check of that session needs no second request.
    const check = async (token: string) => {
      const verdict = await askAboutToken(config.url, config.anonKey, token, this.#gate.fetch);
      if (verdict !== null && verdict !== 'gone') this.#confirmedByStorage = { token, user: verdict.user };
      return verdict;
    };
    const storage = guardedStorage(config.storageKey, projectIssuer(config.url), undefined, lookup, check);
    this.#storage = storage;
    const auth = createAuthClient(config, { fetch: this.#gate.fetch, storage });
    this.#auth = auth;
    this.#validationPending = true;
    // auth-js warns against calling auth methods inside this callback (it holds a lock):
    // defer the sync to a fresh task. INITIAL_SESSION arrives once the stored session is restored.
    const { data } = auth.onAuthStateChange((event, session) => {
      if (this.#auth !== auth) return;
      // At once, before auth-js goes on: an answer in flight must find its generation ended.
      this.#sessionReported(event, session?.user?.id ?? null);
      const generation = this.#gate.generation;
      setTimeout(() => {
        if (this.#auth !== auth) return;
        // A refresh changes the tokens only: the new access token is published as it came. Reading
        // the session again would refresh once more when tokens live less than auth-js's 90-second
        // margin, and that refresh would come back here: a loop of one refresh a second.
        if (event === 'TOKEN_REFRESHED' && session) {
          if (this.#live(generation, auth)) this.view.publish('access_token', session.access_token);
        } else void this.sync();
      }, 0);
    });
    // Another tab's write reaches this tab's localStorage after its broadcast may have: read again
    // when the stored session itself changes; its removal there is a sign-out here.
    const page = globalThis as { addEventListener?: typeof addEventListener; removeEventListener?: typeof removeEventListener };
    const onStorage = (e: Event) => {
      const { key, newValue } = e as StorageEvent;
      if (key !== config.storageKey || this.#auth !== auth) return;
      if (newValue === null && this.view.current('is_signed_in') === true) this.#sessionReported('SIGNED_OUT', null);
      setTimeout(() => {
        if (this.#auth === auth) void this.sync();
      }, 0);
    };
    page.addEventListener?.('storage', onStorage);
    this.#unsubscribe = () => {
      data.subscription.unsubscribe();
      page.removeEventListener?.('storage', onStorage);
    };
    this.#openEmailLink(auth, config, storage);
  }

  /**
   * An email link that opened this page (email-link.ts): tokens in the fragment leave the address
   * bar at once and, when they are this project's, are revoked (never adopted); the PKCE code of a
   * link this browser asked for (its code verifier is here) is exchanged for a session, like Sign
   * in (auth-js keeps the verifier of the latest flow under this key). Any other `code` (another
   * shape, beside OAuth response parameters or a flow id, or no verifier here) is another sign-in's,
   * such as an OAuth callback of another integration: left in the address, nothing sent.
   */
  #openEmailLink(auth: SupabaseAuth, config: ClientConfig, storage: GuardedStorage): void {
    const page = globalThis as { location?: { href: string }; history?: { state: unknown; replaceState(state: unknown, unused: string, url: string): void } };
    if (!page.location || !page.history) return;
    const link = readEmailLink(page.location.href);
    const code = link.code;
    const verifier = storage.getItem(`${config.storageKey}-code-verifier`);
    const ours = code !== null && typeof verifier === 'string' && verifier !== '';
    if (!link.tokens && !ours) return;
    try {
      page.history.replaceState(page.history.state, '', withoutLink(page.location.href, { code: ours, tokens: link.tokens }));
    } catch {
      // A sandboxed frame may refuse: the exchange and the revoke still happen.
    }
    if (link.accessToken) void this.#revokeLinkToken(auth, config, link.accessToken);
    if (ours) {
      void this.#runner.run(
        'email_link',
        (a) => exchangeEmailCode(a, code),
        async (_, generation) => {
          await showSignedIn(this, 'email_link', generation);
        },
        { newSession: () => true },
      );
    }
  }

  /** Tokens an implicit-flow link left in the address: revoked when they are this project's (never sent to another). */
  async #revokeLinkToken(auth: SupabaseAuth, config: ClientConfig, token: string): Promise<void> {
    const iss = stringClaim(token, 'iss');
    let ours = sameIssuer(iss, projectIssuer(config.url));
    if (!ours) {
      const advertised = await advertisedIssuer(config.url, config.anonKey, this.#gate.fetch);
      ours = advertised === '' ? iss === null && jwtClaims(token) !== null : advertised !== null && sameIssuer(iss, advertised);
    }
    if (!ours || this.#auth !== auth) return;
    const revoked = await revokeSession(auth, token, 'local');
    this.#report(
      revoked.error
        ? `Supabase MFA: tokens an email link left in the page address were removed, but could not be revoked [${revoked.error.code}].`
        : 'Supabase MFA: tokens an email link left in the page address were removed and revoked (never used); the user signs in to continue.',
    );
  }

  /**
   * What auth-js reports about the session, whoever caused it: a sign-out in another tab (its
   * broadcast), another plugin sharing the storage key, a refresh the server refused, another
   * user. A sign-out this page did not start ends the session generation exactly like Sign out;
   * another user than the one shown ends it too (the states follow with the next read). Our own
   * sign-in / set session / passkey sign-in reports its new user while it runs: that is not a change.
   */
  #sessionReported(event: string, userId: string | null): void {
    if (event === 'SIGNED_OUT') {
      if (this.#signingOutHere) return;
      this.#endGeneration();
      this.#storage?.seal();
      this.#publishSnapshot(SIGNED_OUT);
      return;
    }
    if (userId === null || this.#runner.startingSession()) return;
    // Signed in elsewhere (another tab): the sign-out seal no longer applies, its refreshes may be stored.
    if (event === 'SIGNED_IN') this.#storage?.open();
    const shown = this.#previous();
    if (shown.signedIn && userId !== shown.userId) this.#endGeneration();
  }

  #disconnect(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    if (this.#auth) void this.#auth.stopAutoRefresh().catch(() => undefined);
    this.#auth = null;
    this.#storage = null;
  }

  /**
   * Re-reads the session (no request unless the token must be refreshed) into the states.
   * A read that started before the generation ended publishes nothing.
   */
  async sync(): Promise<Result<SessionSnapshot>> {
    const auth = this.#auth;
    if (!auth) return { data: null, error: new MfaError('not_ready', 'Not connected.') };
    const generation = this.#gate.generation;
    const snap = await readSessionSnapshot(auth);
    if (!this.#live(generation, auth)) return { data: null, error: sessionChanged() };
    if (snap.error) {
      if (SESSION_GONE.has(snap.error.code)) {
        // Not a session (its user is not its token's): never shown, removed.
        this.#report(`Supabase MFA: the stored session was refused [${snap.error.code}]; signed out on this page.`);
        await this.#signOutHere();
      } else this.fail('session', snap.error);
      return snap;
    }
    this.#publishSnapshot(snap.data);
    // The first session this connection finds without having made it (a stored one, possibly
    // taken only later, once the server confirmed its issuer) is checked with the server once.
    if (this.#validationPending && snap.data.signedIn) {
      this.#validationPending = false;
      this.#checkRestored(auth, generation);
    }
    return snap;
  }

  /**
   * A stored session is only what this browser kept (or what someone wrote there): once per
   * connection, ask the server about it (restored-check.ts).
   */
  #checkRestored(auth: SupabaseAuth, generation: number): void {
    this.#restoredCheck?.stop();
    const check = new RestoredCheck({
      askServer: async () => {
        // The storage guard already asked the server about this very token: take that answer once.
        const known = this.#confirmedByStorage;
        this.#confirmedByStorage = null;
        if (known && known.token === this.#storage?.storedAccessToken()) return ok(known.user);
        return mapResult(await call(() => auth.getUser()), (d) => d.user);
      },
      live: () => this.#live(generation, auth),
      gone: (error) => SESSION_GONE.has(error.code),
      shownUserId: () => this.view.current('user_id') ?? null,
      confirmed: (user) => {
        this.view.publish('user_email', user.email ?? null);
        this.publishFactors(summarizeFactors(user.factors));
      },
      signOutHere: () => this.#signOutHere(),
      report: (message) => this.#report(message),
    });
    this.#restoredCheck = check;
    void check.run();
  }

  /** Removes the session from this page without a request, seals storage, publishes signed out; the new generation. */
  async #signOutHere(): Promise<number> {
    const auth = this.#auth;
    const generation = this.#endGeneration();
    this.#storage?.seal();
    if (auth) {
      // auth-js reports this sign-out (SIGNED_OUT) while it runs: it is ours, the generation already ended.
      this.#signingOutHere = true;
      try {
        await this.#gate.offline(() => auth.signOut({ scope: 'local' })).catch(() => undefined);
      } finally {
        this.#signingOutHere = false;
      }
    }
    if (this.#live(generation, auth)) this.#publishSnapshot(SIGNED_OUT);
    return generation;
  }

  refusedIssuer(): string | null {
    return this.#storage?.refusedIssuer() ?? null;
  }

  async discardRefused(): Promise<void> {
    const auth = this.#auth;
    const token = this.#storage?.takeRefused() ?? null;
    // The server knows this session (it just issued it): end it there too. A failure is left to
    // the debugger: the page already reports the refusal itself.
    if (!auth || !token) return;
    const revoked = await revokeSession(auth, token, 'local');
    if (revoked.error) this.#report(`Supabase MFA: a session this page refused could not be revoked [${revoked.error.code}].`);
  }

  /** The stored access token, read without a request (a refresh would need the network). */
  storedAccessToken(): string | null {
    return this.#storage?.storedAccessToken() ?? null;
  }

  async currentAccessToken(): Promise<string | null> {
    const auth = this.#auth;
    const stored = this.storedAccessToken();
    if (!auth || !stored) return stored;
    // auth-js's getSession reads storage and refreshes only a session that has expired (or is about to).
    const current = await call(() => auth.getSession());
    return current.data?.session?.access_token ?? stored;
  }

  totpIssuer(): string | null {
    return this.#fields?.totp_issuer ?? null;
  }

  openCeremony(ceremony: Ceremony): () => void {
    this.#ceremony = ceremony;
    return () => {
      if (this.#ceremony === ceremony) this.#ceremony = null;
    };
  }

  cancelCeremony(): void {
    this.#ceremony?.cancel();
  }

  #previous(): Previous {
    const v = this.view;
    return {
      signedIn: v.current('is_signed_in') === true,
      userId: v.current('user_id') ?? null,
      currentLevel: v.current('current_level') ?? null,
      nextLevel: v.current('next_level') ?? null,
      factor: this.rememberedFactor(),
    };
  }

  /** Publishes a transition's states, then fires its events. */
  #apply(t: Transition): void {
    this.view.publishAll(t.states);
    for (const event of t.events) this.view.trigger(event);
  }

  #publishSnapshot(s: SessionSnapshot): void {
    // Another user without a sign-out in between: nothing of the first user stays, and workflows
    // see the first session end before the next begins.
    if (isUserSwitch(s, this.#previous())) this.#publishSnapshot(SIGNED_OUT);
    const t = statesFor(s, this.#previous());
    this.#factors = s.factors;
    // A security key prompt opened for the user who just left must not finish for them.
    if (t.events.includes('signed_out')) this.#ceremony?.cancel();
    this.#apply(t);
  }

  publishAssurance(a: Assurance): void {
    this.#apply(assuranceFor(a, this.#previous()));
  }

  publishFactors(factors: readonly FactorSummary[]): void {
    this.#factors = factors;
    this.view.publishAll(factorStates(factors, this.rememberedFactor()));
  }

  /** The factor this page last enrolled, challenged or verified (its Factor id / Factor type states). */
  rememberedFactor(): RememberedFactor {
    return { id: this.view.current('factor_id') ?? null, type: this.view.current('factor_type') ?? null };
  }

  /** Sets Factor id / Factor type (and what goes with them); the by-type states follow. */
  rememberFactor(states: Partial<SupabaseMfaStates> & Pick<SupabaseMfaStates, 'factor_id' | 'factor_type'>): void {
    this.view.publishAll(states);
    this.view.publishAll(factorStates(this.#factors, this.rememberedFactor()));
  }

  /** The enrollment secret, URI and QR are only needed until the first successful verify. */
  clearEnrollment(): void {
    this.view.publishAll(ENROLLMENT_CLEARED);
  }

  /** The factors currently published, for defaults like "the user's only verified factor". */
  knownFactors(): readonly FactorSummary[] {
    return this.#factors;
  }

  fail(label: string, error: MfaError): void {
    // error_message is for end users; what the builder must fix goes to Setup problem and the debugger.
    this.view.publishAll({ error_code: error.code, error_message: error.message, setup_problem: error.detail ?? null });
    this.view.trigger('error');
    // Only the code and our messages: never tokens, secrets or keys.
    this.#report(
      error.detail
        ? `Supabase MFA: Setup problem in ${label}: ${error.detail} [${error.code}]`
        : `Supabase MFA: ${label} failed: [${error.code}] ${error.message}`,
    );
  }

  /** An action arrived with no connection: the settings' problem, or not ready yet. */
  #notConnected(name: string): void {
    const config = this.#configFrom(this.#fields);
    this.fail(name, config.error ? asSetupProblem(config.error) : new MfaError('not_ready', messageFor('not_ready')));
  }

  run<T>(name: string, work: Work<T> | null, onSuccess: OnSuccess<T>, opts?: RunOptions): Promise<void> {
    return this.#runner.run(name, work, onSuccess, opts);
  }

  prepare<T>(name: string, lock: string, load: () => Promise<T>, next: (value: T) => unknown): Promise<void> {
    return this.#runner.prepare(name, lock, load, next);
  }

  runLocal(name: string, work: () => MfaError | undefined): void {
    const error = work();
    if (error) this.fail(name, error);
  }
}
