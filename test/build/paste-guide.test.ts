import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPluginDef } from '../../build/plugin-def.js';
import { pasteGuide } from '../../build/paste-guide.js';
import { RUNTIME_MARKERS, standInBundles } from '../helpers/stand-in-bundles.js';
import { bubbleLayout } from '../../build/bubble-layout.js';

const def = loadPluginDef();
const bundles = standInBundles(def);
const guide = pasteGuide(def, bundles, bubbleLayout(def, bundles));

/** The guide's section for one element: from its heading to the next element or action heading. */
function section(display: string): string {
  const start = guide.indexOf(`## Element: ${display}\n`);
  assert.ok(start >= 0, `no section for ${display}`);
  const rest = guide.slice(start + 1);
  const end = rest.search(/\n## (Element|Action): /);
  return end < 0 ? rest : rest.slice(0, end);
}

test('every element has its section with every field, state, event and action, and its own runtime header', () => {
  for (const el of def.elements) {
    const s = section(el.display);
    for (const f of el.fields) assert.ok(s.includes(`| \`${f.name}\` |`), `${el.name}: field ${f.name}`);
    for (const st of el.states) assert.ok(s.includes(`| \`${st.name}\` |`), `${el.name}: state ${st.name}`);
    for (const e of el.events) assert.ok(s.includes(`| \`${e.name}\` |`), `${el.name}: event ${e.name}`);
    for (const a of el.actions) assert.ok(s.includes(`### Element action: ${a.caption}\n`), `${el.name}: action ${a.name}`);
    for (const [runtime, marker] of Object.entries(RUNTIME_MARKERS)) assert.equal(s.includes(marker), runtime === el.runtime, `${el.name}: ${marker}`);
  }
});

test('the code input is in the guide: its editors and defaults as a builder types them', () => {
  const s = section('Supabase MFA code input');
  assert.match(s, /\| Number of digits \| `length` \| Dynamic value \(number\) \| yes \| 6 \|/);
  assert.match(s, /\| Disabled \| `disabled` \| Dynamic value \(boolean\) \|/);
  assert.match(s, /\| Error colour \| `error_colour` \| Color \| yes \| rgba\(220, 38, 38, 1\) \|/);
  assert.match(s, /### Element action: Show error\n[\s\S]*\| Clear the code \| `clear_code` \| Checkbox \|/);
});

test('it starts with the how-to: Enroll, an HTML element bound to the QR code (SVG), verify, AAL at login, unenroll', () => {
  const start = guide.indexOf('## Using it: the how-to\n');
  assert.ok(start >= 0 && start < guide.indexOf('## Element: '), 'before the element sections');
  const howTo = guide.slice(start, guide.indexOf('## Element: '));
  const mfa = def.elements.find((e) => e.name === 'supabase_mfa')!;
  const caption = (name: string) => mfa.states.find((s) => s.name === name)!.caption;
  assert.match(howTo, new RegExp(`HTML element.*${caption('qr_code_svg').replace(/[()]/g, '\\$&')}`));
  for (const action of ['enroll_factor', 'challenge_and_verify', 'get_assurance_level', 'unenroll_factor']) {
    assert.ok(howTo.includes(mfa.actions.find((a) => a.name === action)!.caption), action);
  }
  assert.ok(!howTo.includes('undefined'));
});
