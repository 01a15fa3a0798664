/** window.bubbleHarness on this plugin's pages: the generic harness RPC plus the QR element's DOM check. */
import type { BubbleHarness } from '../bubble-harness/harness.js';
import type { BubbleHarnessRpc } from '../bubble-harness/rpc.js';
import { inspectQrCanvas, type QrDomReport } from './qr-dom.js';

export interface MfaHarnessRpc extends BubbleHarnessRpc {
  /** The QR element's DOM, checked to hold only the QR's geometry. */
  qrReport(name: string): QrDomReport;
}

export function mfaRpcExtras(harness: BubbleHarness): Pick<MfaHarnessRpc, 'qrReport'> {
  return { qrReport: (name) => inspectQrCanvas(harness.instance(name).canvas) };
}
