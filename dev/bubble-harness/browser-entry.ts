/** The harness page's script (page-server.ts bundles it): the harness and window.bubbleHarness, nothing more. */
import { installHarnessPage } from './page-install.js';

installHarnessPage();
