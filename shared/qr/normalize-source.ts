/**
 * Turns whatever the builder bound to the QR field into plain SVG text, or refuses it.
 *
 * Accepted forms (all seen in practice):
 *  - raw SVG text, as in Supabase's `totp.qr_code`;
 *  - `data:image/svg+xml;utf-8,<raw svg>`, what auth-js returns (the prefix is added WITHOUT encoding);
 *  - `data:image/svg+xml;charset=utf-8,<percent-encoded svg>` and `data:image/svg+xml,<…>`;
 *  - `data:image/svg+xml;base64,<…>` (what image tools produce).
 * Anything else is refused here, before any parser sees it: non-strings, empty text, other data:
 * types, and text longer than MAX_SOURCE_CHARS (a hostile multi-megabyte string costs one length check).
 */
import { base64ToBytes } from '../base64.js';
import { ok, type Result } from '../result.js';
import { invalidQr } from './invalid-qr.js';

/**
 * A Supabase SVG takes about 77 bytes per module: 362 KB for the usual version-13 code, 780 KB for
 * version 21, which the longest realistic otpauth URI reaches (a 254-character email with a
 * bubbleapps.io issuer). 1.5 MB admits raw SVG up to version 30 and base64 (a third larger) up to
 * version 26, while keeping the work bounded. (A version-40 Supabase SVG would be 2.4 MB.)
 */
export const MAX_SOURCE_CHARS = 1_500_000;

const DATA_PREFIX = 'data:';
const SVG_MEDIA_TYPE = 'image/svg+xml';

export function normalizeQrSource(text: unknown): Result<string> {
  if (typeof text !== 'string' || text.length > MAX_SOURCE_CHARS) return invalidQr();
  // trim() also drops a leading byte-order mark (U+FEFF counts as whitespace).
  const source = text.trim();
  const svg = startsWithIgnoreCase(source, DATA_PREFIX) ? decodeSvgDataUri(source)?.trim() : source;
  return svg?.startsWith('<') ? ok(svg) : invalidQr();
}

/** The SVG inside an `image/svg+xml` data URI, or null when it is anything else or malformed. */
function decodeSvgDataUri(uri: string): string | null {
  const comma = uri.indexOf(',');
  if (comma < 0) return null;
  const [mediaType, ...params] = uri.slice(DATA_PREFIX.length, comma).toLowerCase().split(';');
  if (mediaType?.trim() !== SVG_MEDIA_TYPE) return null;
  let base64 = false;
  for (const param of params) {
    const p = param.trim();
    if (p === 'base64') base64 = true;
    // 'utf-8' alone is auth-js's (non-standard) way of saying charset=utf-8.
    else if (p !== 'utf-8' && p !== 'charset=utf-8' && p !== 'charset=utf8') return null;
  }
  const payload = uri.slice(comma + 1);
  if (base64) return decodeBase64Utf8(payload);
  // auth-js does not encode, so a payload that still contains '<' is raw; otherwise it is
  // percent-encoded (an encoded SVG has no literal '<').
  return payload.includes('<') ? payload : decodePercent(payload);
}

function decodePercent(payload: string): string | null {
  try {
    return decodeURIComponent(payload);
  } catch {
    return null;
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBase64Utf8(payload: string): string | null {
  const compact = payload.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) return null;
  const bytes = base64ToBytes(compact);
  if (!bytes) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null; // not UTF-8
  }
}

function startsWithIgnoreCase(text: string, prefix: string): boolean {
  return text.slice(0, prefix.length).toLowerCase() === prefix;
}
