/**
 * One Supabase MFA element on a page: owns the auth client, mirrors the session into states,
 * and runs the element actions with the plugin's rules:
 *  - one request per action at a time: a second click while the first is in flight is ignored;
 *  - is_busy while anything is in flight;
 *  - every failure → error_code, error_message, the "error" event and the debugger, never a throw;
 *  - states are updated before the success event fires, so workflows on the event see them.
 */
import { clientConfig, createAuthClient, type ClientConfig, type SupabaseAuth } from '../../shared/client.js';
import { MfaError } from '../../shared/errors.js';
import { factorLists, type FactorSummary } from '../../shared/factors.js';
import { securityKeyStates } from '../../shared/webauthn-factors.js';
import { detectWebAuthnSupport, type Ceremony } from '../../actions/webauthn-ceremony.js';
import type { ElementView } from '../../shared/bubble/element-view.js';
import { reportTo, type FailureReporter } from '../../shared/bubble/guard.js';
import type { BubbleContext } from '../../shared/bubble/types.js';
import { readSessionSnapshot, type Assurance, type SessionSnapshot } from '../../shared/session-snapshot.js';
import {
  CLIENT_KEY_CAPTIONS,
  SUPABASE_MFA_INITIAL_STATES,
  type SupabaseMfaEvent,
  type SupabaseMfaFields,
  type SupabaseMfaStates,
} from '../../shared/generated/plugin.js';
import type { Result } from '../../shared/result.js';

export type MfaView = ElementView<SupabaseMfaStates, SupabaseMfaEvent>;

export interface ControllerOptions {
  /** Test seam: the fetch auth-js uses (the harness counts requests with it). */
  fetch?: typeof fetch;
}

export class MfaController {
  auth: SupabaseAuth | null = null;
  private configKey = '';
  private unsubscribe: (() => void) | null = null;
  private readonly inFlight = new Set<string>();
  private lastConfigError = '';
  /** What the factor list states show, kept as objects so defaults need not read the lists back. */
  private factors: readonly FactorSummary[] = [];
  fields: SupabaseMfaFields | null = null;
  /** The security key / passkey prompt now open, for the Cancel action. */
  ceremony: Ceremony | null = null;
  readonly report: FailureReporter;

  constructor(
    readonly view: MfaView,
    private readonly context: BubbleContext | null,
    private readonly options: ControllerOptions = {},
  ) {
    this.report = reportTo(context);
  }

  /** initialize(): every state gets its initial value; if the plugin keys are set, connect now. */
  start(): void {
    this.view.publishAll(SUPABASE_MFA_INITIAL_STATES);
    void detectWebAuthnSupport().then((support) => this.view.publishAll(support));
    // Field overrides only arrive with update(); with none, the keys are all we need, and
    // connecting here restores the session as early as possible.
    const config = this.configFrom(null);
    if (!config.error) this.connect(config.data);
  }

  /** update(): (re)connect only when the effective URL / key / storage key changed. */
  configure(fields: SupabaseMfaFields): void {
    this.fields = fields;
    const config = this.configFrom(fields);
    if (config.error) {
      // update() runs often; report a given configuration problem once, not on every run.
      const signature = `${config.error.code}:${config.error.message}`;
      if (signature !== this.lastConfigError) {
        this.lastConfigError = signature;
        this.fail('settings', config.error);
      }
      return;
    }
    this.lastConfigError = '';
    this.connect(config.data);
  }

  private configFrom(fields: SupabaseMfaFields | null): ReturnType<typeof clientConfig> {
    const keys = this.context?.keys ?? {};
    return clientConfig({
      url: fields?.supabase_url || keys[CLIENT_KEY_CAPTIONS.supabase_url],
      anonKey: fields?.anon_key || keys[CLIENT_KEY_CAPTIONS.anon_key],
      storageKey: fields?.storage_key,
    });
  }

  private connect(config: ClientConfig): void {
    const key = JSON.stringify(config);
    if (key === this.configKey) return;
    this.disconnect();
    this.configKey = key;
    const auth = createAuthClient(config, this.options.fetch ? { fetch: this.options.fetch } : {});
    this.auth = auth;
    // auth-js warns against calling auth methods inside this callback (it holds a lock):
    // defer the sync to a fresh task. INITIAL_SESSION arrives once the stored session is restored.
    const { data } = auth.onAuthStateChange(() => {
      setTimeout(() => {
        if (this.auth === auth) void this.sync();
      }, 0);
    });
    this.unsubscribe = () => data.subscription.unsubscribe();
  }

