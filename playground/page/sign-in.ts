/**
 * The Sign in group (visible when MFA's Is signed in is no) and Sign out. Create account asks the
 * playground server (it stands in for Bubble's own sign-up), then runs the same sign-in action.
 */
import type { App } from './app-context.js';
import { $, button, input, show } from './dom.js';
import type { SignupAnswer } from './config.js';
import { yes } from './mfa-states.js';
import type { View } from './view.js';

/** The page's own requests use the fetch from before the harness wraps it, so the harness's request log holds only what the plugin sent. */
export function wireSignIn(app: App, pageFetch: typeof fetch): void {
  const { page, run, note } = app;
  $('form-sign-in').addEventListener('submit', (ev) => {
    ev.preventDefault();
    run('Sign in with email and password', { email: input('in-email').value, password: input('in-password').value });
  });
  button('btn-sign-up').addEventListener('click', () => {
    const email = input('in-email').value.trim();
    const password = input('in-password').value;
    if (!email || !password) {
      note('Type an email address and a password (at least 6 characters), then click Create account.', 'error');
      return;
    }
    page.note = { text: 'Creating the account…', kind: 'info' };
    page.signingUp = true;
    app.render();
    void pageFetch('/playground/signup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })
      .then(async (res) => (await res.json()) as SignupAnswer)
      .catch((): SignupAnswer => ({ ok: false, error_code: 'network_error', error_message: 'The playground server did not answer. Is it still running?' }))
      .then((answer) => {
        page.signingUp = false;
        if (answer.ok) run('Sign in with email and password', { email, password }, 'Account created. Signing in…');
        else note(answer.error_message, 'error');
      });
  });
  button('btn-sign-out').addEventListener('click', () => run('Sign out'));
  button('btn-passkey-sign-in').addEventListener('click', () => run('Sign in with a passkey', {}, 'Choose your passkey…'));
}

export function renderSignIn(app: App, v: View): void {
  show('group-sign-in', !v.signedIn);
  show('passkey-sign-in', yes(app.mfa, 'webauthn_supported'));
}
