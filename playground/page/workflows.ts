/**
 * The page's event workflows (Bubble: "When Supabase MFA's <event> → …"): what happens after each
 * event of the elements. Runs for every new harness event, in order.
 */
import type { EventRecord } from '../../dev/bubble-harness/in-page.js';
import { type App, clearCodes } from './app-context.js';
import { $, input } from './dom.js';
import { logEvent } from './inspector.js';

/** Handles the events recorded since the last call. */
export function runWorkflows(app: App): void {
  const all = app.harness.events;
  while (app.page.processedEvents < all.length) {
    const e = all[app.page.processedEvents++]!;
    logEvent(e);
    onEvent(app, e);
  }
}

function onEvent(app: App, e: EventRecord): void {
  const { page, mfa, codeInputs, note, run } = app;
  const s = e.states;
  const str = (k: string) => (typeof s[k] === 'string' ? (s[k] as string) : '');
  if (e.instance.startsWith('code_')) {
    // When Code input's Code completed → the same workflow as its Verify button.
    if (e.event === 'code_completed') ($(`code-${e.instance.slice(5)}`).closest('form') as HTMLFormElement).requestSubmit();
    return;
  }
  switch (e.event) {
    case 'signed_in':
      if (s.mfa_required === true) note(`Signed in as ${str('user_email')}. Now enter the code from your second factor.`, 'info');
      else if (s.verified_factor_count === 0) note(`Signed in as ${str('user_email')}. Set up two-factor to protect the account.`, 'ok');
      else note(`Signed in as ${str('user_email')}.`, 'ok');
      break;
    case 'signed_out':
      page.setupOpen = false;
      page.phoneSetup = false;
      page.confirmRemove = null;
      page.fieldError = null;
      input('in-password').value = '';
      clearCodes(app);
      note('Signed out.', 'info');
      break;
    case 'signed_up':
      if (s.confirmation_email_sent === true) note('Account created. Check your inbox: open the link we emailed you, then sign in.', 'ok');
      break;
    case 'factor_enrolled':
      // The factor lists already show the new factor (Enroll refreshes them).
      if (str('factor_type') === 'phone') {
        if (page.phoneSetup) {
          page.phoneSetup = false;
          // When MFA's "A factor was enrolled" (only when Factor type is phone) → MFA: Create a challenge (Factor type phone).
          run('create_challenge', { factor_type: 'phone', channel: 'sms' }, `Sending a code to ${page.smsPhone}…`, 'err-enroll-phone');
        }
      } else {
        note('Scan the QR code with your authenticator app, then type the 6-digit code it shows.', 'info');
        codeInputs.totp.runAction('clear');
        // The next thing the user does is type the code: the code input takes the focus.
        codeInputs.totp.runAction('focus');
      }
      break;
    case 'challenge_created':
      if (str('factor_type') === 'phone') {
        const to = s.mfa_required !== true && page.smsPhone ? ` to ${page.smsPhone}` : '';
        note(`We sent a 6-digit code by SMS${to}. It works for 5 minutes.`, 'info');
        codeInputs[s.mfa_required === true ? 'sms' : 'phone'].runAction('focus');
      }
      break;
    case 'challenge_verified':
      page.setupOpen = false;
      clearCodes(app);
      note('Two-factor check passed: this session is now aal2.', 'ok');
      break;
    case 'security_key_enrolled':
      mfa.runAction('list_factors');
      break;
    case 'passkey_registered':
      note('Passkey saved: next time, sign in with it (then pass your second factor).', 'ok');
      break;
    case 'factor_unenrolled':
      page.confirmRemove = null;
      if (s.mfa_required === true) note('The factor was removed. This session was verified with it, so enter a code from another factor.', 'info');
      else note(s.verified_factor_count === 0 ? 'The factor was removed. The account has no second factor now.' : 'The factor was removed.', 'info');
      break;
    case 'error': {
      page.phoneSetup = false;
      const message = str('error_message') || 'Something went wrong. Please try again.';
      // When MFA's An error occurred → Show error on the code input that holds a code.
      for (const el of Object.values(codeInputs)) if (el.states.code) el.runAction('show_error', { message });
      // And the sentence under the form whose step failed (Bubble: a text bound to Error message beside it).
      if (page.errorSlot) {
        page.fieldError = { slot: page.errorSlot, text: message };
        page.note = null;
      } else note(message, 'error');
      break;
    }
    default:
      break;
  }
}
