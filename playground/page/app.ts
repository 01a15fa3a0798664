/**
 * The playground page: a small "Bubble app" wired ONLY through the plugin's element actions,
 * states and events, the way a builder wires a page with workflows and conditions.
 *
 * The elements run in the Bubble harness (dev/bubble-harness/core.ts): it evaluates the code boxes of
 * dist/bubble-plugin/ with Bubble's arguments, over the headers the server put in <head>. This
 * file plays the part of Bubble's editor: element placement, dynamic expressions (bind), page
 * conditions (visible when …), workflows ("When button X is clicked → MFA: action", "When MFA's
 * event → …") and custom states. It never calls Supabase itself.
 */
import { BubbleHarness, type ElementInstance, type EventRecord, type FieldValues, type HarnessWindow } from '../../dev/bubble-harness/harness.js';
import { loadPluginModel, type PluginFiles } from '../../dev/bubble-harness/plugin-model.js';
import { inspectQrCanvas } from '../../dev/bubble-harness/qr-dom.js';
import { MFA, QR, TOTP_ISSUER, type PlaygroundPageConfig, type PlaygroundRpc, type SignupAnswer, type SmsAnswer } from './config.js';

type Win = HarnessWindow & {
  __PLAYGROUND__?: PlaygroundPageConfig;
  __BUBBLE_PLUGIN_FILES__?: PluginFiles;
  playground?: PlaygroundRpc;
};

const win = window as unknown as Win;
const doc = document;
// The page's own requests (sign-up, SMS outbox) use the fetch from before the harness wraps it,
// so the harness's request log holds only what the plugin sent.
const pageFetch: typeof fetch = window.fetch.bind(window);

/** The harness, told when anything changes (Bubble re-evaluates conditions on every publish). */
class PlaygroundHarness extends BubbleHarness {
  onChange: (() => void) | null = null;
  override refreshConditions(): void {
    super.refreshConditions();
    this.onChange?.();
  }
  override nextSeq(): number {
    const n = super.nextSeq();
    this.onChange?.(); // an event is being recorded
    return n;
  }
}

// ---------------------------------------------------------------------------------------------
// DOM helpers

function $(id: string): HTMLElement {
  const el = doc.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el;
}
const input = (id: string) => $(id) as HTMLInputElement;
const button = (id: string) => $(id) as HTMLButtonElement;
function show(id: string, visible: boolean): void {
  $(id).hidden = !visible;
}
function setText(id: string, text: string): void {
  const el = $(id);
  if (el.textContent !== text) el.textContent = text;
}
function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const el = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) el.append(c);
  return el;
}

/** JSON-safe copy (Dates become { $date }), as the harness's browser glue does. */
function toJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(toJson);
  if (Object.prototype.toString.call(v) === '[object Date]') return { $date: (v as Date).toISOString() };
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return v;
}