  private disconnect(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.auth) void this.auth.stopAutoRefresh().catch(() => undefined);
    this.auth = null;
  }

  /** Re-reads the session (no request unless the token must be refreshed) into the states. */
  async sync(): Promise<Result<SessionSnapshot>> {
    if (!this.auth) return { data: null, error: new MfaError('not_ready', 'Not connected.') };
    const snap = await readSessionSnapshot(this.auth);
    if (snap.error) {
      this.fail('session', snap.error);
      return snap;
    }
    this.publishSnapshot(snap.data);
    return snap;
  }

  publishSnapshot(s: SessionSnapshot): void {
    const v = this.view;
    const wasSignedIn = v.current('is_signed_in') === true;
    const levelsBefore = `${v.current('current_level')}|${v.current('next_level')}`;
    v.publishAll({ is_signed_in: s.signedIn, user_id: s.userId, user_email: s.email });
    this.publishAssurance(s, levelsBefore);
    this.publishFactors(s.factors);
    if (!s.signedIn) this.forgetUserData();
    if (s.signedIn && !wasSignedIn) v.trigger('signed_in');
    if (!s.signedIn && wasSignedIn) {
      // A security key prompt opened for the user who just left must not finish for them.
      this.ceremony?.cancel();
      v.trigger('signed_out');
    }
  }

  publishAssurance(a: Assurance, levelsBefore = `${this.view.current('current_level')}|${this.view.current('next_level')}`): void {
    this.view.publishAll({
      current_level: a.currentLevel,
      next_level: a.nextLevel,
      mfa_required: a.mfaRequired,
      authentication_methods: a.methods,
    });
    if (`${a.currentLevel}|${a.nextLevel}` !== levelsBefore) this.view.trigger('assurance_level_changed');
  }

  publishFactors(factors: FactorSummary[]): void {
    this.factors = factors;
    this.view.publishAll({ ...factorLists(factors), ...securityKeyStates(factors) });
  }

  /** The enrollment secret, URI and QR are only needed until the first successful verify. */
  clearEnrollment(): void {
    this.view.publishAll({ qr_code_svg: null, qr_code_image: null, totp_secret: null, totp_secret_grouped: null, totp_uri: null });
  }

  private forgetUserData(): void {
    this.clearEnrollment();
    this.view.publishAll({ factor_id: null, factor_type: null, challenge_id: null, challenge_expires_at: null });
    this.publishFactors([]);
    this.view.publishAll({ passkey_ids: [], passkey_names: [] });
  }

  /** The factors currently published, for defaults like "the user's only verified factor". */
  knownFactors(): readonly FactorSummary[] {
    return this.factors;
  }

  fail(label: string, error: MfaError): void {
    this.view.publishAll({ error_code: error.code, error_message: error.message });
    this.view.trigger('error');
    // Only the code and our message: never tokens, secrets or keys.
    this.report(`Supabase MFA: ${label} failed: [${error.code}] ${error.message}`);
  }

  /**
   * Runs one action: ignores a repeat while the same action is in flight, keeps is_busy true
   * while anything runs, clears the previous error, and turns a failed Result into the error
   * states/event. `work` returns the Result; `onSuccess` publishes and fires the event.
   * Actions that share a `lock` (the WebAuthn prompts) count as one for the repeat rule.
   */
  async runAction<T>(
    name: string,
    work: (auth: SupabaseAuth) => Promise<Result<T>>,
    onSuccess: (data: T) => void | Promise<void>,
    lock: string = name,
  ): Promise<void> {
    if (this.inFlight.has(lock)) {
      this.report(`Supabase MFA: ${name} is already running; the repeated click was ignored.`);
      return;
    }
    const auth = this.auth;
    if (!auth) {
      const config = this.configFrom(this.fields);
      this.fail(name, config.error ?? new MfaError('not_ready', 'The Supabase MFA element is not ready yet. Try again in a moment.'));
      return;
    }
    this.inFlight.add(lock);
    this.view.publishAll({ is_busy: true, error_code: null, error_message: null });
    try {
      const result = await work(auth);
      if (result.error) this.fail(name, result.error);
      else await onSuccess(result.data);
    } finally {
      this.inFlight.delete(lock);
      this.view.publish('is_busy', this.inFlight.size > 0);
    }
  }

  /** For element actions that need no request (no busy state, no dedupe). */
  runLocal(name: string, work: () => MfaError | undefined): void {
    const error = work();
    if (error) this.fail(name, error);
  }
}
