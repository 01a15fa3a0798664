/** The side panel: every state of both elements, live, and the event log. */
import type { ElementInstance, EventRecord } from '../../dev/bubble-harness/in-page.js';
import { $, h, show } from './dom.js';

const stateRows = new Map<string, HTMLTableCellElement>();

/** One row per declared state of `inst` in the table body `bodyId`. */
export function buildStateTable(inst: ElementInstance, bodyId: string): void {
  const body = $(bodyId);
  for (const s of inst.spec.states) {
    const value = h('td', { class: 'value' });
    const row = h('tr', { 'data-state': s.name, title: s.caption }, h('th', { scope: 'row' }, s.name), value);
    body.append(row);
    stateRows.set(`${inst.name}.${s.name}`, value);
  }
}

function formatValue(name: string, v: unknown): { text: string; empty: boolean } {
  if (v === null || v === undefined) return { text: 'empty', empty: true };
  if (typeof v === 'boolean') return { text: v ? 'yes' : 'no', empty: false };
  if (Array.isArray(v)) return v.length === 0 ? { text: 'empty list', empty: true } : { text: v.map((x) => String(x)).join(', '), empty: false };
  if (Object.prototype.toString.call(v) === '[object Date]') return { text: (v as Date).toLocaleTimeString(), empty: false };
  const s = String(v);
  // The user's own token: shown shortened, like a password field (it is theirs, not the page's).
  if (name === 'access_token') return { text: `${s.slice(0, 10)}… (JWT, ${s.length} characters)`, empty: false };
  if ((name === 'qr_code_svg' || name === 'qr_code_image') && s.length > 48)
    return { text: `${s.slice(0, 32)}… (${(s.length / 1024).toFixed(1)} KB)`, empty: false };
  return { text: s, empty: s === '' };
}

export function renderStates(instances: readonly ElementInstance[]): void {
  for (const inst of instances) {
    for (const s of inst.spec.states) {
      const cell = stateRows.get(`${inst.name}.${s.name}`);
      if (!cell) continue;
      const { text: t, empty } = formatValue(s.name, inst.states[s.name]);
      if (cell.textContent !== t) cell.textContent = t;
      cell.classList.toggle('empty', empty);
    }
  }
}

export function logEvent(e: EventRecord): void {
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
}
