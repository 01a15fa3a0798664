/**
 * What the playground server tells its page (window.__PLAYGROUND__), shared by both sides.
 * Types and constants only: the page bundle and the Node server both import it.
 */

/** local: the test bed (real Supabase Auth + PostgreSQL); remote: SUPABASE_URL; none: no server. */
export type PlaygroundMode = 'local' | 'remote' | 'none';

export interface PlaygroundPageConfig {
  mode: PlaygroundMode;
  /** The Supabase URL for the plugin key; null: the page's own origin (the gateway serves /auth/v1 there). */
  supabaseUrl: string | null;
  /** The anon key for the plugin key (public by design; the service role key never reaches the page). */
  anonKey: string;
  /** Element IDs whose headers the server put in <head>, as Bubble does for the elements on a page. */
  elements: string[];
  /** The dev panel with SMS codes (local test bed only). */
  devSms: boolean;
  /** Mode none: one plain sentence saying why there is no server. */
  summary: string | null;
  /** Mode none: the exact reason (e.g. the test bed's AuthServerUnavailableError message). */
  reason: string | null;
}

/** Instance names on the page (Bubble's "Supabase MFA A"); data-show-when conditions use them. */
export const MFA = 'supabase_mfa';
export const QR = 'qr_code';

/** The issuer users see in their authenticator app. */
export const TOTP_ISSUER = 'Supabase MFA Playground';

/** How to point the playground at a real project (printed and shown on the page). */
export const REMOTE_HINT = 'SUPABASE_URL=https://<project-ref>.supabase.co SUPABASE_ANON_KEY=<anon key> SUPABASE_SERVICE_ROLE_KEY=<service role key> npm start';

/** Answer of POST /playground/signup. */
export type SignupAnswer = { ok: true; email: string } | { ok: false; error_code: string; error_message: string };

/** Answer of GET /playground/sms. */
export interface SmsAnswer {
  messages: Array<{ phone: string; code: string; type: string; sent_at: string }>;
}

/**
 * window.playground: what tests read from the page (JSON-friendly; Dates become { $date }).
 * Its own small shape rather than the harness page's window.bubbleHarness, so changes to the
 * harness page's RPC do not ripple into the playground.
 */
export interface PlaygroundRpc {
  ready: true;
  config: PlaygroundPageConfig;
  /** Declared state names of an element instance, in plugin order. */
  stateNames(instance: string): string[];
  states(instance: string): Record<string, unknown>;
  events(instance: string): Array<{ event: string; seq: number; states: Record<string, unknown> }>;
  /** What the harness saw the plugin do that Bubble would not accept (must stay empty). */
  violations(): Array<{ kind: string; where: string; detail: string }>;
  /** Requests the plugin made (the page's own /playground calls are not counted). */
  requests(): Array<{ method: string; url: string }>;
  waitForState(instance: string, state: string, value: unknown, timeout?: number): Promise<void>;
  waitForEvent(instance: string, event: string, after?: number, timeout?: number): Promise<{ event: string; states: Record<string, unknown> }>;
  /** The QR element's DOM, checked to hold only the QR's geometry. */
  qrReport(instance: string): { shape: string; problems: string[]; viewBox: string | null };
}
