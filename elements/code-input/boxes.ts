/**
 * The code input's DOM: one real <input> (so there is one tab stop, screen readers announce a
 * code field, and the OS's SMS autofill and password managers find it) laid transparently over
 * N drawn boxes. The input's text is the truth; the boxes only mirror it. DOM only: no
 * Supabase, no dependencies.
 */
import { codeFrom } from './digits.js';

export interface BoxSettings {
  length: number;
  disabled: boolean;
  label: string;
  fontFamily: string | null;
  textColour: string | null;
  boxColour: string | null;
  borderColour: string | null;
  focusColour: string | null;
  errorColour: string | null;
  boxSize: number;
  gap: number;
  radius: number;
}

const CSS_ID = 'supabase-mfa-code-input-css';
// One stylesheet per page; the input's rules are specific enough to beat a page's own input styles. Colours and sizes are custom properties set per element, so several
// code inputs with different looks share it. Unset colours fall back to the page's own text
// colour, a transparent box and a mid grey border, which read on light and dark pages alike.
const CSS = `.smci{position:relative;width:100%;height:100%;display:flex;align-items:center;justify-content:center;box-sizing:border-box}
.smci-boxes{display:flex;gap:var(--smci-gap);pointer-events:none}
.smci-box{box-sizing:border-box;flex:none;width:var(--smci-w);height:var(--smci-h);display:flex;align-items:center;justify-content:center;border:1px solid var(--smci-border,rgba(128,128,128,.6));border-radius:var(--smci-radius);background:var(--smci-bg,transparent);font-size:var(--smci-font);font-weight:600;line-height:1;font-variant-numeric:tabular-nums;transition:border-color .15s,box-shadow .15s}
.smci-focus .smci-active{border-color:var(--smci-focus);box-shadow:0 0 0 1px var(--smci-focus)}
.smci-focus .smci-active:empty::after{content:"";width:2px;height:45%;background:var(--smci-focus);animation:smci-blink 1s steps(1) infinite}
.smci-error .smci-box{border-color:var(--smci-error);color:var(--smci-error)}
.smci-error.smci-focus .smci-box{box-shadow:0 0 0 1px var(--smci-error)}
.smci-shake .smci-boxes{animation:smci-shake .4s}
.smci-disabled{opacity:.5}
.smci input.smci-input{position:absolute;top:0;left:0;width:100%;height:100%;margin:0;padding:0;border:0;outline:0;background:transparent;color:transparent;caret-color:transparent;font-size:16px;box-shadow:none;-webkit-text-fill-color:transparent}
.smci input.smci-input::selection{background:transparent}
.smci input.smci-input:disabled{cursor:not-allowed}
.smci-live{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@keyframes smci-blink{50%{opacity:0}}
@keyframes smci-shake{20%,60%{transform:translateX(-6px)}40%,80%{transform:translateX(6px)}}
@media (prefers-reduced-motion:reduce){.smci-shake .smci-boxes,.smci-focus .smci-active:empty::after{animation:none}}`;

