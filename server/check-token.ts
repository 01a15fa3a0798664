/**
 * Bubble adapter for "Check an access token" (server-side): the project URL and public key from
 * the plugin settings, the token and the aal2 flag from the action's fields; every declared return
 * value back, with is_valid no and error_code / error_message on any refusal (never a throw). The
 * token is never echoed, logged or returned.
 */
import { checkAccessToken, type AccessTokenCheck } from '../actions/check-access-token.js';
import { MfaError } from '../shared/errors.js';
import { SERVER_KEY_CAPTIONS, type CheckAccessTokenProps, type CheckAccessTokenReturns } from '../shared/generated/plugin.js';
import { createUserApi } from '../shared/user-client.js';
import { settle, type ServerContext } from './settle.js';

/**
 * The API gateway refused the public key itself (a code-less 401, "Invalid API key"): another
 * project's key, a made-up one. Not the user's doing: the builder's settings need fixing.
 */
function keyError(e: MfaError): MfaError {
  if (e.code !== 'unexpected_error' || e.status !== 401) return e;
  return new MfaError(
    'setup_problem',
    "The Supabase anon key was rejected by Supabase: set this project's anon (publishable) key in the plugin settings (Project Settings → API).",
    e.status,
  );
}

/** A refused token: nothing about it is returned but why. */
function refused(error: MfaError): CheckAccessTokenReturns {
  const e = keyError(error);
  return {
    is_valid: false,
    user_id: null,
    email: null,
    aal: null,
    aal2_met: false,
    methods: [],
    session_id: null,
    expires_at: null,
    error_code: e.code,
    error_message: e.message,
  };
}

const accepted = (c: AccessTokenCheck): CheckAccessTokenReturns => ({
  is_valid: true,
  user_id: c.userId,
  email: c.email,
  aal: c.aal,
  aal2_met: c.aal2Met,
  methods: c.methods,
  session_id: c.sessionId,
  expires_at: c.expiresAt,
  error_code: null,
  error_message: null,
});

export function checkTokenForBubble(properties: CheckAccessTokenProps, context: ServerContext): Promise<CheckAccessTokenReturns> {
  return settle(async () => {
    const keys = context.keys ?? {};
    const api = createUserApi({ url: keys[SERVER_KEY_CAPTIONS.supabase_url], publicKey: keys[SERVER_KEY_CAPTIONS.anon_key] });
    if (api.error) return refused(api.error);
    const res = await checkAccessToken(api.data, { accessToken: properties.access_token, requireAal2: properties.require_aal2 === true });
    return res.error ? refused(res.error) : accepted(res.data);
  }, refused);
}
