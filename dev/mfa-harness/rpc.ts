/** window.bubbleHarness on this plugin's pages: the generic harness RPC plus the QR element's DOM check. */
import type { BubbleHarness } from '../bubble-harness/harness.js';
import type { BubbleHarnessRpc } from '../bubble-harness/rpc.js';
import { htmlElementReport, placeHtmlElement, setHtmlElement, type HtmlElementOptions } from './html-element.js';
import { inspectQrCanvas, type QrDomReport } from './qr-dom.js';

export interface MfaHarnessRpc extends BubbleHarnessRpc {
  /** The QR element's DOM, checked to hold only the QR's geometry. */
  qrReport(name: string): QrDomReport;
  /** Places a Bubble HTML element (dev/mfa-harness/html-element.ts) in a group of the given background. */
  placeHtmlElement(id: string, options: HtmlElementOptions): void;
  /** Sets its content from a state with jQuery's .html(), as Bubble does; reports what it then holds. */
  setHtmlElement(id: string, html: string | null): QrDomReport;
  /** What an HTML element (any element with this id) holds: one QR <svg> and nothing else, or nothing. */
  htmlElementReport(id: string): QrDomReport;
}

type Extras = Pick<MfaHarnessRpc, 'qrReport' | 'placeHtmlElement' | 'setHtmlElement' | 'htmlElementReport'>;

export function mfaRpcExtras(harness: BubbleHarness): Extras {
  return {
    qrReport: (name) => inspectQrCanvas(harness.instance(name).canvas),
    placeHtmlElement: (id, options) => placeHtmlElement(window, id, options),
    setHtmlElement: (id, html) => setHtmlElement(window, id, html),
    htmlElementReport: (id) => htmlElementReport(window, id),
  };
}
