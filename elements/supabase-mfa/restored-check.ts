/**
 * The check of a session restored from storage: the page publishes it at once (no request), then
 * asks the server about it (GET /user). The server's answer decides:
 *  - the session or user is gone (session_not_found, user_banned, …): signed out here;
 *  - it answers for another user than the one published: signed out here;
 *  - it confirms the user: the name and factors shown come from its answer;
 *  - it could not be asked (network, 5xx, 429, timeout): tried again after 1 s, 2 s, 4 s … (at
 *    most a minute apart), and at once when the next action starts, until it answers;
 *  - any other answer: kept, and not asked again.
 */
import type { User } from '@supabase/supabase-js';
import type { MfaError } from '../../shared/errors.js';
import type { Result } from '../../shared/result.js';

/** The server could not be asked (network, no answer in time, 5xx, 429): worth asking again. */
function couldNotAsk(error: MfaError): boolean {
  const status = error.status ?? 0;
  return error.code === 'network_error' || error.code === 'request_timeout' || status === 429 || status >= 500;
}

/** The wait before try number `failures + 1` of a check that could not be made. */
export function retryDelayMs(failures: number): number {
  return Math.min(60_000, 1000 * 2 ** Math.max(0, failures - 1));
}

export interface CheckHost {
  /** GET /user with the session (auth-js's getUser). */
  askServer(): Promise<Result<User>>;
  /** Whether the session generation the check belongs to is still current. */
  live(): boolean;
  /** The session or user is gone on the server. */
  gone(error: MfaError): boolean;
  /** The user id now published. */
  shownUserId(): string | null;
  /** The server confirmed the user: publish what it said. */
  confirmed(user: User): void;
  signOutHere(): Promise<unknown>;
  report(message: string): void;
}

export class RestoredCheck {
  #failures = 0;
  #running = false;
  #over = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: CheckHost) {}

  /** Asks the server now (unless a question is already out or the check is over). */
  async run(): Promise<void> {
    if (this.#over || this.#running) return;
    clearTimeout(this.#timer);
    this.#running = true;
    let res: Result<User>;
    try {
      res = await this.host.askServer();
    } finally {
      this.#running = false;
    }
    // auth-js may already have removed a session the server no longer knows (its SIGNED_OUT ended
    // the generation and stopped this check): the answer is still told.
    if (res.error && this.host.gone(res.error)) {
      this.stop();
      this.host.report(`Supabase MFA: the stored session was rejected by Supabase [${res.error.code}]; signed out on this page.`);
      if (this.host.live()) await this.host.signOutHere();
      return;
    }
    if (this.#over || !this.host.live()) return this.stop();
    if (res.error && !couldNotAsk(res.error)) {
      // An answer, but not one about this session (e.g. a stand-in server's 404): asking again would not change it.
      this.stop();
      this.host.report(`Supabase MFA: the stored session could not be checked with Supabase [${res.error.code}]; kept.`);
      return;
    }
    if (res.error) {
      this.#failures += 1;
      const ms = retryDelayMs(this.#failures);
      this.host.report(
        `Supabase MFA: the stored session could not be checked with Supabase [${res.error.code}]; kept for now, asked again in ${Math.round(ms / 1000)} s or at the next action.`,
      );
      this.#timer = setTimeout(() => void this.run(), ms);
      return;
    }
    this.stop();
    if (res.data.id !== this.host.shownUserId()) {
      this.host.report('Supabase MFA: Supabase answered for another user than the stored session names; signed out on this page.');
      await this.host.signOutHere();
      return;
    }
    this.host.confirmed(res.data);
  }

  /** The next action starts: a check still waiting to be tried again is tried now. */
  retryNow(): void {
    if (this.#failures > 0) void this.run();
  }

  /** The session generation ended (or the check is settled): no more questions. */
  stop(): void {
    this.#over = true;
    clearTimeout(this.#timer);
  }
}