// Bubble hands colours as "rgba(r, g, b, a)"; anything else (a builder's dynamic text) is ignored
// rather than written into a style.
const COLOUR = /^(#[0-9a-f]{3,8}|rgba?\([\d\s.,%]+\)|[a-z]{3,20})$/i;
const colour = (v: string | null) => (v && COLOUR.test(v.trim()) ? v.trim() : '');
// A font family list: names, quotes, commas and spaces only.
const FONT = /^[\w\s"',-]{1,200}$/;

let counter = 0;

export class CodeBoxes {
  readonly root: HTMLDivElement;
  readonly input: HTMLInputElement;
  private readonly boxesEl: HTMLDivElement;
  private readonly live: HTMLDivElement;
  private boxes: HTMLDivElement[] = [];
  private settings: BoxSettings | null = null;
  private code = '';
  private error = false;
  private focusWhenEnabled = false;

  /** `onChange` runs whenever the code (digits only) changes; `interactive` false draws a static preview. */
  constructor(
    canvas: HTMLElement,
    private readonly onChange: (code: string, complete: boolean) => void,
    interactive = true,
  ) {
    const doc = canvas.ownerDocument;
    if (!doc.getElementById(CSS_ID)) {
      const style = doc.createElement('style');
      style.id = CSS_ID;
      style.textContent = CSS;
      doc.head.appendChild(style);
    }
    const el = <K extends keyof HTMLElementTagNameMap>(tag: K, cls: string) => {
      const e = doc.createElement(tag);
      e.className = cls;
      return e;
    };
    this.root = el('div', 'smci');
    this.boxesEl = el('div', 'smci-boxes');
    this.boxesEl.setAttribute('aria-hidden', 'true');
    this.live = el('div', 'smci-live');
    this.live.id = `smci-live-${++counter}`;
    this.live.setAttribute('aria-live', 'assertive');
    this.input = el('input', 'smci-input');
    const attrs: Record<string, string> = {
      type: 'text',
      inputmode: 'numeric',
      autocomplete: 'one-time-code',
      name: 'one-time-code',
      autocorrect: 'off',
      autocapitalize: 'off',
      spellcheck: 'false',
      'aria-describedby': this.live.id,
    };
    for (const [k, v] of Object.entries(attrs)) this.input.setAttribute(k, v);
    this.root.append(this.boxesEl, this.live);
    if (interactive) {
      this.root.appendChild(this.input);
      this.listen();
    } else {
      this.root.classList.add('smci-focus');
    }
    canvas.appendChild(this.root);
    const RO = (doc.defaultView as (Window & { ResizeObserver?: typeof ResizeObserver }) | null)?.ResizeObserver;
    if (RO) new RO(() => this.layout()).observe(this.root);
  }

  configure(s: BoxSettings): void {
    const before = this.settings;
    this.settings = s;
    const style = this.root.style;
    style.fontFamily = s.fontFamily && FONT.test(s.fontFamily) ? s.fontFamily : '';
    style.color = colour(s.textColour);
    const vars: Array<[string, string]> = [
      ['--smci-bg', colour(s.boxColour)],
      ['--smci-border', colour(s.borderColour)],
      ['--smci-focus', colour(s.focusColour) || 'rgba(37,99,235,1)'],
      ['--smci-error', colour(s.errorColour) || 'rgba(220,38,38,1)'],
      ['--smci-radius', `${s.radius}px`],
    ];
    for (const [k, v] of vars) {
      if (v) style.setProperty(k, v);
      else style.removeProperty(k);
    }
    this.input.setAttribute('aria-label', s.label);
    this.input.setAttribute('pattern', `\\d{${s.length}}`);
    if (s.disabled && this.root.ownerDocument.activeElement === this.input) {
      // Browsers may keep the focus (and paste) on a disabled input: hand it back after the busy spell.
      this.focusWhenEnabled = true;
      this.input.blur();
    }
    this.input.disabled = s.disabled;
    this.root.classList.toggle('smci-disabled', s.disabled);
    if (!before || before.length !== s.length) {
      this.boxes = Array.from({ length: s.length }, () => {
        const b = this.root.ownerDocument.createElement('div');
        b.className = 'smci-box';
        return b;
      });
      this.boxesEl.replaceChildren(...this.boxes);
      // A shorter code length keeps the digits that still fit; either way the code's completeness
      // is against the new length (Is complete and Code completed follow it).
      if (this.code.length > s.length) this.set(this.code.slice(0, s.length));
      else if (before && this.code !== '' && (this.code.length === before.length) !== (this.code.length === s.length)) {
        this.onChange(this.code, this.code.length === s.length);
      }
    }
    if (!s.disabled && this.focusWhenEnabled) this.focus();
    this.layout();
    this.draw();
  }

  /** Empties the boxes and removes the error marks. */
  clear(): void {
    this.markError(false);
    this.set('');
  }

  /** Puts the cursor in the boxes now, or as soon as they are enabled again. */
  focus(): void {
    if (this.input.disabled || !this.root.isConnected) {
      this.focusWhenEnabled = true;
      return;
    }
    this.focusWhenEnabled = false;
    this.input.focus();
    this.placeCaret();
  }

  /** Marks and shakes the boxes; the next keystroke starts a new code. */
  showError(message: string, clearCode: boolean): void {
    this.live.textContent = message;
    this.markError(true);
    const cls = this.root.classList;
    cls.remove('smci-shake');
    void this.root.offsetWidth; // restart the animation when errors follow each other
    cls.add('smci-shake');
    this.root.ownerDocument.defaultView?.setTimeout(() => cls.remove('smci-shake'), 450);
    if (clearCode) this.set('');
    this.focus();
  }

  private markError(on: boolean): void {
    if (this.error === on) return;
    this.error = on;
    this.root.classList.toggle('smci-error', on);
    if (on) this.input.setAttribute('aria-invalid', 'true');
    else {
      this.input.removeAttribute('aria-invalid');
      this.live.textContent = '';
    }
  }

  /** Sets the input's text and the code; reports a change. */
  private set(code: string): void {
    if (this.input.value !== code) this.input.value = code;
    this.placeCaret();
    if (code !== this.code) {
      this.code = code;
      this.draw();
      this.onChange(code, code.length === this.boxes.length);
    } else this.draw();
  }

  /** The caret stays after the last digit (one box at a time); after an error all is selected, so a keystroke replaces it. */
  private placeCaret(): void {
    if (this.root.ownerDocument.activeElement !== this.input) return;
    const end = this.input.value.length;
    if (this.error) this.input.setSelectionRange(0, end);
    else this.input.setSelectionRange(end, end);
  }

  private listen(): void {
    const input = this.input;
    const length = () => this.settings?.length ?? 6;
    input.addEventListener('input', () => {
      // Typing, deleting, an autofill (the browser sets the value, then fires input) and a paste
      // the paste handler did not take all land here with the input's raw text.
      this.markError(false);
      this.set(codeFrom(input.value, length()));
    });
    input.addEventListener('paste', (e) => {
      const text = e.clipboardData?.getData('text') ?? '';
      e.preventDefault();
      if (input.disabled) return;
      const pasted = codeFrom(text, length());
      if (!pasted) return;
      this.markError(false);
      // A whole code replaces what was there; a part goes where the selection is.
      const v = input.value;
      const kept = v.slice(0, input.selectionStart ?? v.length) + v.slice(input.selectionEnd ?? v.length);
      this.set(pasted.length === length() ? pasted : codeFrom(kept + pasted, length()));
    });
    input.addEventListener('keydown', (e) => {
      // One box at a time: arrows and Home/End do not move the caret inside the code.
      if (/^(Arrow(Left|Right|Up|Down)|Home|End)$/.test(e.key)) e.preventDefault();
      else if (e.key === 'Backspace' || e.key === 'Delete' || (e.key.length === 1 && !e.ctrlKey && !e.metaKey)) this.markError(false);
    });
    for (const ev of ['focus', 'blur']) {
      input.addEventListener(ev, () => {
        this.placeCaret();
        this.draw();
      });
    }
    input.addEventListener('mouseup', () => this.placeCaret());
  }

  /** Box size from the element's width: the configured size, smaller when it would not fit. */
  private layout(): void {
    const s = this.settings;
    if (!s) return;
    const n = s.length;
    const avail = this.root.clientWidth;
    let gap = s.gap;
    let w = s.boxSize;
    if (avail > 0 && n * w + (n - 1) * gap > avail) {
      // Narrow element: shrink the gap with the boxes, so they stay boxes and not slivers.
      const scale = avail / (n * w + (n - 1) * gap);
      gap = Math.floor(gap * scale);
      w = Math.floor((avail - (n - 1) * gap) / n);
    }
    w = Math.max(w, 1);
    const height = this.root.clientHeight;
    const h = Math.max(1, Math.min(Math.round(w * 1.15), height > 0 ? height : Number.POSITIVE_INFINITY));
    const style = this.root.style;
    style.setProperty('--smci-w', `${w}px`);
    style.setProperty('--smci-h', `${h}px`);
    style.setProperty('--smci-gap', `${gap}px`);
    style.setProperty('--smci-font', `${Math.round(Math.min(w, h) * 0.5)}px`);
  }

  private draw(): void {
    const focused = this.root.ownerDocument.activeElement === this.input || !this.input.isConnected;
    this.root.classList.toggle('smci-focus', focused && !this.input.disabled);
    const active = Math.min(this.code.length, this.boxes.length - 1);
    this.boxes.forEach((b, i) => {
      const digit = this.code[i] ?? '';
      if (b.textContent !== digit) b.textContent = digit;
      b.classList.toggle('smci-active', i === active);
    });
  }
}
