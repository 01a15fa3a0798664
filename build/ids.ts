/**
 * Bubble IDs and the folder suffixes Bubble's GitHub sync derives from them.
 *
 * An ID is three letters (Bubble counts A…Z then a…z). A folder is `<ID>-<suffix>` where the
 * suffix is the base32 of the ID's ASCII bytes: 5-bit groups, the last one right-padded with
 * zero bits, alphabet 0123456789abcdefghjkmnpqrtuvwxyz (e.g. AAC → 850m6). See
 * ../shared/reference/bubble-plugin-format.md §6.
 */
const SUFFIX_ALPHABET = '0123456789abcdefghjkmnpqrtuvwxyz';
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

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
