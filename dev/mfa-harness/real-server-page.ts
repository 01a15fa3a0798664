/**
 * The MFA harness page in Chromium against the real Supabase Auth server: the test bed, the page
 * served on its gateway (same origin as /auth/v1) when local, or from a loopback server next to a
 * remote project (which answers CORS for any origin), and one Chromium.
 */
import type { Browser } from 'playwright-core';
import { harnessRoute, startHarnessServer, type HarnessServer } from '../bubble-harness/page-server.js';
import { launchChromium } from '../browser/browser.js';
import { startTestbed, type Testbed } from '../testbed/testbed.js';
import { MFA_PAGE } from './page.js';

export interface RealServerPage {
  testbed: Testbed;
  browser: Browser;
  /** The harness page's URL without its query (add pageQuery(...)). */
  pageBase: string;
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
  return {
    testbed,
    browser,
    pageBase,
    async stop() {
      await browser.close();
      await ownServer?.close();
      await testbed.stop();
    },
  };
}
