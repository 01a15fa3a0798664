/**
 * Bubble IDs and the folder suffixes Bubble's GitHub sync derives from them.
 *
 * An ID is three letters (Bubble counts A…Z then a…z). A folder is `<ID>-<suffix>` where the
 * suffix is the base32 of the ID's ASCII bytes: 5-bit groups, the last one right-padded with
 * zero bits, alphabet 0123456789abcdefghjkmnpqrtuvwxyz (e.g. AAC → 850m6). See
 * docs/bubble-format.md ("IDs and folder names").
 *
 * Bubble's editor hands out IDs from its own per-plugin counter (AAA, AAB, …), which does not
 * count IDs pushed from GitHub. Ours therefore live in a range that counter never reaches in a
 * plugin's life: first letter `z` (zAA … zzz, 2,704 IDs; the counter would need 130,000 entries
 * to get there). A field a builder adds in Bubble's editor cannot collide with ours.
 */
const SUFFIX_ALPHABET = '0123456789abcdefghjkmnpqrtuvwxyz';
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The first ID of the plugin's own range, and the test for belonging to it. */
export const PLUGIN_ID_FIRST = 'zAA';
export const PLUGIN_ID_PATTERN = /^z[A-Za-z]{2}$/;

export function folderSuffix(id: string): string {
  let bits = '';
  for (const byte of Buffer.from(id, 'ascii')) bits += byte.toString(2).padStart(8, '0');
  while (bits.length % 5) bits += '0';
  let out = '';
  for (let i = 0; i < bits.length; i += 5) out += SUFFIX_ALPHABET[parseInt(bits.slice(i, i + 5), 2)];
  return out;
}

export function folderName(id: string): string {
  return `${id}-${folderSuffix(id)}`;
}

/** The n-th ID in Bubble's order: 0 → AAA, 1 → AAB, 26 → AAa, 52 → ABA. */
export function idAt(n: number): string {
  const base = ID_ALPHABET.length;
  if (!Number.isInteger(n) || n < 0 || n >= base ** 3) throw new RangeError(`no three-letter id #${n}`);
  return ID_ALPHABET[Math.floor(n / base ** 2)]! + ID_ALPHABET[Math.floor(n / base) % base]! + ID_ALPHABET[n % base]!;
}

export function indexOfId(id: string): number {
  const base = ID_ALPHABET.length;
  const [a, b, c] = [...id].map((ch) => ID_ALPHABET.indexOf(ch));
  return a! * base * base + b! * base + c!;
}
