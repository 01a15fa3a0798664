/**
 * dev/mfa-harness, the part that runs inside a browser page: this plugin's additions to the
 * harness page's RPC surface. index.ts is the Node side; page code imports this file.
 */
export { mfaRpcExtras } from './rpc.js';
export type { MfaHarnessRpc } from './rpc.js';
