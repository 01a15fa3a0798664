/**
 * What users paste, made plain before any check: one rule for every action and the code input,
 * so a phone number or code copied from a contact card, an SMS or a web page is read the same way
 * wherever it is typed.
 *
 * - Compatibility forms become their plain ones (Unicode NFKC): full-width digits, ＋, （）, －,
 *   ideographic spaces.
 * - Invisible format characters are dropped: direction marks (U+200E/200F, U+061C, embeddings and
 *   overrides U+202A–202E, isolates U+2066–2069, common in numbers copied from a phone's
 *   contacts), zero-width spaces and joiners, the word joiner, the byte-order mark, soft hyphens.
 * - Decimal digits of the scripts phones and keyboards produce become ASCII digits.
 * - Every dash (hyphen, en dash, em dash, minus sign, …) becomes '-'.
 */

/** How many digits a one-time code has: TOTP codes have 6; the server's SMS codes 6 to 10 (its setting). */
export const CODE_LENGTH = { min: 6, max: 10 } as const;

const INVISIBLE = /[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const DASHES = /[\u2010-\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d]/g;

/** First code point of each block of ten decimal digits: ASCII, Arabic-Indic, Persian, Devanagari, Bengali, Thai, full-width. */
const DIGIT_BLOCKS = [0x30, 0x660, 0x6f0, 0x966, 0x9e6, 0xe50, 0xff10];

function asciiDigits(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    const base = DIGIT_BLOCKS.find((b) => c >= b && c <= b + 9);
    out += base === undefined ? ch : String(c - base);
  }
  return out;
}

/** The text as the checks read it (see the file header); "＋４４ (0)２０–7946" → "+44 (0)20-7946". */
export function plainInput(text: string): string {
  return asciiDigits(text.normalize('NFKC').replace(INVISIBLE, '')).replace(DASHES, '-');
}

/** What may separate the digits of a code ("123 456", "123-456", "123.456"). */
export const CODE_SEPARATOR = /[\s.-]/;

/** The number of characters (code points) of a text: what a person counts, not UTF-16 units. */
export function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** UTF-8 bytes of a text (what the server's password limit counts). */
export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}
