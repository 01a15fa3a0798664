/**
 * One Supabase MFA element on a page: owns the auth client, mirrors the session into states,
 * and runs the element actions with the plugin's rules:
 *  - one request per action at a time: a second click while the first is in flight is ignored;
 *  - is_busy while anything is in flight;
 *  - every failure → error_code, error_message, the "error" event and the debugger, never a throw;
 *  - states are updated before the success event fires, so workflows on the event see them;
 *  - session generations: a sign-out, a new sign-in / set session, a rejected session or a new
 *    project ends the generation. Its requests are aborted, and whatever it started publishes
 *    nothing, fires nothing and stores nothing afterwards (shared/session-guard.ts);
 *  - a session restored from storage is published at once (no request), then checked once with
 *    the server in the background; a session the server rejects is signed out locally.
 * The states drive the page's UI; they are never proof of identity (see the README).
 */
import { advertisedIssuer } from '../../shared/auth-api.js';
import { clientConfig, createAuthClient, projectIssuer, type ClientConfig, type SupabaseAuth } from '../../shared/client.js';
import { asSetupProblem, MfaError, messageFor } from '../../shared/errors.js';
import { call } from '../../shared/call.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, guardedStorage, RequestGate, type GuardedStorage } from '../../shared/session-guard.js';
import { registry } from '../../shared/bubble/registry.js';
import { revokeSession, signOutScope } from '../../actions/sign-out.js';
import { factorLists, factorsByType, type FactorSummary } from '../../shared/factors.js';
import { securityKeyStates } from '../../shared/webauthn-factors.js';
import type { Ceremony } from '../../actions/webauthn-ceremony.js';
import { detectWebAuthnSupport } from '../../shared/webauthn-support.js';
import type { ElementView } from '../../shared/bubble/element-view.js';
import { describeThrown, reportTo, type FailureReporter } from '../../shared/bubble/guard.js';
import type { BubbleContext } from '../../shared/bubble/types.js';
import { readSessionSnapshot, SIGNED_OUT, type Assurance, type SessionSnapshot } from '../../shared/session-snapshot.js';
import {
  CLIENT_KEY_CAPTIONS,
  SUPABASE_MFA_INITIAL_STATES,
  type SupabaseMfaEvent,
  type SupabaseMfaFields,
  type SupabaseMfaStates,
} from '../../shared/generated/plugin.js';
import type { Result } from '../../shared/result.js';

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

export type ActionSuccess<T> = (data: T, generation: number) => void | Promise<void>;

export class MfaController {
  auth: SupabaseAuth | null = null;
  #storage: GuardedStorage | null = null;
  /** The project this page is connected to, or null. */
  #config: ClientConfig | null = null;
  /** The raw URL / key / storage key of the last update(), so unchanged fields are not checked again. */
  #rawConfigKey: string | null = null;
  #unsubscribe: (() => void) | null = null;
  /** True while Sign out's local part runs (before its request is in flight). */
  #signingOut = false;
  /** Action (or lock) name → the session generation it started in. */
  readonly #inFlight = new Map<string, number>();
  /** The restored session has not been checked with the server yet. */
  #validationPending = false;
  readonly gate: RequestGate;
  #lastConfigError = '';
  /** What the factor list states show, kept as objects so defaults need not read the lists back. */
  #factors: readonly FactorSummary[] = [];
  fields: SupabaseMfaFields | null = null;
  /** The security key / passkey prompt now open, for the Cancel action. */
  ceremony: Ceremony | null = null;
  readonly report: FailureReporter;

  readonly #context: BubbleContext | null;

  constructor(
    readonly view: MfaView,
    context: BubbleContext | null,
    options: ControllerOptions = {},
  ) {
    this.#context = context;
    this.report = reportTo(context);
    this.gate = new RequestGate(() => options.fetch ?? ((input, init) => globalThis.fetch(input, init)), requestTimeoutMs);
  }

  /** Whether work started in `generation` (on this client) may still publish. */
  live(generation: number, auth: SupabaseAuth | null = this.auth): boolean {
    return this.gate.isCurrent(generation) && auth === this.auth && auth !== null;
  }

