/**
 * Which digits of a text are the code. Typed keys, a paste ("123 456", "123-456", a whole SMS) and
 * an autofill all arrive as text in the input; only what this returns is ever shown or published.
 * The text is read by the same rule as the actions' code check (shared/input-text.ts: any script's
 * digits, direction marks dropped, every dash a dash), so what the boxes show is what Verify accepts.
 */
import { CODE_SEPARATOR, plainInput } from '../../shared/input-text.js';

/** A run of digits, each pair at most one separator apart ("123 456", "12-34-56"). */
const DIGIT_GROUP = new RegExp(`\\d(?:${CODE_SEPARATOR.source}?\\d)*`, 'g');

/**
 * The code in `text`, at most `length` digits. A message may hold other numbers ("Your code is
 * 123 456. It expires in 10 minutes."), so a group of exactly `length` digits (written together
 * or split by single spaces, dashes or dots) wins; otherwise the digits in order, extra ones
 * dropped (an autofill that doubled the code, a seventh key press).
 */
export function codeFrom(text: string, length: number): string {
  const t = plainInput(text);
  for (const group of t.match(DIGIT_GROUP) ?? []) {
    const digits = group.replace(/\D/g, '');
    if (digits.length === length) return digits;
  }
  return t.replace(/\D/g, '').slice(0, length);
}
