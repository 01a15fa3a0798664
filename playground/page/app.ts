/**
 * The playground page: a small "Bubble app" wired ONLY through the plugin's element actions,
 * states and events, the way a builder wires a page with workflows and conditions.
 *
 * The elements run in the Bubble harness (dev/bubble-harness/): it evaluates the code boxes of
 * dist/bubble-plugin/ with Bubble's arguments, over the headers the server put in <head>. The
 * page plays the part of Bubble's editor: element placement and a dynamic expression (here),
 * page conditions (render.ts and each group's file), workflows (workflows.ts, and each group's
 * buttons) and custom states (app-context.ts). It never calls Supabase itself.
 */
import { type ElementInstance, harnessRpc, type HarnessWindow, headScriptRunner, loadPluginModel, type PluginFiles } from '../../dev/bubble-harness/in-page.js';
import { mfaRpcExtras } from '../../dev/mfa-harness/in-page.js';
import { type App, type CodePlace, type PageState, PlaygroundHarness } from './app-context.js';
import { MFA, QR_HTML_ELEMENT, TOTP_ISSUER, type PlaygroundPageConfig, type PlaygroundRpc } from './config.js';
import { $ } from './dom.js';
import { wireEnterCode } from './enter-code.js';
import { wireFactors } from './factors.js';
import { buildStateTable } from './inspector.js';
import { wireProtectedAction } from './protected-action.js';
import { render } from './render.js';
import { wireSetup } from './setup.js';
import { wireSignIn } from './sign-in.js';
import { startSmsOutbox } from './sms-outbox.js';
import { showModeBadge, wireTheme } from './status.js';
import { runWorkflows } from './workflows.js';

type Win = HarnessWindow & {
  __PLAYGROUND__?: PlaygroundPageConfig;
  __BUBBLE_PLUGIN_FILES__?: PluginFiles;
  playground?: PlaygroundRpc;
};

const win = window as unknown as Win;
// The page's own requests (sign-up, SMS outbox) use the fetch from before the harness wraps it,
// so the harness's request log holds only what the plugin sent.
const pageFetch: typeof fetch = window.fetch.bind(window);

function start(): void {
  const config = win.__PLAYGROUND__;
  const files = win.__BUBBLE_PLUGIN_FILES__;
  if (!config || !files) throw new Error('the playground page did not get its configuration or the plugin files');

  const harness = new PlaygroundHarness({
    model: loadPluginModel(files),
    window: win,
    keys: { 'Supabase URL': config.supabaseUrl ?? win.location.origin, 'Supabase anon key': config.anonKey },
    headersPreloaded: config.elements,
    container: $('nonvisual'),
    runHeaderScript: headScriptRunner(win),
  });
  const page: PageState = {
    setupOpen: false,
    setupTab: 'totp',
    phoneSetup: false,
    note: null,
    errorSlot: null,
    fieldError: null,
    confirmRemove: null,
    smsPhone: win.localStorage.getItem('playground.phone') ?? '',
    processedEvents: 0,
  };

  let scheduled = false;
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      runWorkflows(app);
      render(app);
    });
  };
  harness.onChange = schedule;

  // The elements on the page.
  const mfa = harness.place('Supabase MFA', { name: MFA, parent: $('nonvisual'), fields: { totp_issuer: TOTP_ISSUER } });
  // The how-to's HTML element (240 px square); its content is MFA's QR code (SVG) (setup.ts).
  const qrHtml = win.document.createElement('div');
  qrHtml.id = QR_HTML_ELEMENT;
  qrHtml.className = 'html-element';
  $('qr-slot').appendChild(qrHtml);
  // A Supabase MFA code input in each place a code is typed, each with Disabled = MFA's Is busy.
  const placeCodeInput = (k: CodePlace): ElementInstance => {
    const el = harness.place('Supabase MFA code input', { name: `code_${k}`, parent: $(`code-${k}`), width: 300, height: 52 });
    el.canvas.style.width = '100%'; // responsive: the element spans its slot
    harness.bind(el, 'disabled', mfa, 'is_busy');
    return el;
  };
  const codeInputs = { totp: placeCodeInput('totp'), phone: placeCodeInput('phone'), challenge: placeCodeInput('challenge'), sms: placeCodeInput('sms') };

  const app: App = {
    config,
    harness,
    mfa,
    qrHtml,
    codeInputs,
    page,
    schedule,
    render: () => render(app),
    note: (text, kind = 'info') => {
      page.note = { text, kind };
      schedule();
    },
    run: (action, props = {}, pending = null, slot = null) => {
      page.note = pending ? { text: pending, kind: 'info' } : null;
      page.errorSlot = slot;
      page.fieldError = null;
      mfa.runAction(action, props);
      schedule();
    },
  };

  wireSignIn(app);
  wireSetup(app);
  wireEnterCode(app);
  wireFactors(app);
  wireProtectedAction(app);
  buildStateTable(mfa, 'states-body');
  if (config.devSms) startSmsOutbox(app, pageFetch);
  showModeBadge(app);
  wireTheme();

  // What tests read: the harness page's RPC and this page's config.
  win.playground = { ...harnessRpc(harness, win), ...mfaRpcExtras(harness), config };

  harness.refreshConditions();
  schedule();
}

try {
  start();
} catch (err) {
  const status = document.getElementById('status');
  if (status) {
    status.hidden = false;
    status.className = 'status error';
    status.textContent = `The playground page could not start: ${err instanceof Error ? err.message : String(err)}`;
  }
  throw err;
}
