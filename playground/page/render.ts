/** The page's conditions (Bubble: "This element is visible when …"), re-evaluated after every change. */
import type { App } from './app-context.js';
import { setText } from './dom.js';
import { renderEnterCode } from './enter-code.js';
import { renderFactors } from './factors.js';
import { renderStates } from './inspector.js';
import { list } from './mfa-states.js';
import { renderProtectedAction } from './protected-action.js';
import { renderSetup } from './setup.js';
import { renderSignIn } from './sign-in.js';
import { renderFieldErrors, renderStatus, renderTopBar } from './status.js';
import { view } from './view.js';

/** Buttons that start a step: not clickable while the element is busy (Bubble: "This element isn't clickable when MFA's Is busy"). */
const STEP_BUTTONS =
  'main button[type="submit"], main .btn-danger, #btn-sign-up, #btn-sign-out, #btn-list-factors, #btn-challenge-send, #btn-passkey-sign-in, #btn-register-passkey, #btn-challenge-key';

export function render(app: App): void {
  const v = view(app);
  renderStatus(app, v);
  renderFieldErrors(app);
  renderTopBar(app, v);
  renderSignIn(app, v);
  renderSetup(app, v);
  renderEnterCode(app);
  // Protected (the group itself follows data-show-when="supabase_mfa.mfa_passed == yes").
  setText('protected-methods', list(app.mfa, 'authentication_methods').join(', ') || '—');
  renderProtectedAction(app, v);
  renderFactors(app, v);
  for (const b of Array.from(document.querySelectorAll<HTMLButtonElement>(STEP_BUTTONS))) b.disabled = v.busy;
  renderStates([app.mfa]);
}
