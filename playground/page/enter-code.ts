/**
 * The Enter your code group (it follows data-show-when="supabase_mfa.mfa_required == yes"), wired as
 * the README recipe: the authenticator-app code (visible when Has authenticator app), "Text me a
 * code" and the SMS code (visible when Has phone factor), the security key (visible when Has
 * security key). No factor id anywhere: the Factor type option and the element's defaults pick it.
 */
import { type App, typedCode } from './app-context.js';
import { $, button, setText, show } from './dom.js';
import { text, yes } from './mfa-states.js';

export function wireEnterCode(app: App): void {
  const { run } = app;
  button('btn-challenge-send').addEventListener('click', () => {
    run('create_challenge', { factor_type: 'phone', channel: 'sms' }, 'Sending a code…', 'err-sms');
  });
  $('form-sms').addEventListener('submit', (ev) => {
    ev.preventDefault();
    run('verify_challenge', { code: typedCode(app, 'sms'), factor_type: 'phone' }, null, 'err-sms');
  });
  $('form-challenge').addEventListener('submit', (ev) => {
    ev.preventDefault();
    run('challenge_and_verify', { code: typedCode(app, 'challenge') }, null, 'err-challenge');
  });
  button('btn-challenge-key').addEventListener('click', () => run('verify_security_key', {}, 'Touch your security key or unlock this device…'));
}

export function renderEnterCode(app: App): void {
  const { mfa } = app;
  const phoneChallenge = yes(mfa, 'mfa_required') && text(mfa, 'factor_type') === 'phone' && text(mfa, 'challenge_id') !== '';
  show('form-sms', phoneChallenge);
  setText('challenge-sent', phoneChallenge ? 'Code sent.' : '');
  setText('btn-challenge-send', phoneChallenge ? 'Send a new code' : 'Text me a code');
  show('challenge-key-row', yes(mfa, 'has_security_key'));
}
