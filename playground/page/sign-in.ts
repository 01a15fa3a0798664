/**
 * The Sign in group (visible when MFA's Is signed in is no) and Sign out. Create account is the
 * plugin's Sign up with email and password; "Check your inbox" shows when Confirmation email sent is yes.
 */
import type { App } from './app-context.js';
import { $, button, input, show } from './dom.js';
import { yes } from './mfa-states.js';
import type { View } from './view.js';

export function wireSignIn(app: App): void {
  const { run } = app;
  $('form-sign-in').addEventListener('submit', (ev) => {
    ev.preventDefault();
    run('sign_in', { email: input('in-email').value, password: input('in-password').value }, null, 'err-sign-in');
  });
  // Create account → MFA: Sign up with email and password (the project's email-confirmation setting decides the rest).
  button('btn-sign-up').addEventListener('click', () => {
    run('sign_up', { email: input('in-email').value, password: input('in-password').value }, 'Creating the account…', 'err-sign-in');
  });
  button('btn-sign-out').addEventListener('click', () => run('sign_out'));
  button('btn-passkey-sign-in').addEventListener('click', () => run('sign_in_with_passkey', {}, 'Choose your passkey…', 'err-sign-in'));
}

export function renderSignIn(app: App, v: View): void {
  show('group-sign-in', !v.signedIn);
  show('check-inbox', yes(app.mfa, 'confirmation_email_sent'));
  show('passkey-sign-in', yes(app.mfa, 'webauthn_supported'));
}
