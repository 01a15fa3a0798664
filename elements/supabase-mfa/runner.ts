/**
 * The one way the MFA element runs an action, Sign out included, with the plugin's rules:
 *  - one lock per action (or per shared `lock`): a second click while the first holds it is
 *    ignored (the debugger is told);
 *  - Is busy while any lock is held in the current session generation;
 *  - the previous error is cleared when an action starts;
 *  - a failed Result → error_code, error_message, the error event and the debugger; a thrown one
 *    too, never a throw into Bubble;
 *  - states are published before the success event fires (onSuccess does both, in that order);
 *  - a result that arrives after its session generation ended is dropped: no state, no event;
 *  - `work` gets a signal aborted when that generation ends, so an action of several requests
 *    sends no further one (auth-js would send it with the session stored now: another user's).
 * The locks are this class's alone; ending a generation (Host.endGeneration) frees them all.
 */
import { MfaError, messageFor } from '../../shared/errors.js';
import type { SupabaseAuth } from '../../shared/client.js';
import { describeThrown } from '../../shared/bubble/guard.js';
import type { Result } from '../../shared/result.js';

export type Work<T> = (auth: SupabaseAuth, signal: AbortSignal) => Promise<Result<T>>;
export type OnSuccess<T> = (data: T, generation: number) => void | Promise<void>;

export interface RunOptions {
  /** Actions that share a lock (the WebAuthn prompts) count as one for the repeat rule. Default: the action's name. */
  lock?: string;
  /**
   * Sign in, Set session, a passkey sign-in: when this answers true (the input passed its check, so
   * a request will be sent), the current session generation ends before the request.
   */
  newSession?: () => boolean;
  /**
   * Sign out: this page's session is removed first, without the network (signed_out fires), and
   * only then is `work` sent, in the new generation. A null `work` means the local part is all.
   */
  localFirst?: boolean;
  /** Whether a failure means this page must sign out too (default: the session is gone, for actions that start none). */
  signOutOn?: (error: MfaError) => boolean;
}

/** What the runner needs from the element. */
export interface RunnerHost {
  /** The connected client, or null. */
  auth(): SupabaseAuth | null;
  /** The current session generation. */
  generation(): number;
  /** Aborted when the current session generation ends (the request gate's own signal). */
  generationSignal(): AbortSignal;
  /** Whether work started in `generation` on `auth` may still publish. */
  live(generation: number, auth: SupabaseAuth): boolean;
  /** Starts a new session generation for a session-starting action (nothing restored to check). */
  beginSession(): void;
  /** Removes the session from this page without a request; resolves to the new generation. */
  signOutHere(): Promise<number>;
  /** Publishes Is busy and, when an action starts, clears the last failure. */
  busy(busy: boolean, starting: boolean): void;
  fail(name: string, error: MfaError): void;
  report(message: string): void;
  /** An action arrived with no connection: the settings' problem, or not ready yet. */
  notConnected(name: string): void;
  /** The session is dead on the server: this page signs out (runner's default for signOutOn). */
  sessionGone(error: MfaError): boolean;
  /** An action is about to start (a restored session's check that could not be made is tried again). */
  actionStarting(): void;
}

export class ActionRunner {
  /** Lock → the session generation whose action holds it. */
  readonly #held = new Map<string, number>();
  /** Locks held while an action's local first step runs (across the generation it ends). */
  readonly #starting = new Set<string>();
  /** Locks of the session-starting actions (sign in, set session, passkey sign-in) now running. */
  readonly #startingSession = new Set<string>();

  constructor(private readonly host: RunnerHost) {}

  /** The session generation ended: its actions' locks are free (their results will be dropped). */
  endGeneration(): void {
    this.#held.clear();
    this.host.busy(false, false);
  }

  /** A sign-in of this page's is running: auth-js reports its new user meanwhile. */
  startingSession(): boolean {
    return this.#startingSession.size > 0;
  }

