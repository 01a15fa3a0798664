/**
 * The Enter your code group (it follows data-show-when="supabase_mfa.mfa_required == yes"): a
 * choice between verified factors, "Text me a code" for a phone, and the code.
 */
import { type App, typedCode } from './app-context.js';
import { $, button, h, setText, show } from './dom.js';
import { chosenFactor, describeFactor, factors, text } from './mfa-states.js';

export function wireEnterCode(app: App): void {
  const { page, mfa, run } = app;
  button('btn-challenge-send').addEventListener('click', () => {
    const f = chosenFactor(mfa, page);
    if (f) run('Create a challenge', { factor_id: f.id, channel: 'sms' });
  });
  button('btn-challenge-key').addEventListener('click', () => {
    const f = chosenFactor(mfa, page);
    run('Verify with a security key', f?.type === 'webauthn' ? { factor_id: f.id } : {}, 'Touch your security key or unlock this device…');
  });
  $('form-challenge').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = chosenFactor(mfa, page);
    const code = typedCode(app, 'challenge');
    if (f?.type === 'phone') run('Verify a challenge', { code, factor_id: f.id });
    else run('Create and verify a challenge', f ? { code, factor_id: f.id } : { code });
  });
  $('challenge-factors').addEventListener('change', (ev) => {
    const t = ev.target as HTMLInputElement;
    if (t.name === 'challenge-factor') {
      page.challengeFactor = t.value;
      app.codeInputs.challenge.runAction('Clear');
      app.render();
    }
  });
}

let choiceSignature = '';

export function renderEnterCode(app: App): void {
  const { mfa, page } = app;
  const verified = factors(mfa).filter((f) => f.status === 'verified');
  const chosen = chosenFactor(mfa, page);
  const sig = JSON.stringify([verified, chosen?.id]);
  if (sig !== choiceSignature) {
    choiceSignature = sig;
    const box = $('challenge-factors');
    box.replaceChildren(
      ...verified.map((f) => {
        const radio = h('input', { type: 'radio', name: 'challenge-factor', value: f.id });
        radio.checked = f.id === chosen?.id;
        return h(
          'label',
          { class: 'choice' },
          radio,
          h('span', {}, describeFactor(f)),
          h('span', { class: 'tag' }, f.type === 'phone' ? 'SMS' : f.type === 'webauthn' ? 'Key' : 'App'),
        );
      }),
    );
    box.hidden = verified.length < 2;
  }
  const chosenIsPhone = chosen?.type === 'phone';
  show('challenge-key-row', chosen?.type === 'webauthn');
  show('form-challenge', chosen?.type !== 'webauthn');
  const sent = chosenIsPhone && text(mfa, 'challenge_id') !== '' && text(mfa, 'factor_id') === chosen.id;
  show('challenge-send-row', chosenIsPhone);
  setText('challenge-sent', sent ? 'Code sent.' : '');
  setText('btn-challenge-send', sent ? 'Send a new code' : 'Text me a code');
}
