/**
 * What keeps the element's session honest between the page and auth-js:
 *  - a request gate: every request auth-js sends goes through it, carries an AbortSignal and a
 *    timeout, and belongs to a session generation. Ending the generation (sign-out, user or
 *    project change) aborts what is in flight, and an answer that arrives for an ended
 *    generation is refused before auth-js can store or publish anything from it;
 *  - a storage wrapper: a stored session is only handed to auth-js when its access token was
 *    issued by the configured project (`iss`: the configured address, or the issuer the server
 *    itself advertises, which a project behind a custom domain keeps at its own supabase.co
 *    address; no `iss` only from a server that advertises none, see guardedStorage), and after a
 *    sign-out no session can be written back until the next sign-in starts.
 */
import type { TokenVerdict } from './auth-api.js';
import { jwtClaims, stringClaim } from './jwt-claims.js';
import { isLoopbackHost } from './validate.js';

/** About 25 s: longer than any answer a healthy Supabase gives, short enough to free the UI. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 25_000;

/** Statuses whose Response must have a null body (the Response constructor refuses one). */
const NULL_BODY = new Set([101, 204, 205, 304]);

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(new TypeError(`fetch failed: ${String((signal.reason as Error | undefined)?.message ?? 'aborted')}`));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

export class RequestGate {
  #gen = 0;
  #controller = new AbortController();
  /** While set, requests fail at once without leaving the page (a purely local sign-out). */
  #localOnly = 0;

  constructor(
    private readonly baseFetch: () => typeof fetch,
    private readonly timeoutMs: () => number = () => DEFAULT_REQUEST_TIMEOUT_MS,
  ) {}

  get generation(): number {
    return this.#gen;
  }

  /** Aborted when the current generation ends (next()). */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  isCurrent(generation: number): boolean {
    return generation === this.#gen;
  }

  /** Ends the current generation: aborts everything in flight; returns the new generation. */
  next(): number {
    this.#controller.abort(new Error('the session changed'));
    this.#controller = new AbortController();
    this.#gen += 1;
    return this.#gen;
  }

  /** Runs `work` with every request refused locally (nothing is sent). */
  async offline<T>(work: () => Promise<T>): Promise<T> {
    this.#localOnly += 1;
    try {
      return await work();
    } finally {
      this.#localOnly -= 1;
    }
  }

