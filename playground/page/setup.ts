/**
 * The Set up two-factor group (visible when signed in with no verified factor, or on demand):
 * an authenticator app (an HTML element showing the QR code (SVG), key, otpauth link), a phone (SMS code), or a security
 * key / this device (WebAuthn), and a passkey.
 */
import { type App, typedCode } from './app-context.js';
import { $, button, input, setText, show } from './dom.js';
import { factors, text, yes } from './mfa-states.js';
import type { View } from './view.js';

export function wireSetup(app: App): void {
  const { page, run } = app;
  const selectTab = (tab: 'totp' | 'phone' | 'key') => {
    page.setupTab = tab;
    app.render();
  };
  button('tab-totp').addEventListener('click', () => selectTab('totp'));
  button('tab-phone').addEventListener('click', () => selectTab('phone'));
  button('tab-key').addEventListener('click', () => selectTab('key'));
  $('form-enroll-key').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const kind = ($('in-key-kind') as HTMLSelectElement).value;
    run(
      'enroll_security_key',
      { authenticator: kind, friendly_name: input('in-key-name').value.trim() || null },
      'Touch your security key or unlock this device…',
    );
  });
  button('btn-register-passkey').addEventListener('click', () => run('register_passkey', {}, 'Touch your security key or unlock this device…'));
  button('btn-cancel-key').addEventListener('click', () => app.mfa.runAction('cancel_security_key'));

  $('form-enroll-totp').addEventListener('submit', (ev) => {
    ev.preventDefault();
    run('enroll_factor', { factor_type: 'totp', friendly_name: input('in-totp-name').value.trim() || 'Authenticator app' }, null, 'err-enroll-totp');
  });
  $('form-verify-totp').addEventListener('submit', (ev) => {
    ev.preventDefault();
    run('challenge_and_verify', { code: typedCode(app, 'totp') }, null, 'err-verify-totp');
  });
  button('btn-copy-secret').addEventListener('click', () => copySecret(text(app.mfa, 'totp_secret')));

  $('form-enroll-phone').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const phone = input('in-phone').value.trim();
    page.smsPhone = phone;
    page.phoneSetup = true;
    window.localStorage.setItem('playground.phone', phone);
    const digits = phone.replace(/\D/g, '');
    run(
      'enroll_factor',
      { factor_type: 'phone', phone, friendly_name: digits.length >= 4 ? `Phone ••${digits.slice(-4)}` : 'Phone' },
      null,
      'err-enroll-phone',
    );
  });
  $('form-verify-phone').addEventListener('submit', (ev) => {
    ev.preventDefault();
    run('verify_challenge', { code: typedCode(app, 'phone'), factor_type: 'phone' }, null, 'err-verify-phone');
  });

  button('btn-add-factor').addEventListener('click', () => {
    page.setupOpen = true;
    // Each factor needs its own name: a second authenticator gets one not used yet.
    input('in-totp-name').value = freeName(app, 'Authenticator app');
    app.render();
    $('group-setup').scrollIntoView({ behavior: 'smooth', block: 'start' });
  });
  button('btn-setup-close').addEventListener('click', () => {
    page.setupOpen = false;
    run('clear_enrollment');
  });
}

/** A name no factor of this user has yet ("Authenticator app 2", …). */
function freeName(app: App, base: string): string {
  const taken = new Set(factors(app.mfa).map((f) => f.name));
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base} ${n}`)) n++;
  return `${base} ${n}`;
}

/** Copies the key; where the clipboard refuses, selects it for the user to copy. */
function copySecret(secret: string): void {
  const done = (ok: boolean) => {
    setText('btn-copy-secret', ok ? 'Copied' : 'Select it');
    setTimeout(() => setText('btn-copy-secret', 'Copy'), 1500);
    if (!ok) {
      const range = document.createRange();
      range.selectNodeContents($('totp-secret'));
      const sel = window.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
    }
  };
  if (!secret) return;
  if (navigator.clipboard?.writeText)
    navigator.clipboard.writeText(secret).then(
      () => done(true),
      () => done(false),
    );
  else done(false);
}

/** What each HTML element last showed (Bubble re-sets it only when the value changes). */
const shownQr = new WeakMap<HTMLElement, string>();

export function renderSetup(app: App, v: View): void {
  const { page, mfa } = app;
  show('group-setup', v.signedIn && !v.mfaRequired && (v.verifiedCount === 0 || page.setupOpen));
  show('btn-setup-close', page.setupOpen && v.verifiedCount > 0);
  button('tab-totp').setAttribute('aria-selected', String(page.setupTab === 'totp'));
  button('tab-phone').setAttribute('aria-selected', String(page.setupTab === 'phone'));
  show('pane-totp', page.setupTab === 'totp');
  show('pane-phone', page.setupTab === 'phone');
  button('tab-key').setAttribute('aria-selected', String(page.setupTab === 'key'));
  show('pane-key', page.setupTab === 'key');
  const webauthn = yes(mfa, 'webauthn_supported');
  show('key-unsupported', !webauthn);
  show('form-enroll-key', webauthn);
  const factorType = text(mfa, 'factor_type');
  const qrSvg = text(mfa, 'qr_code_svg');
  show('totp-enrolled', factorType === 'totp' && qrSvg !== '');
  // The how-to's HTML element: Bubble sets its content from the state with jQuery's .html().
  if (shownQr.get(app.qrHtml) !== qrSvg) {
    shownQr.set(app.qrHtml, qrSvg);
    (window as unknown as { jQuery: (el: HTMLElement) => { html(t: string): unknown } }).jQuery(app.qrHtml).html(qrSvg);
  }
  setText('totp-secret', text(mfa, 'totp_secret_grouped'));
  const uri = text(mfa, 'totp_uri');
  const link = $('totp-link') as HTMLAnchorElement;
  if (uri.startsWith('otpauth://')) {
    if (link.getAttribute('href') !== uri) link.setAttribute('href', uri);
  } else link.removeAttribute('href');
  show('form-verify-phone', factorType === 'phone' && text(mfa, 'challenge_id') !== '' && !v.mfaRequired);
}
