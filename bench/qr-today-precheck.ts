/**
 * A cheap scan of the SVG text before any XML parser sees it, to bound the parser's work.
 *
 * Both accepted formats are flat: a root <svg> whose children are empty <rect>/<path> elements.
 * So the text may open at most two elements deep (root, then `<rect></rect>`) and hold at most
 * MAX_ELEMENTS elements (a version-40 Supabase code has 31,330). Without this, a 20,000-deep
 * `<g>` nest takes jsdom's XML parser several seconds, and a flood of tiny elements as long.
 *
 * It also refuses every "<!" that does not open a comment: DOCTYPE, ENTITY and CDATA have no place
 * in a QR code, and refusing them here keeps entity expansion (billion laughs, external entities)
 * away from every XML parser, jsdom's included (which does expand internal entities).
 *
 * The scan follows XML's tokenisation (quoted attribute values may contain '>', never '<'); when
 * it disagrees with the parser it is on malformed input, which the parser refuses anyway.
 */
export const MAX_ELEMENTS = 32_000;
const MAX_OPEN_DEPTH = 2;

export function isFlatMarkupWithinLimits(text: string): boolean {
  let depth = 0;
  let elements = 0;
  let at = text.indexOf('<');
  while (at !== -1) {
    let end: number;
    if (text.startsWith('<!--', at)) {
      end = text.indexOf('-->', at + 4);
      if (end < 0) return false;
      end += 2;
    } else if (text.startsWith('<!', at)) {
      return false;
    } else if (text.startsWith('<?', at)) {
      end = text.indexOf('?>', at + 2);
      if (end < 0) return false;
      end += 1;
    } else {
      end = tagEnd(text, at + 1);
      if (end < 0) return false;
      if (text.startsWith('</', at)) {
        if (--depth < 0) return false;
      } else {
        if (++elements > MAX_ELEMENTS) return false;
        const selfClosing = text.charCodeAt(end - 1) === 47; // '/'
        if (!selfClosing && ++depth > MAX_OPEN_DEPTH) return false;
      }
    }
    at = text.indexOf('<', end + 1);
  }
  return true;
}

/** Index of the '>' closing the tag that starts before `from`, skipping quoted values; -1 if none. */
function tagEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 62) return i; // '>'
    if (c === 60) return -1; // '<' cannot appear inside a tag
    if (c === 34 || c === 39) {
      // '"' or "'": jump to the closing quote
      i = text.indexOf(c === 34 ? '"' : "'", i + 1);
      if (i < 0) return -1;
    }
  }
  return -1;
}