  /** The fetch given to auth-js. */
  readonly fetch: typeof fetch = async (input, init) => {
    // Answered here, as a refusal: a network failure would make auth-js retry a refresh of an
    // expired session with back-off for about 25 s before the local sign-out went on.
    if (this.#localOnly > 0) return localRefusal();
    const generation = this.#gen;
    const own = new AbortController();
    const stop = (reason: string) => () => own.abort(new Error(reason));
    const onSessionEnd = stop('the session changed');
    const onCallerAbort = stop('aborted');
    this.#controller.signal.addEventListener('abort', onSessionEnd, { once: true });
    init?.signal?.addEventListener('abort', onCallerAbort, { once: true });
    const ms = this.timeoutMs();
    const timer = setTimeout(stop(`no answer within ${Math.round(ms / 1000)} s`), ms);
    const aborted = rejectOnAbort(own.signal);
    try {
      const res = await Promise.race([this.baseFetch()(input, { ...init, signal: own.signal }), aborted]);
      // The whole body is read inside the timeout, and the generation is checked after it: an
      // answer for an ended session never reaches auth-js (which would store it).
      const body = await Promise.race([res.text(), aborted]);
      if (!this.isCurrent(generation)) throw new TypeError('fetch failed: the session changed while the request was in flight');
      return new Response(NULL_BODY.has(res.status) ? null : body, { status: res.status, statusText: res.statusText, headers: res.headers });
    } finally {
      clearTimeout(timer);
      this.#controller.signal.removeEventListener('abort', onSessionEnd);
      init?.signal?.removeEventListener('abort', onCallerAbort);
      aborted.catch(() => undefined);
    }
  };
}

/** What a request gets while the gate is offline (nothing was sent): a 400 with the plugin's own code, which auth-js does not retry. */
function localRefusal(): Response {
  return new Response('{"error_code":"local_sign_out"}', { status: 400 });
}

/** The `iss` claim of a JWT, or null when it is not a readable JWT. */
function tokenIssuer(jwt: unknown): string | null {
  return stringClaim(jwt, 'iss');
}

/**
 * An issuer URL compared by scheme, host, port and path; the names of this computer are one host
 * (a local server issues tokens as http://127.0.0.1:PORT while the page may use localhost:PORT).
 */
export function sameIssuer(a: string | null, b: string): boolean {
  if (a === null) return false;
  const key = (text: string): string | null => {
    try {
      const u = new URL(text);
      const host = isLoopbackHost(u.hostname) ? 'loopback' : u.hostname.toLowerCase();
      return `${u.protocol}//${host}:${u.port}${u.pathname.replace(/\/+$/, '')}`;
    } catch {
      return null;
    }
  };
  const ka = key(a);
  return ka !== null && ka === key(b);
}

export interface SessionStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function memoryStorage(): SessionStorage {
  const map = new Map<string, string>();
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

function pageStorage(): SessionStorage {
  try {
    const ls = (globalThis as { localStorage?: SessionStorage }).localStorage;
    if (ls) return ls;
  } catch {
    // storage disabled (privacy mode, sandboxed frame): keep the session for this page only
  }
  return memoryStorage();
}

export interface GuardedStorage {
  /** A promise only while the server is asked which issuer it advertises, or about a token it names no issuer in. */
  getItem(key: string): string | null | Promise<string | null>;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  /** The stored session's access token when it is known to be this project's; no waiting, no request. */
  storedAccessToken(): string | null;
  /** The issuer of the last stored session refused for naming another issuer (after asking the server, if it could), or null. */
  refusedIssuer(): string | null;
  /**
   * The access token of a session this page received from the server and then refused (it names
   * another issuer), removed from storage; null when there is none. The caller revokes it: a
   * refused session is never left behind alive.
   */
  takeRefused(): string | null;
  /** After a sign-out: refuse to store a session until open() (the next sign-in starts). */
  seal(): void;
  open(): void;
}

/** Asks the project's auth server which issuer it names in its tokens ('' for none); null when it cannot tell. */
export type IssuerLookup = () => Promise<string | null>;

/** Asks the project's auth server about a stored token that names no issuer (GET /user with it). */
export type TokenCheck = (token: string) => Promise<TokenVerdict>;

/** The access token of a stored session (JSON), or null. */
function storedToken(value: string): string | null {
  try {
    const token = (JSON.parse(value) as { access_token?: unknown }).access_token;
    return typeof token === 'string' ? token : null;
  } catch {
    return null;
  }
}

/** A readable JWT with no `iss` claim: what a server started without an issuer setting issues. */
function namesNoIssuer(token: string): boolean {
  const claims = jwtClaims(token);
  return claims !== null && !('iss' in claims);
}

/**
 * The page's localStorage as auth-js sees it for one project: the session under `storageKey`
 * is only read back when its access token's issuer is `issuer`, or the issuer the server
 * advertises (`lookup`, asked only when a stored token names another issuer or none, without the
 * token; an answer is kept for the connection, a failed lookup is asked again next time). A
 * token that names no issuer is taken only when the server advertises none ('') and the token
 * came from that server: this page received it (sign-in, verify, refresh, Set session: auth-js
 * stored it here), or, for one found in storage, the server accepted it (`check`, GET /user);
 * one the server refuses is removed. While sealed it cannot be written.
 */
export function guardedStorage(
  storageKey: string,
  issuer: string,
  base: SessionStorage = pageStorage(),
  lookup?: IssuerLookup,
  check?: TokenCheck,
): GuardedStorage {
  let sealed = false;
  let advertised: string | null = null;
  let asking: Promise<string | null> | null = null;
  let refused: string | null = null;
  /** The last access token this page stored (from the server's answers) in this connection. */
  let received: string | null = null;
  /** The last stored access token the server accepted when asked (check). */
  let checked: string | null = null;
  const isSession = (key: string) => key === storageKey || key === `${storageKey}-user`;
  const known = (iss: string | null) => sameIssuer(iss, issuer) || (advertised !== null && advertised !== '' && sameIssuer(iss, advertised));
  /** Whether `token` is this project's, as far as can be told without a request. */
  const accepted = (token: string) => known(tokenIssuer(token)) || (advertised === '' && namesNoIssuer(token) && (token === received || token === checked));
  const ask = (): Promise<string | null> => {
    asking ??= lookup!().then(
      (answer) => {
        if (answer === null) asking = null;
        else advertised = answer;
        return answer;
      },
      () => {
        asking = null;
        return null;
      },
    );
    return asking;
  };
  const removeSession = () => {
    base.removeItem(storageKey);
    base.removeItem(`${storageKey}-user`);
  };
  /** The stored value now, or null when its token is not (yet) known to be this project's. */
  const judge = (now: string | null): string | null | Promise<string | null> => {
    const token = now === null ? null : storedToken(now);
    if (now === null || token === null) return null;
    if (accepted(token)) {
      refused = null;
      return now;
    }
    const iss = tokenIssuer(token);
    if (iss !== null) {
      refused = iss;
      return null;
    }
    // No issuer named: the server must advertise none, and accept this token when asked.
    if (advertised !== '' || !namesNoIssuer(token) || !check) return null;
    return check(token).then((verdict) => {
      const again = base.getItem(storageKey);
      // The stored session may have changed while the server was asked: judge what is there now.
      if (again === null || storedToken(again) !== token) return again === null ? null : judge(again);
      if (verdict === 'gone') {
        removeSession();
        return null;
      }
      if (verdict === null) return null;
      checked = token;
      return again;
    });
  };
  return {
    getItem(key) {
      const value = base.getItem(key);
      if (key !== storageKey || value === null) return value;
      const token = storedToken(value);
      if (token === null || accepted(token) || !lookup || advertised !== null) return judge(value);
      // Read again after the answer: the stored session may have changed while the server was asked.
      return ask().then(() => judge(base.getItem(key)));
    },
    setItem(key, value) {
      if (sealed && isSession(key)) return;
      if (key === storageKey) received = storedToken(value);
      base.setItem(key, value);
    },
    removeItem(key) {
      base.removeItem(key);
    },
    refusedIssuer: () => refused,
    takeRefused() {
      const value = base.getItem(storageKey);
      const token = value === null ? null : storedToken(value);
      if (token === null || token !== received || accepted(token)) return null;
      removeSession();
      received = null;
      return token;
    },
    storedAccessToken() {
      const value = base.getItem(storageKey);
      const token = value === null ? null : storedToken(value);
      return token !== null && accepted(token) ? token : null;
    },
    seal() {
      sealed = true;
    },
    open() {
      sealed = false;
    },
  };
}