  #isHeld(lock: string): boolean {
    return this.#held.has(lock) || this.#starting.has(lock);
  }

  #take(lock: string, generation: number): void {
    this.#held.set(lock, generation);
    this.host.busy(true, true);
  }

  /** Frees `lock` (unless a newer run took it) and republishes Is busy. */
  #release(lock: string, generation: number): void {
    if (this.#held.get(lock) === generation) this.#held.delete(lock);
    if (this.host.generation() === generation) this.host.busy(this.#held.size > 0, false);
  }

  #ignoredRepeat(name: string): void {
    this.host.report(`Supabase MFA: ${name} is already running; the repeated click was ignored.`);
  }

  /**
   * Runs one action: `work` returns the Result; `onSuccess` publishes and fires the event (it gets
   * the generation, to check with live() after anything it awaits).
   */
  async run<T>(name: string, work: Work<T> | null, onSuccess: OnSuccess<T>, opts: RunOptions = {}): Promise<void> {
    const lock = opts.lock ?? name;
    if (this.#isHeld(lock)) return this.#ignoredRepeat(name);
    const auth = this.host.auth();
    if (!auth) return this.host.notConnected(name);
    if (opts.localFirst) {
      // The lock covers the local part too: a second click while it runs must not send a second request.
      this.#starting.add(lock);
      try {
        await this.host.signOutHere();
      } finally {
        this.#starting.delete(lock);
      }
    }
    const newSession = !opts.localFirst && opts.newSession?.() === true;
    if (newSession) this.host.beginSession();
    else if (!opts.localFirst) this.host.actionStarting();
    if (!work) return;
    const generation = this.host.generation();
    const signal = this.host.generationSignal();
    this.#take(lock, generation);
    if (newSession) this.#startingSession.add(lock);
    try {
      const result = await work(auth, signal);
      if (!this.host.live(generation, auth)) {
        // A failure saying the session is gone explains the sign-out it caused (auth-js removes
        // such a session itself, which ended the generation): it is still told. Nothing else is.
        if (result.error && this.host.sessionGone(result.error) && this.host.generation() === generation + 1) this.host.fail(name, result.error);
        else this.host.report(`Supabase MFA: ${name} finished after the session changed; its result was discarded.`);
        return;
      }
      if (result.error) {
        const signOut = opts.signOutOn ?? ((e: MfaError) => opts.newSession === undefined && !opts.localFirst && this.host.sessionGone(e));
        if (signOut(result.error)) await this.host.signOutHere();
        this.host.fail(name, result.error);
      } else await onSuccess(result.data, generation);
    } catch (e) {
      // Not expected (work answers with a Result), but never leave Is busy on or throw into Bubble.
      if (this.host.live(generation, auth)) this.host.fail(name, new MfaError('unexpected_error', `${messageFor('unexpected_error')} (${describeThrown(e)})`));
    } finally {
      if (newSession) this.#startingSession.delete(lock);
      this.#release(lock, generation);
    }
  }

  /**
   * Holds `lock` with Is busy yes while `load` runs before an action (a part of the runtime
   * loading), then hands the lock to `next` (which starts the action through run()) without Is
   * busy going to no in between. A repeat meanwhile is ignored like a repeated click; if the
   * session generation ended meanwhile, `next` never runs (the click must not run for the next user).
   */
  async prepare<T>(name: string, lock: string, load: () => Promise<T>, next: (value: T) => unknown): Promise<void> {
    if (this.#isHeld(lock)) return this.#ignoredRepeat(name);
    const generation = this.host.generation();
    this.#take(lock, generation);
    let value: T;
    try {
      value = await load();
    } catch (e) {
      // Not expected (the loaders answer with a Result), but never leave Is busy on or throw into Bubble.
      this.#release(lock, generation);
      this.host.report(`Supabase MFA: ${name} could not start (${describeThrown(e)}).`);
      return;
    }
    if (this.#held.get(lock) === generation) this.#held.delete(lock);
    if (this.host.generation() !== generation) {
      this.host.report(`Supabase MFA: ${name} was dropped: the session changed while it was starting.`);
      return;
    }
    // next() takes the lock back synchronously (run()'s first step), so Is busy stays yes.
    const started = next(value);
    this.host.busy(this.#held.size > 0, false);
    await started;
  }
}
