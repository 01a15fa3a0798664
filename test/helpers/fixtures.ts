/**
 * Test fixtures that need no Supabase server: a stored session (an unsigned but well-formed
 * JWT, which auth-js decodes without checking the signature), loopback servers that hang or
 * answer, and the storage key supabase-js derives from a project URL. (A port that refuses:
 * freePort() of dev/testbed/free-port.ts.)
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { defaultStorageKey } from '../../shared/client.js';

const b64url = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

export interface StoredFactor {
  id: string;
  friendly_name?: string;
  factor_type: 'totp' | 'phone';
  status: 'verified' | 'unverified';
}

export interface MintedSession {
  /** What auth-js keeps in localStorage under the storage key. */
  session: Record<string, unknown>;
  json: string;
  userId: string;
  email: string;
  factors: StoredFactor[];
}

/** A session as auth-js stores it, with an unsigned JWT carrying aal / amr / sub / exp. */
export function mintSession(
  opts: {
    aal?: 'aal1' | 'aal2';
    amr?: string[];
    email?: string;
    userId?: string;
    factors?: StoredFactor[];
    /** Seconds until the access token expires (default one day: no refresh on load). */
    expiresIn?: number;
  } = {},
): MintedSession {
  const now = Math.floor(Date.now() / 1000);
  const expiresIn = opts.expiresIn ?? 86_400;
  const userId = opts.userId ?? randomUUID();
  const email = opts.email ?? 'ada@example.com';
  const factors = opts.factors ?? [{ id: randomUUID(), friendly_name: 'iPhone', factor_type: 'totp', status: 'verified' }];
  const amr = (opts.amr ?? ['password']).map((method) => ({ method, timestamp: now - 60 }));
  const payload = {
    iss: 'http://127.0.0.1/auth/v1',
    aud: 'authenticated',
    sub: userId,
    email,
    role: 'authenticated',
    aal: opts.aal ?? 'aal1',
    amr,
    session_id: randomUUID(),
    iat: now - 60,
    exp: now + expiresIn,
  };
  const accessToken = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(payload)}.${b64url('not-a-real-signature')}`;
  const created = new Date((now - 3600) * 1000).toISOString();
  const session = {
    access_token: accessToken,
    token_type: 'bearer',
    expires_in: expiresIn,
    expires_at: now + expiresIn,
    refresh_token: `refresh-${randomUUID().slice(0, 8)}`,
    user: {
      id: userId,
      aud: 'authenticated',
      role: 'authenticated',
      email,
      email_confirmed_at: created,
      phone: '',
      app_metadata: { provider: 'email', providers: ['email'] },
      user_metadata: {},
      identities: [],
      created_at: created,
      updated_at: created,
      // Like the server (`factors,omitempty`): a user without factors has no factors field.
      ...(factors.length ? { factors: factors.map((f) => ({ ...f, friendly_name: f.friendly_name ?? '', created_at: created, updated_at: created })) } : {}),
    },
  };
  return { session, json: JSON.stringify(session), userId, email, factors };
}

/** supabase-js's default storage key for a project URL: sb-<first label of the host>-auth-token. */
export function storageKeyFor(projectUrl: string): string {
  return defaultStorageKey(projectUrl);
}

/** The session's JSON with its access token issued by `projectUrl` (the element checks `iss`). */
export function issuedBy(projectUrl: string, minted: MintedSession): string {
  const session = JSON.parse(minted.json) as { access_token: string };
  const [header, payload, signature] = session.access_token.split('.');
  const claims = { ...JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')), iss: `${projectUrl.replace(/\/+$/, '')}/auth/v1` };
  return JSON.stringify({ ...session, access_token: `${header}.${b64url(claims)}.${signature}` });
}

/** localStorage entries holding `minted` as the element would find it for `projectUrl`. */
export function storedFor(projectUrl: string, minted: MintedSession): Record<string, string> {
  return { [storageKeyFor(projectUrl)]: issuedBy(projectUrl, minted) };
}

export interface HangingServer {
  url: string;
  /** Requests whose head arrived (method + path). */
  requests: Array<{ method: string; path: string }>;
  /** TCP connections accepted. */
  connections(): number;
  /** Destroys every connection (the pending fetches fail) and stops listening. */
  close(): Promise<void>;
}

/** Accepts connections and reads requests but never answers anything (not even a CORS preflight). */
export async function startHangingServer(): Promise<HangingServer> {
  const sockets = new Set<net.Socket>();
  const requests: HangingServer['requests'] = [];
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted++;
    sockets.add(socket);
    let head = '';
    socket.on('data', (chunk) => {
      head += chunk.toString('latin1');
      // Count every request line (keep-alive could carry several; a hanging server gets one per socket).
      let idx: number;
      for (idx = head.indexOf('\r\n\r\n'); idx >= 0; idx = head.indexOf('\r\n\r\n')) {
        const line = head.slice(0, head.indexOf('\r\n'));
        const [method = '', path = ''] = line.split(' ');
        requests.push({ method, path });
        head = head.slice(idx + 4);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    connections: () => accepted,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

export type JsonHandler = (req: {
  method: string;
  path: string;
  body: string;
  headers: http.IncomingHttpHeaders;
}) => { status: number; body: unknown; headers?: Record<string, string> } | Promise<{ status: number; body: unknown; headers?: Record<string, string> }>;

/** Answers CORS preflights like a Supabase project and everything else through `handler`. */
export function supabaseLikeResponder(
  handler: JsonHandler,
  log?: Array<{ method: string; path: string }>,
): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  return (req, res) => {
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-allow-headers': 'authorization, apikey, content-type, x-client-info, x-supabase-api-version',
      'access-control-allow-methods': 'GET,POST,PUT,PATCH,DELETE,OPTIONS',
      'access-control-expose-headers': 'x-supabase-api-version',
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors).end();
      return;
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const path = req.url ?? '/';
      log?.push({ method: req.method ?? '', path });
      Promise.resolve(handler({ method: req.method ?? 'GET', path, body, headers: req.headers }))
        .then((out) => {
          const text = JSON.stringify(out.body);
          res.writeHead(out.status, { 'content-type': 'application/json', 'x-supabase-api-version': '2024-01-01', ...cors, ...out.headers });
          res.end(text);
        })
        .catch((e: unknown) => {
          res.writeHead(500, { 'content-type': 'application/json', ...cors });
          res.end(JSON.stringify({ message: String(e) }));
        });
    });
  };
}

/** A tiny HTTP server answering like Supabase Auth through `handler`. */
export async function startJsonServer(
  handler: JsonHandler,
): Promise<{ url: string; requests: Array<{ method: string; path: string }>; close(): Promise<void> }> {
  const requests: Array<{ method: string; path: string }> = [];
  const server = http.createServer(supabaseLikeResponder(handler, requests));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/**
 * The one background check of a restored session (GET /auth/v1/user), made once per page load.
 * `url` may be a full URL or a path.
 */
export function isSessionCheck(method: string, url: string): boolean {
  return method.toUpperCase() === 'GET' && new URL(url, 'http://localhost').pathname.endsWith('/auth/v1/user');
}
