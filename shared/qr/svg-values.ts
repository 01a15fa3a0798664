/**
 * Strict readers for the few attribute values the QR parser looks at. Hand-written loops rather
 * than regular expressions: they run once per module (thousands of times per enrollment).
 */
import { parseRgba } from './colour.js';

/** Longest integer we accept; coordinates in a Supabase SVG stay under 1000. */
const MAX_DIGITS = 6;

/** A non-negative integer written with digits only ("12"), else null ("12.0", " 12", "1e1", "12px"). */
export function parseUint(value: string | null): number | null {
  if (value === null || value.length === 0 || value.length > MAX_DIGITS) return null;
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return null;
    n = n * 10 + digit;
  }
  return n;
}

export type ModuleShade = 'dark' | 'light';

const NAMED_SHADES: Record<string, ModuleShade> = { black: 'dark', white: 'light' };

/**
 * Dark or light for an opaque fill colour: black/white by name, or any hex/rgb() colour split by
 * its brightness. Anything else (none, transparent, url(…), see-through colours) is null.
 */
export function shadeOfFill(value: string): ModuleShade | null {
  const text = value.trim().toLowerCase();
  const named = NAMED_SHADES[text];
  if (named) return named;
  const rgba = parseRgba(text);
  if (!rgba || rgba.a < 1) return null;
  return 0.299 * rgba.r + 0.587 * rgba.g + 0.114 * rgba.b < 128 ? 'dark' : 'light';
}

/**
 * The fill named by a style attribute such as Supabase's "fill:black;stroke:none". Only `fill`
 * and `stroke:none` may appear; any other declaration makes the whole style unacceptable (null).
 * Returns undefined when the style sets no fill.
 */
export function fillFromStyle(style: string): string | null | undefined {
  let fill: string | undefined;
  for (const declaration of style.split(';')) {
    if (declaration.trim() === '') continue;
    const colon = declaration.indexOf(':');
    if (colon < 0) return null;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration
      .slice(colon + 1)
      .trim()
      .toLowerCase();
    if (property === 'fill') fill = value;
    else if (property !== 'stroke' || value !== 'none') return null;
  }
  return fill;
}
