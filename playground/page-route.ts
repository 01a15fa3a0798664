/**
 * The playground page and its assets: playground/page/index.html with the plugin's headers in
 * <head> (as Bubble puts them), the page's config and, without a server, a banner saying why;
 * jQuery, the plugin files, the page script (page/app.ts, bundled with esbuild) and the styles.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  browserBundle,
  headersHtml,
  jquerySourceText,
  jsonForScript,
  loadPluginModel,
  type PluginFiles,
  pluginFilesScript,
} from '../dev/bubble-harness/index.js';
import type { Backend } from './backend.js';
import { escapeHtml, send } from './http.js';
import { REMOTE_HINT, type PlaygroundPageConfig } from './page/config.js';
import type { RouteHandler } from '../dev/testbed/index.js';

const PAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), 'page');
const APP_ENTRY = join(PAGE_DIR, 'app.ts');

/** Starts bundling the page script (esbuild), so it overlaps with starting the back end. */
export function prepareAppBundle(): Promise<string> {
  return browserBundle(APP_ENTRY);
}

function bannerHtml(backend: Backend): string {
  if (backend.mode !== 'none') return '';
  return `<div id="banner" class="banner" role="alert">
  <strong>No Supabase server is connected.</strong>
  <p>${escapeHtml(backend.summary ?? '')} You can look around, but signing in and every two-factor step will end with “Could not reach Supabase”.</p>
  <p>To try it for real, stop the playground (Ctrl-C) and start it with your Supabase project’s keys (Project Settings → API):</p>
  <pre class="cmd">${escapeHtml(REMOTE_HINT)}</pre>
  <details><summary>Why exactly</summary><pre class="reason">${escapeHtml(backend.reason ?? '')}</pre></details>
</div>`;
}

function pageHtml(template: string, headers: string, config: PlaygroundPageConfig, backend: Backend): string {
  const replacements: Record<string, string> = {
    '<!-- bubble:headers -->': headers,
    '<!-- playground:config -->': `<script>window.__PLAYGROUND__ = ${jsonForScript(config)};</script>`,
    '<!-- playground:banner -->': bannerHtml(backend),
  };
  let html = template;
  for (const [marker, value] of Object.entries(replacements)) {
    if (!html.includes(marker)) throw new Error(`playground/page/index.html lacks ${marker}`);
    html = html.split(marker).join(value);
  }
  return html;
}

/** What the server tells the page. */
function pageConfig(backend: Backend, elements: string[]): PlaygroundPageConfig {
  return {
    mode: backend.mode,
    supabaseUrl: backend.testbed?.kind === 'remote' ? backend.testbed.url : null,
    anonKey: backend.testbed?.anonKey ?? 'no-server',
    elements,
    devSms: backend.testbed?.smsCodes !== undefined,
    summary: backend.summary,
    reason: backend.reason,
  };
}

/** Builds the page and its assets once (the page script is bundled here) and returns the route for /. */
export async function pageRoute(files: PluginFiles, backend: Backend): Promise<RouteHandler> {
  const model = loadPluginModel(files);
  const appJs = await prepareAppBundle();
  const config = pageConfig(
    backend,
    model.elements.map((e) => e.id),
  );
  const html = pageHtml(readFileSync(join(PAGE_DIR, 'index.html'), 'utf8'), headersHtml(model, model.elements), config, backend);
  const css = readFileSync(join(PAGE_DIR, 'styles.css'), 'utf8');
  const favicon = readFileSync(join(PAGE_DIR, 'favicon.svg'), 'utf8');
  const pluginFilesJs = pluginFilesScript(files);
  return (req, res, { subpath }) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 'text/plain; charset=utf-8', 'method not allowed', 405);
    switch (subpath) {
      case '/':
      case '/index.html':
        return send(res, 'text/html; charset=utf-8', html);
      case '/assets/jquery.js':
        return send(res, 'text/javascript; charset=utf-8', jquerySourceText());
      case '/assets/plugin-files.js':
        return send(res, 'text/javascript; charset=utf-8', pluginFilesJs);
      case '/assets/app.js':
        return send(res, 'text/javascript; charset=utf-8', appJs);
      case '/assets/styles.css':
        return send(res, 'text/css; charset=utf-8', css);
      case '/favicon.svg':
      case '/favicon.ico':
        return send(res, 'image/svg+xml', favicon);
      default:
        return send(res, 'text/plain; charset=utf-8', 'not found', 404);
    }
  };
}
