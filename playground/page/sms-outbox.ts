/** The dev panel's SMS outbox (local test bed only): the phone codes the Send-SMS hook captured, polled, with "Use". */
import type { App } from './app-context.js';
import type { SmsAnswer } from './config.js';
import { $, h, show } from './dom.js';

export function startSmsOutbox(app: App, pageFetch: typeof fetch): void {
  show('panel-dev-sms', true);
  let lastSms = '';
  const poll = () => {
    if (document.visibilityState !== 'visible') return;
    const phone = app.page.smsPhone.trim();
    void pageFetch(`/playground/sms${phone ? `?phone=${encodeURIComponent(phone)}` : ''}`)
      .then(async (res) => (res.ok ? ((await res.json()) as SmsAnswer) : { messages: [] }))
      .then((answer) => {
        const sig = JSON.stringify(answer.messages);
        if (sig === lastSms) return;
        lastSms = sig;
        $('sms-list').replaceChildren(
          ...answer.messages.map((m) =>
            h(
              'li',
              { 'data-phone': m.phone },
              h('span', { class: 'sms-code' }, m.code),
              h('span', { class: 'sms-meta' }, `${m.phone} · ${new Date(m.sent_at).toLocaleTimeString()}`),
              h('button', { type: 'button', class: 'btn btn-small', 'data-code': m.code }, 'Use'),
            ),
          ),
        );
        show('sms-empty', answer.messages.length === 0);
      })
      .catch(() => undefined);
  };
  $('sms-list').addEventListener('click', (ev) => {
    const b = (ev.target as HTMLElement).closest<HTMLButtonElement>('button[data-code]');
    if (!b?.dataset.code) return;
    // Stands in for the phone's SMS autofill: the browser sets the input's value, then fires input.
    const target = Object.values(app.codeInputs)
      .map((el) => el.canvas.querySelector('input'))
      .find((el) => el && el.offsetParent !== null);
    if (target) {
      target.value = b.dataset.code;
      target.dispatchEvent(new Event('input', { bubbles: true }));
    }
  });
  poll();
  setInterval(poll, 1500);
}
