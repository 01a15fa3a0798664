/** The status line, the top bar (who is signed in, at which level) and the mode badge. */
import type { App } from './app-context.js';
import { $, setText, show } from './dom.js';
import { text } from './mfa-states.js';
import type { View } from './view.js';

/** "Working…" while busy (or the pending step's own "…" note), else the last plain sentence. */
export function renderStatus(app: App, v: View): void {
  const note = app.page.note;
  const status = $('status');
  if (v.busy) {
    status.hidden = false;
    status.className = 'status busy';
    setText('status', note?.kind === 'info' && note.text.endsWith('…') ? note.text : 'Working…');
  } else if (note) {
    status.hidden = false;
    status.className = `status ${note.kind}`;
    setText('status', note.text);
  } else status.hidden = true;
}

export function renderTopBar(app: App, v: View): void {
  show('user-box', v.signedIn);
  setText('user-email', text(app.mfa, 'user_email'));
  setText('user-level', v.level ? v.level.toUpperCase() : '');
  $('user-level').className = `level ${v.level === 'aal2' ? 'level-2' : 'level-1'}`;
}

/** A dark page around the elements (the QR code keeps its own light background and quiet zone). */
export function wireTheme(): void {
  const toggle = $('btn-theme');
  const apply = (dark: boolean) => {
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
    toggle.setAttribute('aria-pressed', String(dark));
    setText('btn-theme', dark ? 'Light page' : 'Dark page');
  };
  apply(window.localStorage.getItem('playground.theme') === 'dark');
  toggle.addEventListener('click', () => {
    const dark = document.documentElement.dataset.theme !== 'dark';
    window.localStorage.setItem('playground.theme', dark ? 'dark' : 'light');
    apply(dark);
  });
}

/** Each error under the form whose step caused it (Bubble: a text bound to Error message beside the form). */
export function renderFieldErrors(app: App): void {
  for (const slot of Array.from(document.querySelectorAll<HTMLElement>('.field-error'))) {
    const mine = app.page.fieldError?.slot === slot.id ? app.page.fieldError.text : '';
    if (slot.textContent !== mine) slot.textContent = mine;
    slot.hidden = mine === '';
  }
}

/** Says where Supabase is (set once). */
export function showModeBadge(app: App): void {
  const { config } = app;
  const badge = $('mode-badge');
  badge.textContent =
    config.mode === 'local'
      ? 'Local Supabase Auth'
      : config.mode === 'remote'
        ? `Project: ${new URL(config.supabaseUrl ?? window.location.origin).host}`
        : 'No server';
  badge.classList.add(`badge-${config.mode}`);
}