  /** Ends the session generation: aborts its requests, forgets its in-flight actions. */
  #endGeneration(): number {
    const generation = this.gate.next();
    this.#inFlight.clear();
    this.view.publish('is_busy', false);
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
    this.fields = fields;
    // update() runs on every change of any field: the connection depends on three of them.
    const raw = JSON.stringify([fields.supabase_url, fields.anon_key, fields.storage_key]);
    if (raw === this.#rawConfigKey) return;
    this.#rawConfigKey = raw;
    const config = this.#configFrom(fields);
    if (config.error) {
      // The project is no longer known: fail closed, nothing of the previous one stays on the page.
      if (this.auth) {
        this.#disconnect();
        this.#config = null;
        this.#endGeneration();
        this.publishSnapshot(SIGNED_OUT);
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
    const reconnect = this.auth !== null;
    this.#disconnect();
    this.#config = config;
    // A new project: nothing of the previous one may publish or be sent to the new one.
    this.#endGeneration();
    if (reconnect) this.publishSnapshot(SIGNED_OUT);
    // Which issuer the server names (asked only when a stored token names another than the URL).
    // An answer that comes after a failed question may make a stored session acceptable that the
    // states show as signed out: read the session again then (it is then checked with the server).
    let failedBefore = false;
    const lookup = async () => {
      const answer = await advertisedIssuer(config.url, config.anonKey, this.gate.fetch);
      if (answer === null) failedBefore = true;
      else if (failedBefore) {
        failedBefore = false;
        setTimeout(() => {
          if (this.auth === auth) void this.sync();
        }, 0);
      }
      return answer;
    };
    const storage = guardedStorage(config.storageKey, projectIssuer(config.url), undefined, lookup);
    this.#storage = storage;
    const auth = createAuthClient(config, { fetch: this.gate.fetch, storage });
    this.auth = auth;
    this.#validationPending = true;
    // auth-js warns against calling auth methods inside this callback (it holds a lock):
    // defer the sync to a fresh task. INITIAL_SESSION arrives once the stored session is restored.
    const { data } = auth.onAuthStateChange(() => {
      setTimeout(() => {
        if (this.auth === auth) void this.sync();
      }, 0);
    });
    this.#unsubscribe = () => data.subscription.unsubscribe();
  }

  #disconnect(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    if (this.auth) void this.auth.stopAutoRefresh().catch(() => undefined);
    this.auth = null;
    this.#storage = null;
  }

  /**
   * Re-reads the session (no request unless the token must be refreshed) into the states.
   * A read that started before the generation ended publishes nothing.
   */
  async sync(): Promise<Result<SessionSnapshot>> {
    const auth = this.auth;
    if (!auth) return { data: null, error: new MfaError('not_ready', 'Not connected.') };
    const generation = this.gate.generation;
    const snap = await readSessionSnapshot(auth);
    if (!this.live(generation, auth)) return { data: null, error: new MfaError('not_ready', 'The session changed during the read.') };
    if (snap.error) {
      this.fail('session', snap.error);
      return snap;
    }
    this.publishSnapshot(snap.data);
    // The first session this connection finds without having made it (a stored one, possibly
    // taken only later, once the server confirmed its issuer) is checked with the server once.
    if (this.#validationPending && snap.data.signedIn) {
      this.#validationPending = false;
      void this.#validateRestored(auth, generation);
    }
    return snap;
  }

  /**
   * A stored session is only what this browser kept (or what someone wrote there): once per
   * connection, ask the server about it. Rejected → signed out here.
   */
  async #validateRestored(auth: SupabaseAuth, generation: number): Promise<void> {
    const res = await call(() => auth.getUser());
    if (!this.live(generation, auth)) return;
    if (res.error && SESSION_GONE.has(res.error.code)) {
      this.report(`Supabase MFA: the stored session was rejected by Supabase [${res.error.code}]; signed out on this page.`);
      await this.signOutLocally();
    } else if (res.error) {
      this.report(`Supabase MFA: the stored session could not be checked with Supabase [${res.error.code}]; kept for now.`);
    }
  }

  /** Removes the session from this page without a request, seals storage, publishes signed out. */
  async signOutLocally(): Promise<number> {
    const auth = this.auth;
    const generation = this.#endGeneration();
    this.#storage?.seal();
    if (auth) await this.gate.offline(() => auth.signOut({ scope: 'local' })).catch(() => undefined);
    if (this.live(generation, auth)) this.publishSnapshot(SIGNED_OUT);
    return generation;
  }

  /** The issuer of the last stored session refused for naming another project, or null. */
  refusedIssuer(): string | null {
    return this.#storage?.refusedIssuer() ?? null;
  }

