/**
 * A structurally valid stored Supabase session, minted locally. auth-js decodes the access token
 * without verifying its signature, so any signature will do; nothing here can authenticate
 * against a real server.
 */
import { randomBytes, randomUUID } from 'node:crypto';

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

export interface MintedSession {
  storageKey: string;
  /** JSON as auth-js stores it under storageKey. */
  stored: string;
  userId: string;
  factorId: string;
}

export function mintSession(projectUrl: string, storageKey: string, email = 'bench.user@example.com'): MintedSession {
  const now = Math.floor(Date.now() / 1000);
  const userId = randomUUID();
  const sessionId = randomUUID();
  const factorId = randomUUID();
  const payload = {
    iss: `${projectUrl}/auth/v1`,
    sub: userId,
    aud: 'authenticated',
    exp: now + 3600,
    iat: now,
    email,
    phone: '',
    app_metadata: { provider: 'email', providers: ['email'] },
    user_metadata: {},
    role: 'authenticated',
    aal: 'aal1',
    amr: [{ method: 'password', timestamp: now }],
    session_id: sessionId,
    is_anonymous: false,
  };
  const accessToken = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}.${b64url(randomBytes(32))}`;
  const iso = new Date(now * 1000).toISOString();
  const session = {
    access_token: accessToken,
    token_type: 'bearer',
    expires_in: 3600,
    expires_at: now + 3600,
    refresh_token: randomBytes(9).toString('hex'),
    user: {
      id: userId,
      aud: 'authenticated',
      role: 'authenticated',
      email,
      email_confirmed_at: iso,
      phone: '',
      confirmed_at: iso,
      last_sign_in_at: iso,
      app_metadata: payload.app_metadata,
      user_metadata: {},
      identities: [],
      created_at: iso,
      updated_at: iso,
      is_anonymous: false,
      // One verified TOTP factor: next level aal2, so "MFA required" is true (the common case).
      factors: [{ id: factorId, friendly_name: 'Phone app', factor_type: 'totp', status: 'verified', created_at: iso, updated_at: iso }],
    },
  };
  return { storageKey, stored: JSON.stringify(session), userId, factorId };
}

/** A session storage in memory, for a Node client whose stored session a row reads or discards. */
export function memoryStorage() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
}
