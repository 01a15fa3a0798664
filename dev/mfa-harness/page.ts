/**
 * This plugin's harness page: the generic harness page (dev/bubble-harness/page-server.ts) plus
 * what the Supabase MFA tests look for on it — a group shown only to aal2 sessions (a page
 * condition on the MFA element's current_level), window.bubbleHarness.qrReport() (the QR
 * element's DOM check) and Supabase Auth's path on the page's origin for a test's stand-in.
 * Pass MFA_PAGE to startHarnessServer() or harnessRoute().
 */
import { join } from 'node:path';
import type { PageSetup } from '../bubble-harness/page-server.js';
import { ROOT } from '../bubble-harness/plugin-folder.js';

/** Instance name of the MFA element the page condition reads (the element's runtime alias, the harness's default name). */
export const MFA_INSTANCE = 'supabase_mfa';

export const MFA_PAGE: PageSetup = {
  // The plugin talks to Supabase Auth at <Supabase URL>/auth/v1; with the page server's origin as the URL, tests answer there (setApi).
  apiPrefix: '/auth/v1/',
  body: `<section id="protected" data-show-when="${MFA_INSTANCE}.current_level == aal2" hidden>Protected content: only for aal2 sessions.</section>`,
  style: '  #protected { padding: 12px 24px; }',
  entry: join(ROOT, 'dev', 'mfa-harness', 'browser-entry.ts'),
};