  /** The stored access token, read without a request (a refresh would need the network). */
  #storedAccessToken(): string | null {
    return this.#storage?.storedAccessToken() ?? null;
  }

  /**
   * Sign out. local / global: this page is signed out first, without waiting for the network
   * (signed_out fires), then the server is asked to revoke; if it cannot be, error follows
   * signed_out. others: the server ends the other sessions; if it cannot be reached, this page
   * signs out too and says so.
   */
  async signOut(rawScope: unknown): Promise<void> {
    const checked = signOutScope(rawScope);
    if (checked.error) return this.fail('sign_out', checked.error);
    const scope = checked.data;
    // signingOut covers the local part too: a second click while it runs must not send a second logout.
    if (this.#inFlight.has('sign_out') || this.#signingOut) {
      return this.#ignoredRepeat('sign_out');
    }
    const auth = this.auth;
    if (!auth) return this.#notConnected('sign_out');
    const token = this.#storedAccessToken();
    if (scope === 'others') return this.#signOutOthers(auth, token);
    this.#signingOut = true;
    let generation: number;
    try {
      generation = await this.signOutLocally();
    } finally {
      this.#signingOut = false;
    }
    if (!token) return;
    this.#inFlight.set('sign_out', generation);
    this.view.publishAll({ is_busy: true, error_code: null, error_message: null, setup_problem: null });
    try {
      const revoked = await revokeSession(auth, token, scope);
      if (revoked.error && this.live(generation, auth)) this.fail('sign_out', revoked.error);
    } finally {
      this.#settle('sign_out', generation);
    }
  }

  async #signOutOthers(auth: SupabaseAuth, token: string | null): Promise<void> {
    if (!token) return this.fail('sign_out', new MfaError('no_session', messageFor('no_session')));
    const generation = this.gate.generation;
    this.#inFlight.set('sign_out', generation);
    this.view.publishAll({ is_busy: true, error_code: null, error_message: null, setup_problem: null });
    try {
      const revoked = await revokeSession(auth, token, 'others');
      if (!this.live(generation, auth) || !revoked.error) return;
      // The other sessions may still be alive, or this one is dead: do not stay signed in here.
      await this.signOutLocally();
      this.fail('sign_out', revoked.error);
    } finally {
      this.#settle('sign_out', generation);
    }
  }

  publishSnapshot(s: SessionSnapshot): void {
    const v = this.view;
    const wasSignedIn = v.current('is_signed_in') === true;
    // Another user without a sign-out in between (Sign in / Set session as someone else): nothing
    // of the first user stays, and workflows see the first session end before the next begins.
    if (s.signedIn && wasSignedIn && s.userId !== (v.current('user_id') ?? null)) this.publishSnapshot(SIGNED_OUT);
    const signedInBefore = v.current('is_signed_in') === true;
    const levelsBefore = `${v.current('current_level')}|${v.current('next_level')}`;
    v.publishAll({ is_signed_in: s.signedIn, user_id: s.userId, user_email: s.email, access_token: s.accessToken });
    if (s.signedIn) v.publish('confirmation_email_sent', false);
    this.publishAssurance(s, levelsBefore);
    this.publishFactors(s.factors);
    if (!s.signedIn) this.#forgetUserData();
    if (s.signedIn && !signedInBefore) v.trigger('signed_in');
    if (!s.signedIn && signedInBefore) {
      // A security key prompt opened for the user who just left must not finish for them.
      this.ceremony?.cancel();
      // The last user's failure is not the next user's; a failure that caused this sign-out is published after it.
      v.publishAll({ error_code: null, error_message: null, setup_problem: null });
      v.trigger('signed_out');
    }
  }

  publishAssurance(a: Assurance, levelsBefore = `${this.view.current('current_level')}|${this.view.current('next_level')}`): void {
    this.view.publishAll({
      current_level: a.currentLevel,
      next_level: a.nextLevel,
      mfa_required: a.mfaRequired,
      mfa_passed: a.currentLevel === 'aal2',
      authentication_methods: a.methods,
    });
    if (`${a.currentLevel}|${a.nextLevel}` !== levelsBefore) this.view.trigger('assurance_level_changed');
  }

  publishFactors(factors: FactorSummary[]): void {
    this.#factors = factors;
    this.view.publishAll({ ...factorLists(factors), ...securityKeyStates(factors), ...factorsByType(factors, this.rememberedFactor()) });
  }

  /** The factor this page last enrolled, challenged or verified (its Factor id / Factor type states). */
  rememberedFactor(): { id: string | null; type: string | null } {
    return { id: this.view.current('factor_id') ?? null, type: this.view.current('factor_type') ?? null };
  }

  /** Sets Factor id / Factor type (and what goes with them); the by-type states follow. */
  rememberFactor(states: Partial<SupabaseMfaStates> & Pick<SupabaseMfaStates, 'factor_id' | 'factor_type'>): void {
    this.view.publishAll(states);
    this.view.publishAll(factorsByType(this.#factors, this.rememberedFactor()));
  }

  /** The enrollment secret, URI and QR are only needed until the first successful verify. */
  clearEnrollment(): void {
    this.view.publishAll({ qr_code_svg: null, qr_code_image: null, totp_secret: null, totp_secret_grouped: null, totp_uri: null });
  }

  #forgetUserData(): void {
    this.clearEnrollment();
    this.view.publishAll({ factor_id: null, factor_type: null, challenge_id: null, challenge_expires_at: null, confirmation_email_sent: false });
    this.publishFactors([]);
    this.view.publishAll({ passkey_ids: [], passkey_names: [] });
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
    this.report(
      error.detail
        ? `Supabase MFA: Setup problem in ${label}: ${error.detail} [${error.code}]`
        : `Supabase MFA: ${label} failed: [${error.code}] ${error.message}`,
    );
  }

  #ignoredRepeat(name: string): void {
    this.report(`Supabase MFA: ${name} is already running; the repeated click was ignored.`);
  }

  /** An action arrived with no connection: the settings' problem, or not ready yet. */
  #notConnected(name: string): void {
    const config = this.#configFrom(this.fields);
    this.fail(
      name,
      config.error ? asSetupProblem(config.error) : new MfaError('not_ready', 'The Supabase MFA element is not ready yet. Try again in a moment.'),
    );
  }

  /** An action ended: free its slot (unless a newer run took it) and republish is_busy. */
  #settle(lock: string, generation: number): void {
    if (this.#inFlight.get(lock) === generation) this.#inFlight.delete(lock);
    if (this.gate.isCurrent(generation)) this.view.publish('is_busy', this.#inFlight.size > 0);
  }

  /**
   * Runs one action: ignores a repeat while the same action is in flight, keeps is_busy true
   * while anything runs, clears the previous error, and turns a failed Result into the error
   * states/event. `work` returns the Result; `onSuccess` publishes and fires the event (it gets
   * the generation, to check with live() after anything it awaits). Actions that share a
   * `lock` (the WebAuthn prompts) count as one for the repeat rule. `newSession` (sign in, set
   * session) ends the current generation first. A result that arrives after its generation
   * ended is dropped: no state, no event.
   */
  async runAction<T>(
    name: string,
    work: (auth: SupabaseAuth) => Promise<Result<T>>,
    onSuccess: ActionSuccess<T>,
    opts: { newSession?: () => boolean; lock?: string } = {},
  ): Promise<void> {
    const lock = opts.lock ?? name;
    if (this.#inFlight.has(lock)) {
      return this.#ignoredRepeat(name);
    }
    const auth = this.auth;
    if (!auth) return this.#notConnected(name);
    const newSession = opts.newSession?.() === true;
    if (newSession) {
      // What this action signs in with comes from the server now: nothing restored to check.
      this.#validationPending = false;
      this.#endGeneration();
      this.#storage?.open();
    }
    const generation = this.gate.generation;
    this.#inFlight.set(lock, generation);
    this.view.publishAll({ is_busy: true, error_code: null, error_message: null, setup_problem: null });
    try {
      const result = await work(auth);
      if (!this.live(generation, auth)) {
        this.report(`Supabase MFA: ${name} finished after the session changed; its result was discarded.`);
        return;
      }
      if (result.error) {
        if (SESSION_GONE.has(result.error.code) && opts.newSession === undefined) await this.signOutLocally();
        this.fail(name, result.error);
      } else await onSuccess(result.data, generation);
    } finally {
      this.#settle(lock, generation);
    }
  }

  /**
   * Holds `lock` with is_busy yes while `work` runs before an action (a part of the runtime
   * loading), then hands the lock to `next` (which starts the action) without Is busy going to no
   * in between. A repeat meanwhile is ignored like a repeated click; if the session generation
   * ended meanwhile, `next` never runs (the click must not run for the next user).
   */
  async holding<T>(name: string, lock: string, work: () => Promise<T>, next: (value: T) => unknown): Promise<void> {
    if (this.#inFlight.has(lock)) {
      return this.#ignoredRepeat(name);
    }
    const generation = this.gate.generation;
    this.#inFlight.set(lock, generation);
    // As runAction: the action has started, so the last failure is no longer current.
    this.view.publishAll({ is_busy: true, error_code: null, error_message: null, setup_problem: null });
    let value: T;
    try {
      value = await work();
    } catch (e) {
      // Not expected (the loaders answer with a Result), but never leave Is busy on or throw into Bubble.
      this.#settle(lock, generation);
      this.report(`Supabase MFA: ${name} could not start (${describeThrown(e)}).`);
      return;
    }
    if (this.#inFlight.get(lock) === generation) this.#inFlight.delete(lock);
    if (!this.gate.isCurrent(generation)) {
      this.report(`Supabase MFA: ${name} was dropped: the session changed while it was starting.`);
      return;
    }
    // next() takes the lock back synchronously (runAction's first step), so Is busy stays yes.
    const started = next(value);
    this.view.publish('is_busy', this.#inFlight.size > 0);
    await started;
  }

  /** For element actions that need no request (no busy state, no dedupe). */
  runLocal(name: string, work: () => MfaError | undefined): void {
    const error = work();
    if (error) this.fail(name, error);
  }
}
