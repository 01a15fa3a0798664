/**
 * POST /playground/protected {access_token}: the playground's "backend workflow". Its first step
 * is the plugin's server-side action "Check an access token" (Require two-factor = yes), run from
 * the built plugin exactly as Bubble's server runs it (the code box in a bare vm, keys from the
 * plugin settings); its second step — the protected action, here a counter — runs only when the
 * check's aal2 met is yes. The page cannot skip the check: it only hands over the token.
 */

import { loadPluginModel, NODE_SERVER_GLOBALS, type PluginFiles, runServerAction, serverActionHost } from '../dev/bubble-harness/index.js';
import type { RouteHandler } from '../dev/testbed/index.js';
import type { Backend } from './backend.js';
import type { ProtectedAnswer } from './page/config.js';
import { fromOwnPage, readBody, sendJson } from './http.js';

/** The action's caption in plugin.json, as a builder picks it in Bubble's workflow editor. */
const CHECK_ACTION = 'Supabase MFA - Check an access token';

export function protectedRoute(backend: Backend, port: number, files: PluginFiles): RouteHandler {
  const model = loadPluginModel(files);
  let done = 0;
  return async (req, res) => {
    const answer = (status: number, body: ProtectedAnswer) => sendJson(res, status, body);
    const refusal = (status: number, error_code: string, error_message: string) =>
      answer(status, { performed: false, performed_count: done, is_valid: false, aal: null, methods: [], error_code, error_message });
    if (req.method !== 'POST') return refusal(405, 'method', 'Use POST.');
    const refused = fromOwnPage(req, port);
    if (refused || !/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
      return refusal(403, 'forbidden', `Refused: ${refused ?? 'expected JSON'}.`);
    let token: unknown;
    try {
      token = (JSON.parse(await readBody(req, 32 * 1024)) as { access_token?: unknown }).access_token;
    } catch {
      return refusal(400, 'invalid_input', 'The request was not valid JSON.');
    }
    const tb = backend.testbed;
    if (!tb) return refusal(503, 'no_server', 'No Supabase server is connected to the playground. See the banner at the top.');
    // Step 1: Check an access token. Bubble hands the box every plugin key; the check reads the URL and the anon key.
    const host = serverActionHost(model, { 'Supabase URL': tb.url, 'Supabase anon key': tb.anonKey }, NODE_SERVER_GLOBALS);
    const out = await runServerAction(host, CHECK_ACTION, { access_token: token, require_aal2: true });
    if (!out || host.violations.length > 0) return refusal(500, 'unexpected_error', 'The check did not run as Bubble runs it (see the server log).');
    // Step 2, "Only when Result of step 1's aal2 met is yes": the protected action itself.
    const performed = out.is_valid === true && out.aal2_met === true;
    if (performed) done++;
    answer(performed ? 200 : 403, {
      performed,
      performed_count: done,
      is_valid: out.is_valid === true,
      aal: typeof out.aal === 'string' ? out.aal : null,
      methods: Array.isArray(out.methods) ? out.methods.map(String) : [],
      error_code: typeof out.error_code === 'string' ? out.error_code : null,
      error_message: typeof out.error_message === 'string' ? out.error_message : null,
    });
  };
}
