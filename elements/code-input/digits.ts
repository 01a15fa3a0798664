/**
 * Which digits of a text are the code. Typed keys, a paste ("123 456", "123-456", a whole SMS) and
 * an autofill all arrive as text in the input; only what this returns is ever shown or published.
 */

/** First code point of each block of ten decimal digits phones and keyboards produce. */
const DIGIT_BLOCKS = [0x30, 0x660, 0x6f0, 0x966, 0xff10]; // ASCII, Arabic-Indic, Persian, Devanagari, full-width

/** The text with every decimal digit of those blocks as its ASCII digit ("１２３" → "123"). */
function asciiDigits(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    const base = DIGIT_BLOCKS.find((b) => c >= b && c <= b + 9);
    out += base === undefined ? ch : String(c - base);
  }
  return out;
}

/**
 * The code in `text`, at most `length` digits. A message may hold other numbers ("Your code is
 * 123 456. It expires in 10 minutes."), so a group of exactly `length` digits (written together
 * or split by single spaces, dashes or dots) wins; otherwise the digits in order, extra ones
 * dropped (an autofill that doubled the code, a seventh key press).
 */
export function codeFrom(text: string, length: number): string {
  const t = asciiDigits(text);
  for (const group of t.match(/\d(?:[ \u00a0.-]?\d)*/g) ?? []) {
    const digits = group.replace(/\D/g, '');
    if (digits.length === length) return digits;
  }
  return t.replace(/\D/g, '').slice(0, length);
}
