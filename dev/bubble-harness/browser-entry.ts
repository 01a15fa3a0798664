/**
 * Browser glue: the harness core inside a real page. The page server puts jQuery and the element
 * headers in <head> (as Bubble does) and this bundle's config in window.__HARNESS_PAGE__; this
 * file builds the harness over the same window and exposes the RPC of rpc.ts as
 * window.bubbleHarness for Playwright (`page.evaluate(() => window.bubbleHarness.runAction(…))`).
 */
import { BubbleHarness, type HarnessWindow } from './harness.js';
import { loadPluginModel, type PluginFiles } from './plugin-model.js';
import { harnessRpc, type BubbleHarnessRpc } from './rpc.js';

export type { BubbleHarnessRpc } from './rpc.js';
export { toJson } from './rpc.js';

export interface HarnessPageConfig {
  /** Element IDs whose headers the server put in <head>. */
  elements: string[];
  keys: Record<string, string>;
}

function install(): void {
  const win = window as unknown as HarnessWindow & {
    __HARNESS_PAGE__?: HarnessPageConfig;
    __BUBBLE_PLUGIN_FILES__?: PluginFiles;
    bubbleHarness?: BubbleHarnessRpc;
  };
  const config = win.__HARNESS_PAGE__ ?? { elements: [], keys: {} };
  const files = win.__BUBBLE_PLUGIN_FILES__;
  if (!files) return;
  const harness = new BubbleHarness({
    model: loadPluginModel(files),
    window: win,
    keys: config.keys,
    headersPreloaded: config.elements,
    container: win.document.getElementById('page') ?? win.document.body,
    // A header not already in <head> is added the way a page would run it: a <script> element.
    runHeaderScript: (code) => {
      const s = win.document.createElement('script');
      s.textContent = code;
      win.document.head.appendChild(s);
    },
  });
  win.bubbleHarness = harnessRpc(harness, win);
}

// Runs when this file is the page's script (page-server.ts); importing it for types does nothing.
if (typeof window !== 'undefined') {
  if ((window as unknown as { __BUBBLE_PLUGIN_FILES__?: unknown }).__BUBBLE_PLUGIN_FILES__) install();
  else console.error('harness page: the plugin files did not load (assets/plugin-files.js)');
}
