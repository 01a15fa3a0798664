/**
 * The Supabase MFA code input in Chromium, on the harness page built like a Bubble page from
 * dist/bubble-plugin: real key presses (Playwright's keyboard), a real clipboard paste
 * (Ctrl+V), a simulated autofill (the value set the way the browser sets it, then an input
 * event), Clear / Focus / Show error, the Disabled field, keyboard-only use, 320 and 390 px
 * phones, light and dark pages. Screenshots go to docs/screenshots/.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { type HarnessServer, ROOT, startHarnessServer } from '../../dev/bubble-harness/index.js';
import { chromiumMissing, launchChromium, openWatched, screenshotDir, screenshotInstance, waitForAnimations, type Watched } from '../../dev/browser/index.js';
import { assertPageClean } from '../helpers/browser.js';

const SCREENSHOTS = screenshotDir(ROOT);
const skip = chromiumMissing() ?? false;

let browser: Browser;
let server: HarnessServer;

before(async () => {
  if (skip) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startHarnessServer();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

interface Page {
  w: Watched;
  name: string;
}

async function open(opts: { theme?: 'light' | 'dark'; viewport?: { width: number; height: number } } = {}): Promise<Watched> {
  const w = await openWatched(browser, server.pageUrl({ elements: ['code_input'], theme: opts.theme }), { viewport: opts.viewport });
  await w.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  return w;
}

/** A fresh code input (earlier canvases are taken off the page). */
async function place(w: Watched, opts: { width?: number; height?: number; fields?: Record<string, unknown> } = {}): Promise<Page> {
  const name = await w.page.evaluate((o) => {
    for (const c of Array.from(document.querySelectorAll('.bubble-element'))) c.remove();
    return window.bubbleHarness.place('code_input', o);
  }, opts);
  return { w, name };
}

const input = (p: Page) => p.w.page.locator(`[data-name="${p.name}"] input`);
const states = (p: Page) => p.w.page.evaluate((n) => window.bubbleHarness.states(n), p.name);
const events = (p: Page) => p.w.page.evaluate((n) => window.bubbleHarness.events(n).map((e) => e.event), p.name);
const count = async (p: Page, event: string) => (await events(p)).filter((e) => e === event).length;
const action = (p: Page, a: string, props: Record<string, unknown> = {}) =>
  p.w.page.evaluate(({ n, a, props }) => window.bubbleHarness.runAction(n, a, props), { n: p.name, a, props });

/** What the page shows: each box's text, which box is active, the root's classes. */
function drawn(
  p: Page,
): Promise<{ boxes: string[]; active: number; classes: string[]; value: string; focused: boolean; invalid: string | null; live: string }> {
  return p.w.page.evaluate((n) => {
    const canvas = document.querySelector(`[data-name="${n}"]`)!;
    const boxes = Array.from(canvas.querySelectorAll('.smci-box'));
    const inp = canvas.querySelector('input')!;
    return {
      boxes: boxes.map((b) => b.textContent ?? ''),
      active: boxes.findIndex((b) => b.classList.contains('smci-active')),
      classes: Array.from(canvas.querySelector('.smci')!.classList),
      value: inp.value,
      focused: document.activeElement === inp,
      invalid: inp.getAttribute('aria-invalid'),
      live: canvas.querySelector('.smci-live')?.textContent ?? '',
    };
  }, p.name);
}

/** Puts `text` on the clipboard and presses Ctrl+V in the code input. */
async function paste(p: Page, text: string): Promise<void> {
  await p.w.page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await input(p).focus();
  await p.w.page.keyboard.press('Control+V');
}

