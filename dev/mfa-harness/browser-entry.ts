/** The script of this plugin's harness page (MFA_PAGE): the generic harness page plus qrReport() and the HTML element. */
import { installHarnessPage } from '../bubble-harness/page-install.js';
import { mfaRpcExtras } from './rpc.js';

installHarnessPage(mfaRpcExtras);
