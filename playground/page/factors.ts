/** The Your second factors group (visible when signed in): a repeating group over the factor lists, Refresh and Remove. */
import type { App } from './app-context.js';
import { $, button, h, show } from './dom.js';
import { describeFactor, factorTag, factors } from './mfa-states.js';
import type { View } from './view.js';

export function wireFactors(app: App): void {
  const { page } = app;
  button('btn-list-factors').addEventListener('click', () => app.run('list_factors', {}, null, 'err-factors'));
  $('factor-list').addEventListener('click', (ev) => {
    const target = ev.target as HTMLElement;
    const remove = target.closest<HTMLButtonElement>('button[data-unenroll]');
    const confirm = target.closest<HTMLButtonElement>('button[data-confirm-remove]');
    if (target.closest('button[data-cancel-remove]')) {
      page.confirmRemove = null;
      app.render();
    } else if (confirm?.dataset.confirmRemove) app.run('unenroll_factor', { factor_id: confirm.dataset.confirmRemove }, null, 'err-factors');
    else if (remove?.dataset.unenroll) {
      const f = factors(app.mfa).find((x) => x.id === remove.dataset.unenroll);
      // An unfinished set-up goes at once; a verified factor only after "Remove it" (a Bubble popup).
      if (f?.status === 'verified') {
        page.confirmRemove = f.id;
        app.render();
      } else app.run('unenroll_factor', { factor_id: remove.dataset.unenroll }, null, 'err-factors');
    }
  });
}

let factorSignature = '';

export function renderFactors(app: App, v: View): void {
  show('group-factors', v.signedIn && !v.mfaRequired);
  show('btn-add-factor', v.signedIn && v.verifiedCount > 0 && !app.page.setupOpen);
  const all = factors(app.mfa);
  const sig = JSON.stringify([all, app.page.confirmRemove]);
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
        app.page.confirmRemove === f.id
          ? h(
              'span',
              { class: 'confirm-remove', role: 'group', 'aria-label': `Remove ${describeFactor(f)}?` },
              h('span', { class: 'small' }, `Remove ${describeFactor(f)}? Sign-in will no longer accept it.`),
              h('button', { type: 'button', class: 'btn btn-small btn-danger', 'data-confirm-remove': f.id }, 'Remove it'),
              h('button', { type: 'button', class: 'btn btn-small', 'data-cancel-remove': f.id }, 'Cancel'),
            )
          : h('button', { type: 'button', class: 'btn btn-small btn-danger', 'data-unenroll': f.id, 'aria-label': `Remove ${describeFactor(f)}` }, 'Remove'),
      ),
    ),
  );
  show('factor-empty', all.length === 0);
}