describe('the code input in Chromium', { skip }, () => {
  let w: Watched;
  before(async () => {
    w = await open();
  });
  after(async () => {
    await w?.page.context().close();
  });

  test('one real input, announced as a code field, drawn as N boxes; the states start empty', async () => {
    const p = await place(w);
    const attrs = await input(p).evaluate((el: HTMLInputElement) => ({
      type: el.type,
      inputmode: el.getAttribute('inputmode'),
      autocomplete: el.getAttribute('autocomplete'),
      pattern: el.getAttribute('pattern'),
      autocorrect: el.getAttribute('autocorrect'),
      autocapitalize: el.getAttribute('autocapitalize'),
      spellcheck: el.getAttribute('spellcheck'),
      label: el.getAttribute('aria-label'),
      maxLength: el.maxLength,
    }));
    assert.deepEqual(attrs, {
      type: 'text',
      inputmode: 'numeric',
      autocomplete: 'one-time-code',
      pattern: '\\d{6}',
      autocorrect: 'off',
      autocapitalize: 'off',
      spellcheck: 'false',
      label: 'Verification code',
      // No maxlength: the browser would cut "123 456" to "123 45" before the code is read out of it.
      maxLength: -1,
    });
    const tree = await w.page.evaluate((n) => {
      const canvas = document.querySelector(`[data-name="${n}"]`)!;
      return {
        inputs: canvas.querySelectorAll('input').length,
        focusable: Array.from(canvas.querySelectorAll<HTMLElement>('*')).filter((e) => e.tabIndex >= 0).length,
        hidden: canvas.querySelector('.smci-boxes')!.getAttribute('aria-hidden'),
      };
    }, p.name);
    assert.deepEqual(tree, { inputs: 1, focusable: 1, hidden: 'true' }, 'one tab stop; the boxes are hidden from screen readers');
    assert.deepEqual((await drawn(p)).boxes, ['', '', '', '', '', '']);
    assert.deepEqual(await states(p), { code: null, is_complete: false });
    assert.deepEqual(await events(p), []);

    const eight = await place(w, { fields: { length: 8, label: 'SMS code' } });
    assert.equal((await drawn(eight)).boxes.length, 8);
    assert.equal(await input(eight).getAttribute('aria-label'), 'SMS code');
    assert.equal(await input(eight).getAttribute('pattern'), '\\d{8}');
  });

  test('typing fills the boxes one by one; the sixth digit completes the code once; a seventh is ignored', async () => {
    const p = await place(w);
    await input(p).click();
    await w.page.keyboard.type('12');
    assert.deepEqual(await states(p), { code: '12', is_complete: false });
    let d = await drawn(p);
    assert.deepEqual(d.boxes, ['1', '2', '', '', '', '']);
    assert.equal(d.active, 2, 'the next box is the active one');
    assert.ok(d.classes.includes('smci-focus'));
    await w.page.keyboard.type('3456');
    assert.deepEqual(await states(p), { code: '123456', is_complete: true });
    assert.equal(await count(p, 'code_completed'), 1);
    assert.equal(await count(p, 'code_changed'), 6);
    await w.page.keyboard.type('7');
    await w.page.keyboard.press('Enter');
    d = await drawn(p);
    assert.deepEqual(d.boxes, ['1', '2', '3', '4', '5', '6']);
    assert.equal(d.value, '123456');
    assert.equal(await count(p, 'code_completed'), 1, 'no second completion for the same code');
    assert.equal(await count(p, 'code_changed'), 6);
    // Code completed fires after the states hold the complete code.
    const ev = await w.page.evaluate((n) => window.bubbleHarness.events(n).find((e) => e.event === 'code_completed')!, p.name);
    assert.deepEqual(ev.states, { code: '123456', is_complete: true });
  });

  test('Backspace goes back across the boxes; letters and symbols never appear; retyping completes again', async () => {
    const p = await place(w);
    await input(p).click();
    await w.page.keyboard.type('987654');
    for (let i = 0; i < 3; i++) await w.page.keyboard.press('Backspace');
    let d = await drawn(p);
    assert.deepEqual(d.boxes, ['9', '8', '7', '', '', '']);
    assert.equal(d.active, 3);
    assert.deepEqual(await states(p), { code: '987', is_complete: false });
    await w.page.keyboard.type('a-. x');
    d = await drawn(p);
    assert.equal(d.value, '987');
    assert.deepEqual(d.boxes, ['9', '8', '7', '', '', '']);
    // Arrow keys do not move into the middle of the code: the next digit still goes to box 4.
    await w.page.keyboard.press('ArrowLeft');
    await w.page.keyboard.press('Home');
    await w.page.keyboard.type('6');
    assert.deepEqual((await drawn(p)).boxes, ['9', '8', '7', '6', '', '']);
    for (let i = 0; i < 6; i++) await w.page.keyboard.press('Backspace');
    assert.deepEqual(await states(p), { code: null, is_complete: false });
    assert.equal((await drawn(p)).active, 0);
    await w.page.keyboard.type('987654');
    assert.equal(await count(p, 'code_completed'), 2, 'a code completed again after editing is a new completion');
  });

  const PASTES: Array<[string, string, string]> = [
    ['spaced', '123 456', '123456'],
    ['dashed', '123-456', '123456'],
    ['an SMS', 'Your verification code is 482 913. It expires in 10 minutes. Do not share it.', '482913'],
    ['an SMS with a date first', 'On 2026-11-25 your code is 771204 (valid 5 min)', '771204'],
    ['extra digits', '12345678', '123456'],
    ['the code twice (a doubled autofill)', '480135480135', '480135'],
    ['full-width digits', '１２３４５６', '123456'],
    ['with surrounding whitespace and a newline', '  654 321\n', '654321'],
  ];
  for (const [label, text, code] of PASTES) {
    test(`paste of ${label} (${JSON.stringify(text)}) → ${code}, completed once`, async () => {
      const p = await place(w);
      await paste(p, text);
      assert.deepEqual(await states(p), { code, is_complete: true });
      const d = await drawn(p);
      assert.equal(d.value, code, 'the input itself holds only the digits');
      assert.deepEqual(d.boxes, code.split(''));
      assert.equal(await count(p, 'code_completed'), 1);
      assert.equal(await count(p, 'code_changed'), 1);
      // The same code pasted again changes nothing and completes nothing.
      await paste(p, text);
      assert.equal(await count(p, 'code_completed'), 1);
      assert.equal(await count(p, 'code_changed'), 1);
    });
  }

  test('a paste without digits changes nothing; a part of a code goes after the digits typed', async () => {
    const p = await place(w);
    await paste(p, 'no code here!');
    assert.deepEqual(await states(p), { code: null, is_complete: false });
    assert.equal((await drawn(p)).value, '');
    assert.deepEqual(await events(p), []);
    await w.page.keyboard.type('12');
    await paste(p, '3 4');
    assert.deepEqual(await states(p), { code: '1234', is_complete: false });
    await paste(p, '5678');
    assert.deepEqual(await states(p), { code: '123456', is_complete: true });
    assert.equal(await count(p, 'code_completed'), 1);
  });

  test('a simulated SMS autofill (value set as the browser does, then an input event) completes once, even when repeated', async () => {
    const p = await place(w);
    const autofill = (value: string) =>
      input(p).evaluate((el: HTMLInputElement, v) => {
        // What the browser does for autocomplete="one-time-code": the native value setter, then "input".
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(el, v);
        el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertReplacementText' }));
      }, value);
    await autofill('Your code: 305 118');
    assert.deepEqual(await states(p), { code: '305118', is_complete: true });
    assert.equal((await drawn(p)).value, '305118');
    await autofill('305118');
    await autofill('305118305118');
    assert.equal(await count(p, 'code_completed'), 1);
    assert.equal(await count(p, 'code_changed'), 1);
  });

  test('Clear empties the boxes; Focus puts the cursor in them', async () => {
    const p = await place(w);
    await input(p).click();
    await w.page.keyboard.type('1234');
    await w.page.locator('body').click({ position: { x: 5, y: 5 } });
    assert.equal((await drawn(p)).focused, false);
    await action(p, 'clear');
    assert.deepEqual(await states(p), { code: null, is_complete: false });
    assert.deepEqual((await drawn(p)).boxes, ['', '', '', '', '', '']);
    assert.equal((await events(p)).at(-1), 'code_changed');
    await action(p, 'focus');
    const d = await drawn(p);
    assert.equal(d.focused, true);
    assert.equal(d.active, 0);
    await w.page.keyboard.type('42');
    assert.deepEqual(await states(p), { code: '42', is_complete: false });
  });

  test('Show error marks and shakes the boxes, tells screen readers, and the next keystroke starts a new code', async () => {
    const p = await place(w);
    await input(p).click();
    await w.page.keyboard.type('111111');
    await w.page.locator('body').click({ position: { x: 5, y: 5 } });
    await action(p, 'show_error', { message: 'That code is not correct.' });
    let d = await drawn(p);
    assert.ok(d.classes.includes('smci-error') && d.classes.includes('smci-shake'), d.classes.join(' '));
    assert.equal(d.invalid, 'true');
    assert.equal(d.live, 'That code is not correct.');
    assert.equal(d.focused, true, 'Show error puts the cursor back');
    await waitForAnimations(w.page, `[data-name="${p.name}"]`, { transitionsOnly: true }); // the border colour's transition
    assert.deepEqual(d.boxes, ['1', '1', '1', '1', '1', '1'], 'the wrong digits stay visible');
    const border = await w.page
      .locator(`[data-name="${p.name}"] .smci-box`)
      .first()
      .evaluate((b) => getComputedStyle(b).borderTopColor);
    assert.equal(border, 'rgb(220, 38, 38)', 'the error colour');
    await w.page.keyboard.type('2');
    d = await drawn(p);
    assert.ok(!d.classes.includes('smci-error'));
    assert.equal(d.invalid, null);
    assert.equal(d.live, '');
    assert.deepEqual(await states(p), { code: '2', is_complete: false });
    await w.page.keyboard.type('22222');
    assert.equal(await count(p, 'code_completed'), 2);

    // Clear the code: empty at once, still marked until the next keystroke; Backspace also clears the mark.
    await action(p, 'show_error', { clear_code: true });
    d = await drawn(p);
    assert.deepEqual(await states(p), { code: null, is_complete: false });
    assert.ok(d.classes.includes('smci-error'));
    await w.page.keyboard.press('Backspace');
    assert.ok(!(await drawn(p)).classes.includes('smci-error'));
  });

  test('Disabled (bound to Is busy): dimmed, takes no typing or paste; a Show error meanwhile focuses once enabled', async () => {
    const p = await place(w);
    await input(p).click();
    await w.page.keyboard.type('12');
    await w.page.evaluate((n) => window.bubbleHarness.setFields(n, { disabled: true }), p.name);
    assert.equal(await input(p).isDisabled(), true);
    const opacity = await w.page.locator(`[data-name="${p.name}"] .smci`).evaluate((e) => getComputedStyle(e).opacity);
    assert.equal(opacity, '0.5');
    await input(p).click({ force: true });
    await w.page.keyboard.type('34');
    await w.page.keyboard.press('Control+V');
    assert.deepEqual(await states(p), { code: '12', is_complete: false });
    await action(p, 'show_error', { message: 'Wrong code' });
    assert.equal((await drawn(p)).focused, false);
    await w.page.evaluate((n) => window.bubbleHarness.setFields(n, { disabled: false }), p.name);
    assert.equal(await input(p).isDisabled(), false);
    assert.equal((await drawn(p)).focused, true, 'focused when enabled again');
    await w.page.keyboard.type('5');
    assert.deepEqual(await states(p), { code: '5', is_complete: false });
  });

  test('keyboard only: one Tab in, digits, Backspace, one Tab out', async () => {
    const p = await place(w);
    await w.page.evaluate((n) => {
      const canvas = document.querySelector(`[data-name="${n}"]`)!;
      for (const [id, where] of [
        ['before', 'beforebegin'],
        ['after', 'afterend'],
      ] as const)
        canvas.insertAdjacentHTML(where, `<button id="${id}">${id}</button>`);
    }, p.name);
    await w.page.focus('#before');
    await w.page.keyboard.press('Tab');
    assert.equal((await drawn(p)).focused, true);
    await w.page.keyboard.type('13579');
    await w.page.keyboard.press('Backspace');
    await w.page.keyboard.type('80');
    assert.deepEqual(await states(p), { code: '135780', is_complete: true });
    await w.page.keyboard.press('Tab');
    assert.equal(await w.page.evaluate(() => document.activeElement?.id), 'after', 'one tab stop, not six');
    await w.page.keyboard.press('Shift+Tab');
    assert.equal((await drawn(p)).focused, true);
    await w.page.evaluate(() => {
      document.getElementById('before')?.remove();
      document.getElementById('after')?.remove();
    });
  });

  test('the page stayed clean: no harness violation, no request, no page error, no dialog', async () => {
    await assertPageClean(w);
  });
});