// ---------------------------------------------------------------------------------------------

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
    runHeaderScript: (code) => {
      const s = doc.createElement('script');
      s.textContent = code;
      doc.head.appendChild(s);
    },
  });

  // Page custom states (Bubble: "set state" on the page).
  const page = {
    setupOpen: false,
    setupTab: 'totp' as 'totp' | 'phone' | 'key',
    /** A phone set-up is in progress: when the factor is enrolled, send the SMS. */
    phoneSetup: false,
    /** The factor chosen in "Enter your code". */
    challengeFactor: '',
    note: null as { text: string; kind: 'info' | 'ok' | 'error' } | null,
    smsPhone: win.localStorage.getItem('playground.phone') ?? '',
    processedEvents: 0,
  };

  // ---- Elements on the page ---------------------------------------------------------------
  let scheduled = false;
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      runWorkflows();
      render();
    });
  };
  harness.onChange = schedule;

  const mfa: ElementInstance = harness.place('Supabase MFA', { name: MFA, parent: $('nonvisual'), fields: { totp_issuer: TOTP_ISSUER } });
  const qr: ElementInstance = harness.place('Supabase MFA QR code', {
    name: QR,
    parent: $('qr-slot'),
    width: 240,
    height: 240,
    fields: { label: 'QR code to add this account to your authenticator app' },
  });
  // QR source = Supabase MFA's QR code SVG (a dynamic expression).
  harness.bind(qr, 'qr_source', mfa, 'qr_code_svg');
  // A Supabase MFA code input in each place a code is typed, each with Disabled = MFA's Is busy.
  const placeCodeInput = (k: string): ElementInstance => {
    const el = harness.place('Supabase MFA code input', { name: `code_${k}`, parent: $(`code-${k}`), width: 300, height: 52 });
    el.canvas.style.width = '100%'; // responsive: the element spans its slot
    harness.bind(el, 'disabled', mfa, 'is_busy');
    return el;
  };
  const codeInputs = { totp: placeCodeInput('totp'), phone: placeCodeInput('phone'), challenge: placeCodeInput('challenge') };
  const code = (k: keyof typeof codeInputs) => String(codeInputs[k].states.code ?? '');
  const clearCodes = () => {
    for (const el of Object.values(codeInputs)) el.runAction('Clear');
  };

  // ---- State accessors ----------------------------------------------------------------------
  const st = () => mfa.states;
  const text = (k: string): string => {
    const v = st()[k];
    return typeof v === 'string' ? v : '';
  };
  const yes = (k: string): boolean => st()[k] === true;
  const list = (k: string): string[] => {
    const v = st()[k];
    return Array.isArray(v) ? v.map(String) : [];
  };
  const count = (k: string): number => {
    const v = st()[k];
    return typeof v === 'number' ? v : 0;
  };
  interface Factor {
    id: string;
    name: string;
    type: string;
    status: string;
  }
  const factors = (): Factor[] => {
    const names = list('factor_names');
    const types = list('factor_types');
    const statuses = list('factor_statuses');
    return list('factor_ids').map((id, i) => ({ id, name: names[i] ?? '', type: types[i] ?? '', status: statuses[i] ?? '' }));
  };
  const describeFactor = (f: Factor) => f.name || (f.type === 'phone' ? 'Phone' : f.type === 'webauthn' ? 'Security key' : 'Authenticator app');
  const factorTag = (type: string) => (type === 'phone' ? 'SMS' : type === 'webauthn' ? 'KEY' : 'TOTP');

  // ---- Workflows ----------------------------------------------------------------------------
  const note = (text: string, kind: 'info' | 'ok' | 'error' = 'info') => {
    page.note = { text, kind };
    schedule();
  };

  /** A workflow step "Supabase MFA: <action>". Returns at once, like Bubble. */
  const run = (action: string, props: FieldValues = {}, pending: string | null = null) => {
    page.note = pending ? { text: pending, kind: 'info' } : null;
    mfa.runAction(action, props);
    schedule();
  };

  const onEvent = (e: EventRecord) => {
    const s = e.states;
    const str = (k: string) => (typeof s[k] === 'string' ? (s[k] as string) : '');
    if (e.instance === QR) {
      if (e.event === 'error') note(str('error_message') || 'The QR code could not be shown.', 'error');
      return;
    }
    if (e.instance.startsWith('code_')) {
      // When Code input's Code completed → the same workflow as its Verify button.
      if (e.event === 'code_completed') ($(`code-${e.instance.slice(5)}`).closest('form') as HTMLFormElement).requestSubmit();
      return;
    }
    switch (e.event) {
      case 'signed_in':
        if (s.mfa_required === true) {
          note(`Signed in as ${str('user_email')}. Now enter the code from your second factor.`, 'info');
          // When MFA's "Signed in" and MFA required → MFA: List factors (fresh choices for "Enter your code").
          mfa.runAction('List factors');
        } else if (s.verified_factor_count === 0) note(`Signed in as ${str('user_email')}. Set up two-factor to protect the account.`, 'ok');
        else note(`Signed in as ${str('user_email')}.`, 'ok');
        break;
      case 'signed_out':
        page.setupOpen = false;
        page.phoneSetup = false;
        page.challengeFactor = '';
        input('in-password').value = '';
        clearCodes();
        note('Signed out.', 'info');
        break;
      case 'factor_enrolled':
        // When MFA's "A factor was enrolled" → MFA: List factors (the new, unverified factor shows in the list).
        mfa.runAction('List factors');
        if (str('factor_type') === 'phone') {
          if (page.phoneSetup) {
            page.phoneSetup = false;
            // When MFA's "A factor was enrolled" → MFA: Create a challenge (sends the SMS).
            run('Create a challenge', { channel: 'sms' }, `Sending a code to ${page.smsPhone}…`);
          }
        } else {
          note('Scan the QR code with your authenticator app, then type the 6-digit code it shows.', 'info');
          codeInputs.totp.runAction('Clear');
        }
        break;
      case 'challenge_created':
        if (str('factor_type') === 'phone') {
          const to = s.mfa_required !== true && page.smsPhone ? ` to ${page.smsPhone}` : '';
          note(`We sent a 6-digit code by SMS${to}. It works for 5 minutes.`, 'info');
          codeInputs[s.mfa_required === true ? 'challenge' : 'phone'].runAction('Focus');
        }
        break;
      case 'challenge_verified':
        page.setupOpen = false;
        clearCodes();
        note('Two-factor check passed: this session is now aal2.', 'ok');
        break;
      case 'security_key_enrolled':
        mfa.runAction('List factors');
        break;
      case 'passkey_registered':
        note('Passkey saved: next time, sign in with it (then pass your second factor).', 'ok');
        break;
      case 'factor_unenrolled':
        note(s.verified_factor_count === 0 ? 'The factor was removed. The account has no second factor now.' : 'The factor was removed.', 'info');
        break;
      case 'error':
        page.phoneSetup = false;
        // When MFA's An error occurred → Show error on the code input that holds a code.
        for (const el of Object.values(codeInputs)) if (el.states.code) el.runAction('Show error', { message: str('error_message') });
        note(str('error_message') || 'Something went wrong. Please try again.', 'error');
        break;
      default:
        break;
    }
  };

  const runWorkflows = () => {
    const all = harness.events;
    while (page.processedEvents < all.length) {
      const e = all[page.processedEvents++]!;
      logEvent(e);
      onEvent(e);
    }
  };

  // ---- Buttons (workflows "When … is clicked") ----------------------------------------------
  $('form-sign-in').addEventListener('submit', (ev) => {
    ev.preventDefault();
    run('Sign in with email and password', { email: input('in-email').value, password: input('in-password').value });
  });

  let signingUp = false;
  button('btn-sign-up').addEventListener('click', () => {
    const email = input('in-email').value.trim();
    const password = input('in-password').value;
    if (!email || !password) {
      note('Type an email address and a password (at least 6 characters), then click Create account.', 'error');
      return;
    }
    page.note = { text: 'Creating the account…', kind: 'info' };
    signingUp = true;
    render();
    void pageFetch('/playground/signup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })
      .then(async (res) => (await res.json()) as SignupAnswer)
      .catch((): SignupAnswer => ({ ok: false, error_code: 'network_error', error_message: 'The playground server did not answer. Is it still running?' }))
      .then((answer) => {
        signingUp = false;
        if (answer.ok) run('Sign in with email and password', { email, password }, 'Account created. Signing in…');
        else note(answer.error_message, 'error');
      });
  });

  button('btn-sign-out').addEventListener('click', () => run('Sign out'));

  const selectTab = (tab: 'totp' | 'phone' | 'key') => {
    page.setupTab = tab;
    render();
  };
  button('tab-totp').addEventListener('click', () => selectTab('totp'));
  button('tab-phone').addEventListener('click', () => selectTab('phone'));
  button('tab-key').addEventListener('click', () => selectTab('key'));
  $('form-enroll-key').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const kind = ($('in-key-kind') as HTMLSelectElement).value;
    run(
      'Enroll a security key',
      { authenticator: kind, friendly_name: input('in-key-name').value.trim() || null },
      'Touch your security key or unlock this device…',
    );
  });
  button('btn-register-passkey').addEventListener('click', () => run('Register a passkey', {}, 'Touch your security key or unlock this device…'));
  button('btn-cancel-key').addEventListener('click', () => mfa.runAction('Cancel the security key request'));
  button('btn-passkey-sign-in').addEventListener('click', () => run('Sign in with a passkey', {}, 'Choose your passkey…'));
  button('btn-challenge-key').addEventListener('click', () => {
    const f = chosenFactor();
    run('Verify with a security key', f?.type === 'webauthn' ? { factor_id: f.id } : {}, 'Touch your security key or unlock this device…');
  });

  $('form-enroll-totp').addEventListener('submit', (ev) => {
    ev.preventDefault();
    run('Enroll a factor', { factor_type: 'totp', friendly_name: input('in-totp-name').value.trim() || 'Authenticator app' });
  });
  $('form-verify-totp').addEventListener('submit', (ev) => {
    ev.preventDefault();
    run('Create and verify a challenge', { code: code('totp') });
  });
  button('btn-copy-secret').addEventListener('click', () => {
    const secret = text('totp_secret');
    const done = (ok: boolean) => {
      setText('btn-copy-secret', ok ? 'Copied' : 'Select it');
      setTimeout(() => setText('btn-copy-secret', 'Copy'), 1500);
      if (!ok) {
        const range = doc.createRange();
        range.selectNodeContents($('totp-secret'));
        const sel = win.getSelection();
        sel?.removeAllRanges();
        sel?.addRange(range);
      }
    };
    if (!secret) return;
    if (navigator.clipboard?.writeText)
      navigator.clipboard.writeText(secret).then(
        () => done(true),
        () => done(false),
      );
    else done(false);
  });

  $('form-enroll-phone').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const phone = input('in-phone').value.trim();
    page.smsPhone = phone;
    page.phoneSetup = true;
    win.localStorage.setItem('playground.phone', phone);
    const digits = phone.replace(/\D/g, '');
    run('Enroll a factor', { factor_type: 'phone', phone, friendly_name: digits.length >= 4 ? `Phone ••${digits.slice(-4)}` : 'Phone' });
  });
  $('form-verify-phone').addEventListener('submit', (ev) => {
    ev.preventDefault();
    run('Verify a challenge', { code: code('phone') });
  });

  const chosenFactor = (): Factor | undefined => {
    const verified = factors().filter((f) => f.status === 'verified');
    return verified.find((f) => f.id === page.challengeFactor) ?? verified.find((f) => f.type === 'totp') ?? verified[0];
  };
  button('btn-challenge-send').addEventListener('click', () => {
    const f = chosenFactor();
    if (f) run('Create a challenge', { factor_id: f.id, channel: 'sms' });
  });
  $('form-challenge').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = chosenFactor();
    const typed = code('challenge');
    if (f?.type === 'phone') run('Verify a challenge', { code: typed, factor_id: f.id });
    else run('Create and verify a challenge', f ? { code: typed, factor_id: f.id } : { code: typed });
  });
  $('challenge-factors').addEventListener('change', (ev) => {
    const t = ev.target as HTMLInputElement;
    if (t.name === 'challenge-factor') {
      page.challengeFactor = t.value;
      codeInputs.challenge.runAction('Clear');
      render();
    }
  });

  button('btn-list-factors').addEventListener('click', () => run('List factors'));
  button('btn-add-factor').addEventListener('click', () => {
    page.setupOpen = true;
    render();
    $('group-setup').scrollIntoView({ behavior: 'smooth', block: 'start' });
  });
  button('btn-setup-close').addEventListener('click', () => {
    page.setupOpen = false;
    run('Clear enrollment data');
  });
  $('factor-list').addEventListener('click', (ev) => {
    const b = (ev.target as HTMLElement).closest<HTMLButtonElement>('button[data-unenroll]');
    if (b?.dataset.unenroll) run('Unenroll a factor', { factor_id: b.dataset.unenroll });
  });

  // ---- Inspector: states and events ---------------------------------------------------------
  const stateRows = new Map<string, HTMLTableCellElement>();
  const buildStateTable = (inst: ElementInstance, bodyId: string) => {
    const body = $(bodyId);
    for (const s of inst.spec.states) {
      const value = h('td', { class: 'value' });
      const row = h('tr', { 'data-state': s.name, title: s.caption }, h('th', { scope: 'row' }, s.name), value);
      body.append(row);
      stateRows.set(`${inst.name}.${s.name}`, value);
    }
  };
  buildStateTable(mfa, 'states-body');
  buildStateTable(qr, 'qr-states-body');

  const formatValue = (name: string, v: unknown): { text: string; empty: boolean } => {
    if (v === null || v === undefined) return { text: 'empty', empty: true };
    if (typeof v === 'boolean') return { text: v ? 'yes' : 'no', empty: false };
    if (Array.isArray(v)) return v.length === 0 ? { text: 'empty list', empty: true } : { text: v.map((x) => String(x)).join(', '), empty: false };
    if (Object.prototype.toString.call(v) === '[object Date]') return { text: (v as Date).toLocaleTimeString(), empty: false };
    const s = String(v);
    if ((name === 'qr_code_svg' || name === 'qr_code_image') && s.length > 48)
      return { text: `${s.slice(0, 32)}… (${(s.length / 1024).toFixed(1)} KB)`, empty: false };
    return { text: s, empty: s === '' };
  };
  const renderStates = () => {
    for (const inst of [mfa, qr]) {
      for (const s of inst.spec.states) {
        const cell = stateRows.get(`${inst.name}.${s.name}`);
        if (!cell) continue;
        const { text: t, empty } = formatValue(s.name, inst.states[s.name]);
        if (cell.textContent !== t) cell.textContent = t;
        cell.classList.toggle('empty', empty);
      }
    }
  };

  const logEvent = (e: EventRecord) => {
    const when = new Date(e.at).toLocaleTimeString();
    const detail = e.event === 'error' && typeof e.states.error_code === 'string' ? ` (${e.states.error_code})` : '';
    const item = h(
      'li',
      { class: e.event === 'error' ? 'error' : '', 'data-event': e.event },
      h('time', {}, when),
      ' ',
      h('b', {}, e.instance),
      ' → ',
      e.event,
      detail,
    );
    const log = $('event-log');
    log.prepend(item);
    while (log.children.length > 60) log.lastElementChild?.remove();
    show('event-empty', false);
  };

  // ---- Render: the page's conditions ----------------------------------------------------------
  let factorSignature = '';
  let choiceSignature = '';
  const render = () => {
    const signedIn = yes('is_signed_in');
    const busy = yes('is_busy') || signingUp;
    const mfaRequired = yes('mfa_required');
    const verifiedCount = count('verified_factor_count');
    const level = text('current_level');

    // Status: "Working…" while busy, else the last plain sentence.
    const status = $('status');
    if (busy) {
      status.hidden = false;
      status.className = 'status busy';
      setText('status', page.note?.kind === 'info' && page.note.text.endsWith('…') ? page.note.text : 'Working…');
    } else if (page.note) {
      status.hidden = false;
      status.className = `status ${page.note.kind}`;
      setText('status', page.note.text);
    } else status.hidden = true;

    // Top bar.
    show('user-box', signedIn);
    setText('user-email', text('user_email'));
    setText('user-level', level ? level.toUpperCase() : '');
    $('user-level').className = `level ${level === 'aal2' ? 'level-2' : 'level-1'}`;

    // Groups (Bubble: "This element is visible when …").
    show('group-sign-in', !signedIn);
    const setupVisible = signedIn && !mfaRequired && (verifiedCount === 0 || page.setupOpen);
    show('group-setup', setupVisible);
    show('group-factors', signedIn && !mfaRequired);
    show('btn-add-factor', signedIn && verifiedCount > 0 && !page.setupOpen);
    show('btn-setup-close', page.setupOpen && verifiedCount > 0);

    // Set up two-factor.
    button('tab-totp').setAttribute('aria-selected', String(page.setupTab === 'totp'));
    button('tab-phone').setAttribute('aria-selected', String(page.setupTab === 'phone'));
    show('pane-totp', page.setupTab === 'totp');
    show('pane-phone', page.setupTab === 'phone');
    button('tab-key').setAttribute('aria-selected', String(page.setupTab === 'key'));
    show('pane-key', page.setupTab === 'key');
    const webauthn = yes('webauthn_supported');
    show('key-unsupported', !webauthn);
    show('form-enroll-key', webauthn);
    show('passkey-sign-in', webauthn);
    const factorType = text('factor_type');
    show('totp-enrolled', factorType === 'totp' && text('qr_code_svg') !== '');
    setText('totp-secret', text('totp_secret_grouped'));
    const uri = text('totp_uri');
    const link = $('totp-link') as HTMLAnchorElement;
    if (uri.startsWith('otpauth://')) {
      if (link.getAttribute('href') !== uri) link.setAttribute('href', uri);
    } else link.removeAttribute('href');
    show('form-verify-phone', factorType === 'phone' && text('challenge_id') !== '' && !mfaRequired);

    // Enter your code (the group itself follows data-show-when="supabase_mfa.mfa_required == yes").
    const verified = factors().filter((f) => f.status === 'verified');
    const chosen = chosenFactor();
    const sig = JSON.stringify([verified, chosen?.id]);
    if (sig !== choiceSignature) {
      choiceSignature = sig;
      const box = $('challenge-factors');
      box.replaceChildren(
        ...verified.map((f) => {
          const radio = h('input', { type: 'radio', name: 'challenge-factor', value: f.id });
          radio.checked = f.id === chosen?.id;
          return h(
            'label',
            { class: 'choice' },
            radio,
            h('span', {}, describeFactor(f)),
            h('span', { class: 'tag' }, f.type === 'phone' ? 'SMS' : f.type === 'webauthn' ? 'Key' : 'App'),
          );
        }),
      );
      box.hidden = verified.length < 2;
    }
    const chosenIsPhone = chosen?.type === 'phone';
    show('challenge-key-row', chosen?.type === 'webauthn');
    show('form-challenge', chosen?.type !== 'webauthn');
    show('challenge-send-row', chosenIsPhone);
    setText('challenge-sent', chosenIsPhone && text('challenge_id') && text('factor_id') === chosen.id ? 'Code sent.' : '');
    setText('btn-challenge-send', chosenIsPhone && text('challenge_id') && text('factor_id') === chosen.id ? 'Send a new code' : 'Text me a code');

    // Protected.
    setText('protected-methods', list('authentication_methods').join(', ') || '—');

    // Factors (a repeating group).
    const all = factors();
    const fsig = JSON.stringify(all);
    if (fsig !== factorSignature) {
      factorSignature = fsig;
      $('factor-list').replaceChildren(
        ...all.map((f) =>
          h(
            'li',
            { class: 'factor', 'data-factor-id': f.id },
            h('span', { class: `factor-icon ${f.type}` }, factorTag(f.type)),
            h('span', { class: 'factor-main' }, h('span', { class: 'factor-name' }, describeFactor(f)), h('span', { class: 'factor-id' }, f.id)),
            h('span', { class: `status-tag ${f.status}` }, f.status),
            h('button', { type: 'button', class: 'btn btn-small btn-danger', 'data-unenroll': f.id, 'aria-label': `Remove ${describeFactor(f)}` }, 'Remove'),
          ),
        ),
      );
      show('factor-empty', all.length === 0);
    }

    // Disable action buttons while the element is busy (Bubble: "This element isn't clickable when MFA's Is busy").
    for (const b of Array.from(
      doc.querySelectorAll<HTMLButtonElement>(
        'main button[type="submit"], main .btn-danger, #btn-sign-up, #btn-sign-out, #btn-list-factors, #btn-challenge-send, #btn-passkey-sign-in, #btn-register-passkey, #btn-challenge-key',
      ),
    ))
      b.disabled = busy;

    renderStates();
  };

  // ---- Dev panel: the SMS outbox (local test bed only) --------------------------------------
  if (config.devSms) {
    show('panel-dev-sms', true);
    let lastSms = '';
    const poll = () => {
      if (doc.visibilityState !== 'visible') return;
      const phone = page.smsPhone.trim();
      void pageFetch(`/playground/sms${phone ? `?phone=${encodeURIComponent(phone)}` : ''}`)
        .then(async (res) => (res.ok ? ((await res.json()) as SmsAnswer) : { messages: [] }))
        .then((answer) => {
          const sig = JSON.stringify(answer.messages);
          if (sig === lastSms) return;
          lastSms = sig;
          $('sms-list').replaceChildren(
            ...answer.messages.map((m) =>
              h(
                'li',
                { 'data-phone': m.phone },
                h('span', { class: 'sms-code' }, m.code),
                h('span', { class: 'sms-meta' }, `${m.phone} · ${new Date(m.sent_at).toLocaleTimeString()}`),
                h('button', { type: 'button', class: 'btn btn-small', 'data-code': m.code }, 'Use'),
              ),
            ),
          );
          show('sms-empty', answer.messages.length === 0);
        })
        .catch(() => undefined);
    };
    $('sms-list').addEventListener('click', (ev) => {
      const b = (ev.target as HTMLElement).closest<HTMLButtonElement>('button[data-code]');
      if (!b?.dataset.code) return;
      // Stands in for the phone's SMS autofill: the browser sets the input's value, then fires input.
      const target = Object.values(codeInputs)
        .map((el) => el.canvas.querySelector('input'))
        .find((el) => el && el.offsetParent !== null);
      if (target) {
        target.value = b.dataset.code;
        target.dispatchEvent(new Event('input', { bubbles: true }));
      }
    });
    poll();
    setInterval(poll, 1500);
  }

  // ---- Mode badge ---------------------------------------------------------------------------
  const badge = $('mode-badge');
  badge.textContent =
    config.mode === 'local'
      ? 'Local Supabase Auth'
      : config.mode === 'remote'
        ? `Project: ${new URL(config.supabaseUrl ?? win.location.origin).host}`
        : 'No server';
  badge.classList.add(`badge-${config.mode}`);

  // ---- What tests read (window.playground) -------------------------------------------------
  const inst = (name: string) => harness.instance(name);
  const eventJson = (e: EventRecord) => ({ event: e.event, seq: e.seq, states: toJson(e.states) as Record<string, unknown> });
  win.playground = {
    ready: true,
    config,
    stateNames: (name) => inst(name).spec.states.map((s) => s.name),
    states: (name) => toJson(inst(name).states) as Record<string, unknown>,
    events: (name) => inst(name).events.map(eventJson),
    violations: () => harness.violations.map((v) => ({ kind: v.kind, where: v.where, detail: v.detail })),
    requests: () => harness.requests.map((r) => ({ method: r.method, url: r.url })),
    waitForState: (name, state, value, timeout = 10_000) => inst(name).waitForState(state, value, { timeout }),
    waitForEvent: async (name, event, after = 0, timeout = 10_000) => eventJson(await inst(name).waitForEvent(event, { after, timeout })),
    qrReport: (name) => inspectQrCanvas(inst(name).canvas),
  };

  harness.refreshConditions();
  schedule();
}

try {
  start();
} catch (err) {
  const status = doc.getElementById('status');
  if (status) {
    status.hidden = false;
    status.className = 'status error';
    status.textContent = `The playground page could not start: ${err instanceof Error ? err.message : String(err)}`;
  }
  throw err;
}
