/** The Your second factors group (visible when signed in): a repeating group over the factor lists, Refresh and Remove. */
import type { App } from './app-context.js';
import { $, button, h, show } from './dom.js';
import { describeFactor, factorTag, factors } from './mfa-states.js';
import type { View } from './view.js';

export function wireFactors(app: App): void {
  button('btn-list-factors').addEventListener('click', () => app.run('List factors'));
  $('factor-list').addEventListener('click', (ev) => {
    const b = (ev.target as HTMLElement).closest<HTMLButtonElement>('button[data-unenroll]');
    if (b?.dataset.unenroll) app.run('Unenroll a factor', { factor_id: b.dataset.unenroll });
  });
}

let factorSignature = '';

export function renderFactors(app: App, v: View): void {
  show('group-factors', v.signedIn && !v.mfaRequired);
  show('btn-add-factor', v.signedIn && v.verifiedCount > 0 && !app.page.setupOpen);
  const all = factors(app.mfa);
  const sig = JSON.stringify(all);
  if (sig === factorSignature) return;
  factorSignature = sig;
  $('factor-list').replaceChildren(
    ...all.map((f) =>
      h(
        'li',
        { class: 'factor', 'data-factor-id': f.id },
        h('span', { class: `factor-icon ${f.type}` }, factorTag(f.type)),
        h('span', { class: 'factor-main' }, h('span', { class: 'factor-name' }, describeFactor(f)), h('span', { class: 'factor-id' }, f.id)),
        h('span', { class: `status-tag ${f.status}` }, f.status),
        h('button', { type: 'button', class: 'btn btn-small btn-danger', 'data-unenroll': f.id, 'aria-label': `Remove ${describeFactor(f)}` }, 'Remove'),
      ),
    ),
  );
  show('factor-empty', all.length === 0);
}