for (const width of [320, 390]) {
  describe(`a ${width} px phone`, { skip }, () => {
    test('the boxes fit the element (minus the page margins) with nothing overflowing', async () => {
      const w = await open({ viewport: { width, height: 640 } });
      try {
        // The harness page has 24 px of padding either side: the element spans the rest.
        const p = await place(w, { width: width - 48, height: 56 });
        await input(p).click();
        await w.page.keyboard.type('123456');
        const geo = await w.page.evaluate((n) => {
          const canvas = document.querySelector(`[data-name="${n}"]`)!;
          const c = canvas.getBoundingClientRect();
          const boxes = Array.from(canvas.querySelectorAll('.smci-box')).map((b) => b.getBoundingClientRect());
          return {
            canvas: { left: c.left, right: c.right, top: c.top, bottom: c.bottom },
            boxes: boxes.map((b) => ({ left: b.left, right: b.right, top: b.top, bottom: b.bottom, width: b.width })),
            scrollWidth: document.documentElement.scrollWidth,
            fontSize: parseFloat(getComputedStyle(canvas.querySelector('.smci-box')!).fontSize),
          };
        }, p.name);
        assert.equal(geo.boxes.length, 6);
        for (const b of geo.boxes) {
          assert.ok(b.left >= geo.canvas.left - 0.5 && b.right <= geo.canvas.right + 0.5, `box inside the element: ${JSON.stringify(b)}`);
          assert.ok(b.top >= geo.canvas.top - 0.5 && b.bottom <= geo.canvas.bottom + 0.5, 'box within the height');
          assert.ok(b.width >= 32, `big enough to read and tap: ${b.width}`);
        }
        for (let i = 1; i < geo.boxes.length; i++) assert.ok(geo.boxes[i]!.left >= geo.boxes[i - 1]!.right, 'no overlap');
        assert.ok(geo.fontSize >= 16, `digits readable: ${geo.fontSize}px`);
        assert.ok(geo.scrollWidth <= width, `no horizontal scroll: ${geo.scrollWidth} > ${width}`);
        assert.deepEqual(await states(p), { code: '123456', is_complete: true });
        if (width === 390) writeFileSync(join(SCREENSHOTS, 'code-input-390.png'), await screenshotInstance(w.page, p.name, 12));
        await assertPageClean(w);
      } finally {
        await w.page.context().close();
      }
    });
  });
}

describe('screenshots for the README', { skip }, () => {
  for (const theme of ['light', 'dark'] as const) {
    test(`${theme} page: the default look reads (digits in the page's text colour); error in the error colour`, async () => {
      const w = await open({ theme });
      try {
        const p = await place(w, { width: 360, height: 64 });
        await input(p).click();
        await w.page.keyboard.type('4829');
        const colour = await w.page
          .locator(`[data-name="${p.name}"] .smci-box`)
          .first()
          .evaluate((b) => getComputedStyle(b).color);
        assert.equal(colour, theme === 'light' ? 'rgb(17, 17, 17)' : 'rgb(238, 238, 238)', "the page's text colour");
        writeFileSync(join(SCREENSHOTS, `code-input-${theme}.png`), await screenshotInstance(w.page, p.name, 12));
        if (theme === 'light') {
          await w.page.keyboard.type('13');
          await action(p, 'show_error', { message: 'That code is not correct.' });
          await waitForAnimations(w.page, `[data-name="${p.name}"]`); // after the shake
          writeFileSync(join(SCREENSHOTS, 'code-input-error.png'), await screenshotInstance(w.page, p.name, 12));
        }
        await assertPageClean(w);
      } finally {
        await w.page.context().close();
      }
    });
  }
});
