/**
 * dev/bubble-harness: a strict stand-in for Bubble's page and server runtime, generic (it knows no
 * plugin). It loads a plugin in Bubble's on-disk layout, runs its code boxes with Bubble's
 * arguments and records what Bubble would refuse; in jsdom (jsdomPage), in Chromium (the page
 * server) or, for server-side actions, in a bare node:vm. See README.md beside this file.
 */
export { BubbleHarness } from './harness.js';
export type { ElementInstance, EventRecord, FieldValues, HarnessWindow, ViolationKind } from './harness.js';
export { cleanHarnessPerTest, createJsdomHarness } from './jsdom-page.js';
export type { JsdomHarness } from './jsdom-page.js';
export type { KeyValues } from './keys.js';
export { browserBundle, headersHtml, jquerySourceText, jsonForScript, pluginFilesScript } from './page-assets.js';
export { headScriptRunner } from './page-install.js';
export { harnessRoute, pageQuery, startHarnessServer } from './page-server.js';
export type { HarnessServer } from './page-server.js';
export { DIST_DIR, distModel, readPluginFiles, ROOT } from './plugin-folder.js';
export { findElement, findElementAction, headerScripts, loadPluginModel } from './plugin-model.js';
export type { ElementSpec, PluginFiles, PluginModel } from './plugin-model.js';
export { harnessRpc } from './rpc.js';
export { runServerAction } from './server-action.js';
export { NODE_SERVER_GLOBALS, serverActionHost, vmEvaluator } from './server-vm.js';
export type { SentRequest } from './server-vm.js';
