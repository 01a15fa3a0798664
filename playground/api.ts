/**
 * The playground server's own endpoints (same origin as the page):
 *   POST /playground/signup  {email, password} → a confirmed user via the admin API (the service
 *                            role key stays here); the page then signs in with the element action.
 *   GET  /playground/sms?phone=+1…  → the phone-MFA codes the test bed's Send-SMS hook captured.
 */
import type http from 'node:http';
import { CreateUserError, type RouteHandler, type Testbed } from '../dev/testbed/index.js';
import type { Backend } from './backend.js';
import { fromOwnPage, readBody, sendJson } from './http.js';
import type { SignupAnswer, SmsAnswer } from './page/config.js';

/** The route for /playground/*; `port` is the page's own port (for the same-origin check). */
export function apiRoute(backend: Backend, port: number): RouteHandler {
  return async (req, res, ctx) => {
    if (ctx.subpath === '/signup') return signup(req, res, backend, port);
    if (ctx.subpath === '/sms') return sms(req, res, ctx.url, backend, port);
    sendJson(res, 404, { error_message: 'no such playground endpoint' });
  };
}

function invalid(error_message: string): SignupAnswer {
  return { ok: false, error_code: 'invalid_input', error_message };
}

async function signup(req: http.IncomingMessage, res: http.ServerResponse, backend: Backend, port: number): Promise<void> {
  if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error_code: 'method', error_message: 'Use POST.' });
  const refused = fromOwnPage(req, port);
  if (refused || !/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    return sendJson(res, 403, { ok: false, error_code: 'forbidden', error_message: `Refused: ${refused ?? 'expected JSON'}.` });
  }
  let input: { email?: unknown; password?: unknown };
  try {
    input = JSON.parse(await readBody(req, 16 * 1024)) as typeof input;
  } catch {
    return sendJson(res, 400, invalid('The request was not valid JSON.'));
  }
  const email = typeof input.email === 'string' ? input.email.trim() : '';
  const password = typeof input.password === 'string' ? input.password : '';
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) return sendJson(res, 400, invalid('Enter an email address like ada@example.com.'));
  if (password.length < 6 || password.length > 72) return sendJson(res, 400, invalid('Choose a password of 6 to 72 characters.'));
  if (!backend.testbed) {
    return sendJson(res, 503, {
      ok: false,
      error_code: 'no_server',
      error_message: 'No Supabase server is connected to the playground, so accounts cannot be created. See the banner at the top.',
    } satisfies SignupAnswer);
  }
  const { status, answer } = await createAccount(backend.testbed, email, password);
  sendJson(res, status, answer);
}

/** A confirmed user through the test bed (its admin API call), its refusal in words for the page. */
async function createAccount(tb: Testbed, email: string, password: string): Promise<{ status: number; answer: SignupAnswer }> {
  try {
    await tb.createUser(email, password);
    return { status: 201, answer: { ok: true, email } };
  } catch (err) {
    if (!(err instanceof CreateUserError)) {
      return {
        status: 502,
        answer: { ok: false, error_code: 'network_error', error_message: 'Could not reach Supabase to create the account. Check the server and try again.' },
      };
    }
    const exists = err.code === 'email_exists' || /already been registered/i.test(err.serverMessage);
    const message = exists
      ? 'An account with this email already exists. Use Sign in instead.'
      : err.serverMessage
        ? `Supabase did not create the account: ${err.serverMessage.replace(/\.?$/, '.')}`
        : `Supabase did not create the account (HTTP ${err.status}).`;
    return {
      status: err.status >= 500 ? 502 : 400,
      answer: { ok: false, error_code: exists ? 'email_exists' : (err.code ?? `http_${err.status}`), error_message: message },
    };
  }
}

function sms(req: http.IncomingMessage, res: http.ServerResponse, url: URL, backend: Backend, port: number): void {
  if (req.method !== 'GET') return void sendJson(res, 405, { messages: [] });
  const refused = fromOwnPage(req, port);
  if (refused) return void sendJson(res, 403, { messages: [], error_message: `Refused: ${refused}.` });
  const codes = backend.testbed?.smsCodes;
  if (!codes) return void sendJson(res, 404, { messages: [], error_message: 'SMS codes are only captured by the local test bed.' });
  const phone = url.searchParams.get('phone')?.trim() || undefined;
  const messages = codes
    .messages(phone)
    .slice(-5)
    .reverse()
    .map((m) => ({ phone: `+${m.phone.replace(/^\+/, '')}`, code: m.otp, type: m.smsType, sent_at: m.receivedAt.toISOString() }));
  sendJson(res, 200, { messages } satisfies SmsAnswer);
}
