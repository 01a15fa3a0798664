/**
 * dev/browser: Debian's Chromium through playwright-core for the browser suites, the bench and the
 * playground's tests: launching it (or saying why it is missing), a page watched for script
 * execution and stray requests, screenshots of an element and QR decoding from pixels (jsqr), and
 * Chromium's virtual WebAuthn authenticator.
 */
export {
  addVirtualAuthenticator,
  chromiumMissing,
  decodeQrPng,
  launchChromium,
  openWatched,
  screenshotDir,
  screenshotInstance,
  waitForAnimations,
} from './browser.js';
export type { VirtualAuthenticator, Watched } from './browser.js';
