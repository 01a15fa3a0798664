/**
 * What an email link leaves in the page's address when it opens the app: with PKCE (the flow the
 * plugin's client uses) a single-use `?code=` (and auth-js's `sb_flow_id`), which the page
 * exchanges for a session; with the older implicit flow, the tokens themselves in the fragment
 * (`#access_token=…&refresh_token=…`), which must leave the address bar (and the history) at once
 * and are never adopted. Pure: the controller does the exchanging, revoking and replacing.
 */

/** The fragment parameters of an implicit-flow redirect: all removed together. */
const TOKEN_PARAMS = ['access_token', 'refresh_token', 'expires_at', 'expires_in', 'token_type', 'type', 'provider_token', 'provider_refresh_token'];
/** The query parameters of a PKCE redirect. */
const CODE_PARAMS = ['code', 'sb_flow_id'];

export interface EmailLink {
  /** A PKCE code and its flow id, or null. */
  code: { code: string; flowId: string | null } | null;
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
  const codeValue = url.searchParams.get('code');
  return {
    code: codeValue ? { code: codeValue, flowId: url.searchParams.get('sb_flow_id') } : null,
    accessToken,
    tokens: accessToken !== null || fragment.has('refresh_token'),
  };
}

/** The address without the link's code (when `code`) and without its tokens (when `tokens`). */
export function withoutLink(href: string, remove: { code: boolean; tokens: boolean }): string {
  const url = new URL(href);
  if (remove.tokens) {
    const fragment = new URLSearchParams(url.hash.replace(/^#/, ''));
    for (const name of TOKEN_PARAMS) fragment.delete(name);
    url.hash = fragment.toString();
  }
  if (remove.code) for (const name of CODE_PARAMS) url.searchParams.delete(name);
  return url.toString();
}
