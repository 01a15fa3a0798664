/**
 * This plugin's harness page: the generic harness page (dev/bubble-harness/page-server.ts) plus
 * what the Supabase MFA tests look for on it — a group shown only to aal2 sessions (a page
 * condition on the MFA element's current_level) and window.bubbleHarness.qrReport(), the QR
 * element's DOM check. Pass MFA_PAGE to startHarnessServer() or harnessRoute().
 */
import { join } from 'node:path';
import type { PageSetup } from '../bubble-harness/page-server.js';
import { ROOT } from '../bubble-harness/plugin-folder.js';

/** Instance name of the MFA element the page condition reads (the element's runtime alias, the harness's default name). */
export const MFA_INSTANCE = 'supabase_mfa';

export const MFA_PAGE: PageSetup = {
  body: `<section id="protected" data-show-when="${MFA_INSTANCE}.current_level == aal2" hidden>Protected content: only for aal2 sessions.</section>`,
  style: '  #protected { padding: 12px 24px; }',
  entry: join(ROOT, 'dev', 'mfa-harness', 'browser-entry.ts'),
};
