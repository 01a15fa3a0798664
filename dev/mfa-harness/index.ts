/**
 * dev/mfa-harness: what this plugin's suites add to the Bubble harness: running one element
 * action and waiting for its outcome (jsdom and Chromium), waiting until the element's start-up
 * is over (waitForStartup in jsdom, waitForPageStartup in Chromium: both ask for Get assurance
 * level, which auth-js answers only after start-up), waiting until an action's late result was
 * discarded (waitMfaActionDropped), the page with the aal2-only group and the QR element's DOM
 * report.
 */
export { expectElementAction, runElementAction, waitForStartup } from './element-action.js';
export { MFA_PAGE } from './page.js';
export { inspectQrCanvas, isCleanQrImage, isCleanQrSvgState } from './qr-dom.js';
export type { QrDomReport } from './qr-dom.js';
export { startRealServerPage } from './real-server-page.js';
export type { RealServerPage } from './real-server-page.js';
export { mfaRpcExtras } from './rpc.js';
export type { MfaHarnessRpc } from './rpc.js';
export { expectOutcome, mfaRunner, runMfaAction, startMfaAction, waitForPageStartup, waitMfaAction, waitMfaActionDropped } from './run-action.js';
