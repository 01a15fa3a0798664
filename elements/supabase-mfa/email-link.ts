/**
 * What an email link leaves in the page's address when it opens the app: with PKCE (the flow the
 * plugin's client uses) a single-use `?code=`, which the page exchanges for a session; with the
 * older implicit flow, the tokens themselves in the fragment (`#access_token=…&refresh_token=…`),
 * which must leave the address bar (and the history) at once and are never adopted. Pure: the
 * controller does the exchanging, revoking and replacing.
 *
 * A `?code=` is also what every OAuth sign-in of another integration on the page comes back with,
 * and a code verifier in storage proves little: auth-js keeps the one of a sign-up awaiting its
 * confirmation for as long as the confirmation waits. So a code counts as the plugin's email link's
 * only when the address is what Supabase Auth's redirect makes of the plugin's link: the redirect
 * address plus `code` alone, a UUID (the flow state's auth code). Never beside the parameters an
 * OAuth authorization response carries (`state`, RFC 6749, which an OAuth server echoes, Supabase's
 * own included; `iss`, RFC 9207), nor beside auth-js's `sb_flow_id`, which auth-js appends only
 * when a client turns on `experimental.appendPkceFlowIdToRedirects` (the plugin's does not): such a
 * link is another client's, for it to exchange. GitHub's 20-hex codes, Google's `4/…` codes and a
 * UUID-shaped code with a `state` are other sign-ins', left where they are.
 */

/** The fragment parameters of an implicit-flow redirect: all removed together. */
const TOKEN_PARAMS = ['access_token', 'refresh_token', 'expires_at', 'expires_in', 'token_type', 'type', 'provider_token', 'provider_refresh_token'];
/** Beside a code, another sign-in's: an OAuth response's `state` and `iss`, another client's `sb_flow_id`. */
const OTHER_SIGN_IN_PARAMS = ['state', 'iss', 'sb_flow_id'];
/** Supabase Auth's PKCE auth code: a UUID as it writes one (lower case; it looks the code up as written). */
const AUTH_CODE = /^[\da-f]{8}(-[\da-f]{4}){3}-[\da-f]{12}$/;

export interface EmailLink {
  /** A PKCE code of the plugin's email link, or null (no code, or another sign-in's). */
  code: string | null;
  /** The access token an implicit-flow link put in the fragment, or null. */
  accessToken: string | null;
  /** Tokens of any kind in the fragment (an access or a refresh token). */
  tokens: boolean;
}

export function readEmailLink(href: string): EmailLink {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return { code: null, accessToken: null, tokens: false };
  }
  const fragment = new URLSearchParams(url.hash.replace(/^#/, ''));
  const accessToken = fragment.get('access_token') || null;
  return {
    code: supabaseCode(url.searchParams),
    accessToken,
    tokens: accessToken !== null || fragment.has('refresh_token'),
  };
}

function supabaseCode(query: URLSearchParams): string | null {
  const code = query.get('code');
  return code && AUTH_CODE.test(code) && !OTHER_SIGN_IN_PARAMS.some((name) => query.has(name)) ? code : null;
}

/** The address without the link's code (when `code`) and without its tokens (when `tokens`). */
export function withoutLink(href: string, remove: { code: boolean; tokens: boolean }): string {
  const url = new URL(href);
  if (remove.tokens) {
    const fragment = new URLSearchParams(url.hash.replace(/^#/, ''));
    for (const name of TOKEN_PARAMS) fragment.delete(name);
    url.hash = fragment.toString();
  }
  if (remove.code) url.searchParams.delete('code');
  return url.toString();
}
