/**
 * Colours for the rendered QR code. Bubble's colour properties arrive as `rgba(r, g, b, a)`;
 * builders may also type `#rgb`, `#rrggbb`, `#rrggbbaa` or `rgb(r, g, b)`. The input is parsed
 * into numbers and a canonical string is rebuilt from them, so no input text ever reaches the
 * markup; anything else (names, url(), var(), quotes…) gets the fallback.
 */

export interface Rgba {
  r: number;
  g: number;
  b: number;
  /** 0..1 */
  a: number;
}

/** Longer than any colour we accept; keeps the regular expressions on short strings only. */
const MAX_COLOUR_CHARS = 64;
const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const FUNCTIONAL = /^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(?:,\s*(\d*\.?\d+)\s*)?\)$/i;

/** The colour as numbers, or null when the text is not one of the accepted forms. */
export function parseRgba(input: unknown): Rgba | null {
  if (typeof input !== 'string' || input.length > MAX_COLOUR_CHARS) return null;
  const text = input.trim();
  const hex = HEX.exec(text)?.[1];
  if (hex !== undefined) return hexToRgba(hex);
  const fn = FUNCTIONAL.exec(text);
  if (!fn) return null;
  const [r, g, b] = [Number(fn[1]), Number(fn[2]), Number(fn[3])];
  const a = fn[4] === undefined ? 1 : Number(fn[4]);
  // rgb() with an alpha, or rgba() without one, is still fine: browsers accept both spellings.
  if (r > 255 || g > 255 || b > 255 || !(a >= 0 && a <= 1)) return null;
  return { r, g, b, a };
}

/** Canonical text for a colour: `#rrggbb` when opaque, else `rgba(r,g,b,a)`. */
export function formatColour({ r, g, b, a }: Rgba): string {
  if (a >= 1) return `#${hexByte(r)}${hexByte(g)}${hexByte(b)}`;
  return `rgba(${r},${g},${b},${Math.round(a * 1000) / 1000})`;
}

/** Canonical text for `input`, or `fallback` (a constant of ours) when it is not a colour. */
export function parseColour(input: unknown, fallback: string): string {
  const rgba = parseRgba(input);
  return rgba ? formatColour(rgba) : fallback;
}

/**
 * Like parseColour, but see-through colours also get the fallback: the background must be
 * opaque so the code keeps its light modules (and scans) on a dark page.
 */
export function parseOpaqueColour(input: unknown, fallback: string): string {
  const rgba = parseRgba(input);
  return rgba && rgba.a >= 1 ? formatColour(rgba) : fallback;
}

function hexToRgba(hex: string): Rgba {
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  const byte = (i: number) => parseInt(full.slice(i * 2, i * 2 + 2), 16);
  return { r: byte(0), g: byte(1), b: byte(2), a: full.length === 8 ? byte(3) / 255 : 1 };
}

function hexByte(n: number): string {
  return n.toString(16).padStart(2, '0');
}
