/**
 * The built code input element (dist/bubble-plugin) on the strict Bubble harness in jsdom: its
 * header is DOM only, the states start empty, the editor preview draws the boxes with the
 * builder's look, update() with unchanged properties leaves the DOM alone, out-of-range numbers
 * fall back with a debugger line, 'not ready' data is honoured. Typing, pasting and the rest run
 * in Chromium (test/browser/code-input.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanHarnessPerTest } from '../../dev/bubble-harness/index.js';

const harness = cleanHarnessPerTest(); // each test ends with assertClean()

test('the header carries no Supabase client and no DOMPurify', () => {
  const { harness: h } = harness();
  const header = h.model.elements.find((e) => e.alias === 'code_input')!.headers;
  assert.match(header, /data-supabase-mfa-runtime="code"/);
  for (const marker of ['auth/v1', 'GoTrue', 'DOMPurify', 'sanitize', 'supabase.co']) assert.ok(!header.includes(marker), `the header mentions ${marker}`);
});

test('placed: both states published empty, six boxes and one input; no event, no request', () => {
  const h = harness();
  const el = h.harness.place('Supabase MFA code input');
  assert.deepEqual(el.states, { code: null, is_complete: false });
  assert.deepEqual(el.initialStates, { code: null, is_complete: false });
  assert.equal(el.canvas.querySelectorAll('.smci-box').length, 6);
  assert.equal(el.canvas.querySelectorAll('input').length, 1);
  assert.deepEqual(el.eventNames(), []);
  assert.deepEqual(h.harness.requests, []);
});

test("the editor preview draws the boxes in the builder's colours, with nothing to type into", () => {
  const h = harness();
  const el = h.harness.preview('code_input', { fields: { length: 8, border_colour: 'rgba(1, 2, 3, 1)', box_colour: 'rgba(250, 250, 250, 1)' } });
  const root = el.canvas.querySelector<HTMLElement>('.smci')!;
  assert.equal(el.canvas.querySelectorAll('.smci-box').length, 8);
  assert.equal(el.canvas.querySelectorAll('input').length, 0);
  assert.equal(root.style.getPropertyValue('--smci-border'), 'rgba(1, 2, 3, 1)');
  assert.equal(root.style.getPropertyValue('--smci-bg'), 'rgba(250, 250, 250, 1)');
  assert.ok(root.classList.contains('smci-focus'), 'the first box shows the focus colour');
});

test('a simulated autofill publishes the code before Code changed and Code completed fire', () => {
  const h = harness();
  const el = h.harness.place('code_input');
  const input = el.canvas.querySelector('input')!;
  input.value = 'Your code is 246 810';
  input.dispatchEvent(new h.window.Event('input', { bubbles: true }));
  assert.equal(input.value, '246810');
  assert.deepEqual(el.states, { code: '246810', is_complete: true });
  assert.deepEqual(el.eventNames(), ['code_changed', 'code_completed']);
  assert.deepEqual(el.events[1]!.states, { code: '246810', is_complete: true });
});

test('update with unchanged properties leaves the DOM alone; a new length redraws and keeps the digits that fit', () => {
  const h = harness();
  const el = h.harness.place('code_input', { fields: { length: 8 } });
  const input = el.canvas.querySelector('input')!;
  input.value = '1234567';
  input.dispatchEvent(new h.window.Event('input', { bubbles: true }));
  const boxes = el.canvas.querySelector('.smci-boxes')!;
  const before = boxes.innerHTML;
  el.rerunUpdate();
  assert.equal(boxes.innerHTML, before);
  el.setFields({ length: 6 });
  assert.equal(el.canvas.querySelectorAll('.smci-box').length, 6);
  assert.deepEqual(el.states, { code: '123456', is_complete: true });
  assert.equal(el.eventNames().filter((e) => e === 'code_completed').length, 1);
});

test('a new length re-judges the code: 6 of 8 digits become complete at length 6, a complete code is incomplete at length 8 again', () => {
  const h = harness();
  const el = h.harness.place('code_input', { fields: { length: 8 } });
  const input = el.canvas.querySelector('input')!;
  input.value = '123456';
  input.dispatchEvent(new h.window.Event('input', { bubbles: true }));
  assert.deepEqual(el.states, { code: '123456', is_complete: false });
  el.setFields({ length: 6 });
  assert.deepEqual(el.states, { code: '123456', is_complete: true });
  assert.equal(el.eventNames().filter((e) => e === 'code_completed').length, 1);
  el.setFields({ length: 8 });
  assert.deepEqual(el.states, { code: '123456', is_complete: false });
  assert.equal(el.eventNames().filter((e) => e === 'code_completed').length, 1);
});

test('out-of-range numbers and a colour that is not one fall back, with a line in the debugger', () => {
  const h = harness();
  const el = h.harness.place('code_input', { fields: { length: 40, box_size: -3, text_colour: 'red;background:url(x)' } });
  assert.equal(el.canvas.querySelectorAll('.smci-box').length, 6);
  assert.ok(
    el.debug.some((m) => /Number of digits must be a whole number from 6 to 10/.test(m)),
    el.debug.join('\n'),
  );
  assert.ok(el.debug.some((m) => /Box size/.test(m)));
  assert.equal(el.canvas.querySelector<HTMLElement>('.smci')!.style.color, '');
});

test("a Disabled value still loading: 'not ready' reaches Bubble, the element draws once it arrives", () => {
  const h = harness();
  const el = h.harness.place('code_input', { loading: ['disabled'], fields: { disabled: true } });
  assert.equal(el.canvas.querySelectorAll('.smci-box').length, 0);
  el.arrive();
  assert.equal(el.canvas.querySelectorAll('.smci-box').length, 6);
  assert.equal(el.canvas.querySelector('input')!.disabled, true);
});
