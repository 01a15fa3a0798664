// The auth server's Send-SMS hook (GOTRUE_HOOK_SEND_SMS_*): a loopback HTTP endpoint that checks the
// Standard Webhooks signature of each call, records the phone MFA codes and answers 204, so a test
// can read the code the "SMS" would have carried.
//
// Standard Webhooks: signature = base64(HMAC-SHA256(key, `${webhook-id}.${webhook-timestamp}.${body}`)),
// sent as `webhook-signature: v1,<sig>` (several space- or ", "-separated entries are allowed);
// key = base64-decoded part after `whsec_`; the auth server's secret setting is `v1,whsec_<base64>`.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { LOOPBACK, listenOnLoopback } from './free-port.js';
import { stderrLogger, type Logger } from './paths.js';

/** A fresh hook secret in the auth server's format: `v1,whsec_<base64 of 32 random bytes>`. */
export function generateWebhookSecret(): string {
  return `v1,whsec_${randomBytes(32).toString('base64')}`;
}

/** The HMAC key of a secret given as `v1,whsec_<b64>`, `whsec_<b64>` or bare base64. */
export function webhookKey(secret: string): Buffer {
  const stripped = secret.replace(/^v1,/, '').replace(/^whsec_/, '');
  return Buffer.from(stripped, 'base64');
}

