/**
 * dev/bubble-harness, the part that runs inside a browser page (bundled by esbuild for Chromium):
 * the harness itself, the plugin model, the head-script runner and the RPC surface. index.ts is
 * the Node side and re-exports these too; page code imports this file, which pulls in nothing of
 * Node.
 */
export { BubbleHarness } from './harness.js';
export type { ElementInstance, EventRecord, FieldValues, HarnessWindow } from './harness.js';
export { headScriptRunner } from './page-install.js';
export { findElement, findElementAction, loadPluginModel } from './plugin-model.js';
export type { PluginFiles } from './plugin-model.js';
export { harnessRpc } from './rpc.js';
