/**
 * The Backend workflow group (visible when signed in). Protected action → the page hands the MFA
 * element's Access token to the playground's backend workflow (Bubble: Schedule API workflow with
 * access_token = MFA's Access token); the server checks it with the plugin's server-side action
 * and runs the protected step only at aal2. The page decides nothing: it shows the server's answer.
 */
import type { App } from './app-context.js';
import type { ProtectedAnswer } from './config.js';
import { $, button, setText, show } from './dom.js';
import { text } from './mfa-states.js';
import type { View } from './view.js';

/** The last answer, for the token it was about (a new session hides it). */
let last: { token: string; ok: boolean; text: string } | null = null;
let running = false;

function describe(a: ProtectedAnswer): string {
  if (a.performed) return `Done: the server confirmed aal2 (${a.methods.join(', ')}); the protected step has run ${a.performed_count}×.`;
  return `Refused by the server: ${a.error_message ?? 'not allowed.'} (${a.error_code ?? 'no code'})`;
}

export function wireProtectedAction(app: App): void {
  button('btn-protected-action').addEventListener('click', async () => {
    const token = text(app.mfa, 'access_token');
    running = true;
    last = null;
    app.render();
    try {
      const res = await fetch('/playground/protected', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ access_token: token || null }),
      });
      const answer = (await res.json()) as ProtectedAnswer;
      last = { token, ok: answer.performed, text: describe(answer) };
    } catch {
      last = { token, ok: false, text: 'Could not reach the playground server.' };
    }
    running = false;
    app.render();
  });
}

export function renderProtectedAction(app: App, v: View): void {
  show('group-backend', v.signedIn);
  button('btn-protected-action').disabled = running || v.busy;
  const current = last?.token === text(app.mfa, 'access_token') ? last : null;
  const out = $('protected-result');
  out.hidden = current === null;
  out.className = `status ${current?.ok ? 'ok' : 'error'}`;
  setText('protected-result', current?.text ?? '');
}