/** `v1,<base64 signature>` for one message (what the auth server sends). */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string | Buffer): string {
  const mac = createHmac('sha256', webhookKey(secret)).update(`${id}.${timestampSeconds}.`).update(body).digest('base64');
  return `v1,${mac}`;
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

export interface VerifyOptions {
  /** Accepted clock skew either way, in seconds (Standard Webhooks' usual 5 minutes). */
  toleranceSeconds?: number;
  nowSeconds?: number;
}

function header(headers: http.IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Verifies the webhook-id / webhook-timestamp / webhook-signature headers against the raw body. */
export function verifyWebhook(secret: string, headers: http.IncomingHttpHeaders, body: Buffer, opts: VerifyOptions = {}): VerifyResult {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) return { ok: false, reason: 'missing webhook-id, webhook-timestamp or webhook-signature header' };
  if (!/^\d+$/.test(timestamp)) return { ok: false, reason: 'invalid webhook-timestamp' };
  const ts = Number(timestamp);
  const now = opts.nowSeconds ?? Math.floor(Date.now() / 1000);
  const tolerance = opts.toleranceSeconds ?? 300;
  if (ts < now - tolerance) return { ok: false, reason: 'webhook-timestamp too old' };
  if (ts > now + tolerance) return { ok: false, reason: 'webhook-timestamp too new' };
  const expected = Buffer.from(signWebhook(secret, id, ts, body).slice(3), 'base64');
  for (const entry of signatures.split(/[\s]+/)) {
    const cleaned = entry.replace(/,$/, '');
    const comma = cleaned.indexOf(',');
    if (comma < 0 || cleaned.slice(0, comma) !== 'v1') continue;
    const given = Buffer.from(cleaned.slice(comma + 1), 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, reason: 'no matching v1 signature' };
}

// ---------------------------------------------------------------------------------------------

export interface SmsMessage {
  /** As the auth server sent it (E.164 digits, usually without '+'); from sms.phone, else user.phone. */
  phone: string;
  otp: string;
  smsType: string;
  userId: string | undefined;
  webhookId: string;
  receivedAt: Date;
}

export interface SmsCodes {
  /**
   * The newest phone-MFA code for `phoneOrUserId` that has not been returned yet; if there is none,
   * waits for the next one (rejects after `timeoutMs`, default 10 s). Codes that arrived before the
   * call (e.g. during `mfa.challenge()`) count, so call it after the challenge. Phone numbers
   * compare by digits only (`+1 555…` = `1555…`); a user id matches the payload's user.id (useful
   * if a server version sends no sms.phone).
   */
  latest(phoneOrUserId: string, opts?: { timeoutMs?: number }): Promise<string>;
  /** Every recorded message (all types), oldest first; optionally for one phone / user id. */
  messages(phoneOrUserId?: string): SmsMessage[];
  /** Forgets every recorded message and pending code. */
  clear(): void;
}

export interface SmsHook {
  /** The hook URL for GOTRUE_HOOK_SEND_SMS_URI (http://127.0.0.1:<port>/sms). */
  url: string;
  port: number;
  /** The secret for GOTRUE_HOOK_SEND_SMS_SECRETS (`v1,whsec_…`). */
  secret: string;
  smsCodes: SmsCodes;
  /** Number of requests rejected (bad signature, stale timestamp, bad body). */
  rejected(): number;
  stop(): Promise<void>;
}

export interface StartSmsHookOptions {
  secret?: string;
  port?: number;
  toleranceSeconds?: number;
  log?: Logger;
  /** Clock for timestamp checks (tests). */
  nowSeconds?: () => number;
}

const digits = (phone: string) => phone.replace(/\D/g, '');

function matches(message: SmsMessage, key: string): boolean {
  const keyDigits = digits(key);
  if (keyDigits !== '' && keyDigits === digits(message.phone) && /^[\d\s+().-]+$/.test(key)) return true;
  return message.userId !== undefined && message.userId === key;
}

class SmsStore implements SmsCodes {
  private readonly all: SmsMessage[] = [];
  private readonly consumed = new WeakSet<SmsMessage>();
  private readonly waiters: Array<{ key: string; resolve: (otp: string) => void }> = [];

  record(message: SmsMessage): void {
    this.all.push(message);
    if (message.smsType !== 'mfa') return;
    const index = this.waiters.findIndex((w) => matches(message, w.key));
    const waiter = index >= 0 ? this.waiters.splice(index, 1)[0] : undefined;
    if (waiter) {
      this.consumed.add(message);
      waiter.resolve(message.otp);
    }
  }

  latest(phoneOrUserId: string, opts: { timeoutMs?: number } = {}): Promise<string> {
    const pending = this.all.filter((m) => m.smsType === 'mfa' && !this.consumed.has(m) && matches(m, phoneOrUserId));
    const newest = pending[pending.length - 1];
    if (newest) {
      for (const m of pending) this.consumed.add(m);
      return Promise.resolve(newest.otp);
    }
    const timeoutMs = opts.timeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const waiter = {
        key: phoneOrUserId,
        resolve: (otp: string) => {
          clearTimeout(timer);
          resolve(otp);
        },
      };
      const timer = setTimeout(() => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(new Error(`no MFA SMS code for ${phoneOrUserId} within ${timeoutMs} ms (the send-SMS hook received none)`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  messages(phoneOrUserId?: string): SmsMessage[] {
    return phoneOrUserId === undefined ? [...this.all] : this.all.filter((m) => matches(m, phoneOrUserId));
  }

  clear(): void {
    this.all.length = 0;
  }
}

interface HookPayload {
  user?: { id?: unknown; phone?: unknown };
  sms?: { otp?: unknown; phone?: unknown; sms_type?: unknown };
}

function send(res: http.ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

export async function startSmsHook(opts: StartSmsHookOptions = {}): Promise<SmsHook> {
  const secret = opts.secret ?? generateWebhookSecret();
  const log = opts.log ?? stderrLogger;
  const store = new SmsStore();
  let rejected = 0;
  const reject = (res: http.ServerResponse, status: number, reason: string) => {
    rejected++;
    log(`sms-hook: rejected a call (${status}): ${reason}`);
    send(res, status, { error: { http_code: status, message: reason } });
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 1024 * 1024) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (req.method !== 'POST') return reject(res, 405, 'only POST');
      const body = Buffer.concat(chunks);
      const verdict = verifyWebhook(secret, req.headers, body, {
        toleranceSeconds: opts.toleranceSeconds ?? 300,
        nowSeconds: opts.nowSeconds ? opts.nowSeconds() : undefined,
      });
      if (!verdict.ok) return reject(res, 401, verdict.reason);
      let payload: HookPayload;
      try {
        payload = JSON.parse(body.toString('utf8')) as HookPayload;
      } catch {
        return reject(res, 400, 'body is not JSON');
      }
      const sms = payload.sms;
      if (!sms || typeof sms.otp !== 'string') return reject(res, 400, 'payload has no sms.otp');
      const smsType = typeof sms.sms_type === 'string' ? sms.sms_type : 'unknown';
      const phone = typeof sms.phone === 'string' && sms.phone !== '' ? sms.phone : typeof payload.user?.phone === 'string' ? payload.user.phone : '';
      store.record({
        phone,
        otp: sms.otp,
        smsType,
        userId: typeof payload.user?.id === 'string' ? payload.user.id : undefined,
        webhookId: header(req.headers, 'webhook-id') ?? '',
        receivedAt: new Date(),
      });
      log(`sms-hook: ${smsType} code ${sms.otp} for ${phone ? `+${digits(phone)}` : '(no phone)'}`);
      send(res, 204);
    });
  });
  server.keepAliveTimeout = 1000;

  const port = await listenOnLoopback(server, opts.port);
  let stopped: Promise<void> | undefined;
  return {
    url: `http://${LOOPBACK}:${port}/sms`,
    port,
    secret,
    smsCodes: store,
    rejected: () => rejected,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}
