/**
 * The harness inside a real page. The page server puts jQuery and the element headers in <head>
 * (as Bubble does), the page's config in window.__HARNESS_PAGE__ and the plugin files in
 * window.__BUBBLE_PLUGIN_FILES__; installHarnessPage() builds the harness over the same window and
 * exposes the RPC of rpc.ts (plus what `extend` adds) as window.bubbleHarness for Playwright
 * (`page.evaluate(() => window.bubbleHarness.runAction(…))`).
 */
import { BubbleHarness, type HarnessWindow } from './harness.js';
import { loadPluginModel, type PluginFiles } from './plugin-model.js';
import { harnessRpc, type BubbleHarnessRpc } from './rpc.js';

export interface HarnessPageConfig {
  /** Element IDs whose headers the server put in <head>. */
  elements: string[];
  keys: Record<string, string>;
}

type PageWindow = HarnessWindow & {
  __HARNESS_PAGE__?: HarnessPageConfig;
  __BUBBLE_PLUGIN_FILES__?: PluginFiles;
};

/** Runs a header script the way a page would: as a <script> element in <head>. */
export function headScriptRunner(win: HarnessWindow): (code: string) => void {
  return (code) => {
    const s = win.document.createElement('script');
    s.textContent = code;
    win.document.head.appendChild(s);
  };
}

/** Installs window.bubbleHarness; `extend` adds calls of a plugin's own (e.g. DOM checks of its elements). */
export function installHarnessPage(extend?: (harness: BubbleHarness, win: HarnessWindow) => object): void {
  const win = window as unknown as PageWindow;
  const files = win.__BUBBLE_PLUGIN_FILES__;
  if (!files) {
    console.error('harness page: the plugin files did not load (assets/plugin-files.js)');
    return;
  }
  const config = win.__HARNESS_PAGE__ ?? { elements: [], keys: {} };
  const harness = new BubbleHarness({
    model: loadPluginModel(files),
    window: win,
    keys: config.keys,
    headersPreloaded: config.elements,
    container: win.document.getElementById('page') ?? win.document.body,
    runHeaderScript: headScriptRunner(win),
  });
  const rpc: BubbleHarnessRpc = { ...harnessRpc(harness, win), ...extend?.(harness, win) };
  Object.assign(win, { bubbleHarness: rpc });
}
