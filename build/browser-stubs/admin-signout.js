// Browser build only: stands in for auth-js's GoTrueAdminApi. In a browser the client uses
// exactly one admin method, signOut(jwt, scope) (POST /logout with the USER's token); the rest
// needs the service role key, which must never be in a page. build/trim-auth.ts checks that
// GoTrueClient still calls nothing else on this.admin, so an auth-js upgrade cannot break this
// silently. The body follows auth-js's own GoTrueAdminApi.signOut.
import { _request } from '@supabase/auth-js/dist/module/lib/fetch.js';
import { isAuthError } from '@supabase/auth-js/dist/module/lib/errors.js';
import { resolveFetch } from '@supabase/auth-js/dist/module/lib/helpers.js';
import { SIGN_OUT_SCOPES } from '@supabase/auth-js/dist/module/lib/types.js';

export default class BrowserAdminSignOut {
  constructor({ url = '', headers = {}, fetch }) {
    this.url = url;
    this.headers = headers;
    this.fetch = resolveFetch(fetch);
  }

  async signOut(jwt, scope = SIGN_OUT_SCOPES[0]) {
    if (SIGN_OUT_SCOPES.indexOf(scope) < 0) throw new Error(`Sign-out scope must be one of ${SIGN_OUT_SCOPES.join(', ')}`);
    try {
      await _request(this.fetch, 'POST', `${this.url}/logout?scope=${scope}`, { headers: this.headers, jwt, noResolveJson: true });
      return { data: null, error: null };
    } catch (error) {
      if (isAuthError(error)) return { data: null, error };
      throw error;
    }
  }
}
