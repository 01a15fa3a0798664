/**
 * What every WebAuthn action shares: one browser ceremony with its own abort signal (a timeout,
 * and a handle the Cancel action uses), the unsupported-browser error given before any request, and
 * one way to turn whatever auth-js answers or throws into a Result.
 *
 * Without a signal auth-js waits for the browser as long as the browser likes (300 s when no
 * authenticator matches), so every ceremony here has one.
 */
import { fail, ok, type Result } from '../shared/result.js';
import { toWebAuthnError, webAuthnError, type AbortReason } from '../shared/webauthn-errors.js';
import { sessionChanged, setupProblem, type MfaError } from '../shared/errors.js';
import { browserSupportsWebAuthn } from '../shared/webauthn-support.js';

export const DEFAULT_TIMEOUT_SECONDS = 120;

export class Ceremony {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  reason: AbortReason | null = null;

  constructor(readonly timeoutMs: number) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Starts the clock (when the request begins, not when the action was clicked). */
  start(): void {
    this.timer ??= setTimeout(() => this.abort('timeout'), this.timeoutMs);
  }

  cancel(): void {
    this.abort('cancelled');
  }

  finish(): void {
    clearTimeout(this.timer);
  }

  private abort(reason: AbortReason): void {
    if (this.reason) return;
    this.reason = reason;
    this.controller.abort();
  }
}

/** The builder's timeout in seconds (5 to 600), or the default; checked before any request. */
export function ceremonyTimeout(value: unknown): Result<number> {
  if (value === null || value === undefined || value === '') return ok(DEFAULT_TIMEOUT_SECONDS * 1000);
  const seconds = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isFinite(seconds) || seconds < 5 || seconds > 600) return fail(setupProblem('The timeout must be between 5 and 600 seconds.'));
  return ok(Math.round(seconds * 1000));
}

/** The unsupported-browser error, or null when the ceremony can run. */
export function unsupported(): MfaError | null {
  return browserSupportsWebAuthn() ? null : webAuthnError('webauthn_unsupported');
}

/** Where the page is: the RP id and origin auth-js sends along (the server decides what it accepts). */
export function pageRp(): { rpId: string; rpOrigins: string[] } {
  return { rpId: globalThis.location.hostname, rpOrigins: [globalThis.location.origin] };
}

/**
 * Runs one auth-js WebAuthn call (its {data, error}, a rejection or a throw) under `ceremony`,
 * mapping failures with toWebAuthnError. `kind` says whether the browser creates or gets a
 * credential (InvalidStateError means different things for each). Once `signal` is aborted
 * nothing is sent (see call).
 */
export async function ceremonyCall<T>(
  ceremony: Pick<Ceremony, 'reason'>,
  kind: 'create' | 'get',
  fn: () => Promise<{ data: T | null; error: unknown }>,
  signal?: AbortSignal,
): Promise<Result<T>> {
  if (signal?.aborted) return fail(sessionChanged());
  try {
    const { data, error } = await fn();
    if (error || data === null || data === undefined) return fail(toWebAuthnError(error ?? new Error('empty answer'), ceremony.reason, kind));
    return ok(data);
  } catch (e) {
    return fail(toWebAuthnError(e, ceremony.reason, kind));
  }
}
