// HS256 JWTs for the local auth server: the JWT secret and the anon / service_role API keys,
// shaped like a Supabase project's legacy keys ({"role":"anon"} / {"role":"service_role"}, iss "supabase").
import { createHmac, randomBytes } from 'node:crypto';

/** A fresh JWT secret: 64 hex characters (32 random bytes); the auth server wants at least 32 characters. */
export function generateJwtSecret(): string {
  return randomBytes(32).toString('hex');
}

function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

/** Signs `payload` as a compact HS256 JWS. */
export function signHs256(payload: Record<string, unknown>, secret: string): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = base64url(JSON.stringify(payload));
  const signature = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url');
  return `${header}.${body}.${signature}`;
}

/** Decodes a JWT's payload WITHOUT verifying it (for diagnostics and tests). */
export function decodeJwtPayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (part === undefined) throw new Error('not a JWT');
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export interface ApiKeys {
  anonKey: string;
  serviceRoleKey: string;
}

const TEN_YEARS_SECONDS = 10 * 365 * 24 * 3600;

/** Mints the anon and service_role keys for `secret` (iat now, exp in ten years by default). */
export function mintApiKeys(secret: string, opts: { nowSeconds?: number; lifetimeSeconds?: number } = {}): ApiKeys {
  const iat = opts.nowSeconds ?? Math.floor(Date.now() / 1000);
  const exp = iat + (opts.lifetimeSeconds ?? TEN_YEARS_SECONDS);
  return {
    anonKey: signHs256({ iss: 'supabase', role: 'anon', iat, exp }, secret),
    serviceRoleKey: signHs256({ iss: 'supabase', role: 'service_role', iat, exp }, secret),
  };
}

/**
 * A project's new-style API keys: opaque strings, not JWTs (`sb_publishable_…` for pages,
 * `sb_secret_…` for servers). Only a gateway knows which role each stands for.
 */
export function mintNewApiKeys(): ApiKeys {
  return {
    anonKey: `sb_publishable_${randomBytes(18).toString('base64url')}`,
    serviceRoleKey: `sb_secret_${randomBytes(18).toString('base64url')}`,
  };
}
