/**
 * Confirmed email/password users, made through the admin API with the service role key (as a
 * project's own back end would); the test bed's createUser() and the playground's sign-up use it.
 */
import { randomBytes } from 'node:crypto';
import { AUTH_PREFIX } from './gateway.js';

export interface CreatedUser {
  id: string;
  email: string;
  password: string;
}

/** The admin API refused to create the user. */
export class CreateUserError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** The server's error code (error_code or code), or null. */
    readonly code: string | null,
    /** The server's message (msg or message), or ''. */
    readonly serverMessage: string,
  ) {
    super(message);
    this.name = 'CreateUserError';
  }
}

function randomEmail(): string {
  return `mfa-test-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}@example.com`;
}

function randomPassword(): string {
  return `Pw-${randomBytes(12).toString('base64url')}-9a`;
}

function refusal(email: string, status: number, text: string): CreateUserError {
  let body: { error_code?: unknown; code?: unknown; msg?: unknown; message?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    /* not JSON */
  }
  const code = typeof body.error_code === 'string' ? body.error_code : typeof body.code === 'string' ? body.code : null;
  const serverMessage = typeof body.msg === 'string' ? body.msg : typeof body.message === 'string' ? body.message : '';
  return new CreateUserError(`createUser(${email}) failed: HTTP ${status} ${text}`, status, code, serverMessage);
}

/**
 * Creates a confirmed user at the project `url` (no /auth/v1). Rejects with CreateUserError when
 * the server refuses, with the fetch error when it cannot be reached (15 s at most).
 */
export async function createUser(url: string, serviceRoleKey: string, email = randomEmail(), password = randomPassword()): Promise<CreatedUser> {
  const res = await fetch(`${url}${AUTH_PREFIX}/admin/users`, {
    method: 'POST',
    headers: {
      apikey: serviceRoleKey,
      authorization: `Bearer ${serviceRoleKey}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ email, password, email_confirm: true }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  if (!res.ok) throw refusal(email, res.status, text);
  const body = JSON.parse(text) as { id?: string; user?: { id?: string } };
  const id = body.id ?? body.user?.id;
  if (!id) throw new Error(`createUser(${email}): no id in the answer: ${text}`);
  return { id, email, password };
}
