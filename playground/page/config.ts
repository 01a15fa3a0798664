/**
 * What the playground server tells its page (window.__PLAYGROUND__), shared by both sides.
 * Types and constants only: the page bundle and the Node server both import it.
 */
import type { MfaHarnessRpc } from '../../dev/mfa-harness/in-page.js';

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
/** The id of the HTML element that shows MFA's QR code (SVG), as the how-to does. */
export const QR_HTML_ELEMENT = 'qr-html-element';

/** The issuer users see in their authenticator app. */
export const TOTP_ISSUER = 'Supabase MFA Playground';

/** How to point the playground at a real project (printed and shown on the page). */
export const REMOTE_HINT = 'SUPABASE_URL=https://<project-ref>.supabase.co SUPABASE_ANON_KEY=<anon key> SUPABASE_SERVICE_ROLE_KEY=<service role key> npm start';

/** Answer of POST /playground/signup. */
export type SignupAnswer = { ok: true; email: string } | { ok: false; error_code: string; error_message: string };

/** Answer of POST /playground/protected: the server-side check's verdict and whether the protected step ran. */
export interface ProtectedAnswer {
  performed: boolean;
  /** How many times the protected step has run since the playground started. */
  performed_count: number;
  is_valid: boolean;
  aal: string | null;
  methods: string[];
  error_code: string | null;
  error_message: string | null;
}

/** Answer of GET /playground/sms. */
export interface SmsAnswer {
  messages: Array<{ phone: string; code: string; type: string; sent_at: string }>;
}

/**
 * window.playground: what tests read from the page — the harness page's RPC (JSON-friendly; Dates
 * become { $date }) with the QR DOM checks and the HTML element, and the page's config.
 */
export type PlaygroundRpc = MfaHarnessRpc & { config: PlaygroundPageConfig };
