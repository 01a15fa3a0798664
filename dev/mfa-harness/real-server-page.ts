/**
 * The MFA harness page in Chromium against the real Supabase Auth server: the test bed, the page
 * served on its gateway (same origin as /auth/v1) when local, or from a loopback server next to a
 * remote project (which answers CORS for any origin), and one Chromium.
 */
import type { Browser } from 'playwright-core';
import { harnessRoute, pageQuery, startHarnessServer, type HarnessServer, type PageOptions } from '../bubble-harness/page-server.js';
import { launchChromium, openWatched, type Watched } from '../browser/browser.js';
import { startTestbed, type Testbed } from '../testbed/testbed.js';
import { MFA_PAGE } from './page.js';

export interface RealServerPage {
  testbed: Testbed;
  browser: Browser;
  /** The harness page's URL without its query (add pageQuery(...)). */
  pageBase: string;
  /** The harness page with these elements, connected to the test bed: it may reach the auth API and nothing else. */
  open(opts: Omit<PageOptions, 'keys'>): Promise<Watched>;
  stop(): Promise<void>;
}

export async function startRealServerPage(): Promise<RealServerPage> {
  const testbed = await startTestbed({ quiet: true });
  let ownServer: HarnessServer | undefined;
  let pageBase: string;
  if (testbed.gateway) {
    testbed.gateway.route('/harness', await harnessRoute(MFA_PAGE));
    pageBase = `${testbed.url}/harness/`;
  } else {
    ownServer = await startHarnessServer(MFA_PAGE);
    pageBase = `${ownServer.url}/`;
  }
  const browser = await launchChromium();
  const authOrigin = new URL(testbed.url).origin;
  return {
    testbed,
    browser,
    pageBase,
    open: (opts) =>
      openWatched(browser, `${pageBase}${pageQuery({ ...opts, keys: { 'Supabase URL': testbed.url, 'Supabase anon key': testbed.anonKey } })}`, {
        allowed: (r) => new URL(r.url()).origin === authOrigin && new URL(r.url()).pathname.startsWith('/auth/v1/'),
      }),
    async stop() {
      await browser.close();
      await ownServer?.close();
      await testbed.stop();
    },
  };
}
