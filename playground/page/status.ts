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
