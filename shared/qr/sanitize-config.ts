/**
 * DOMPurify's settings for the last gate before markup is published (sanitize-svg.ts): an
 * allow-list of exactly what render-qr-svg.ts writes. On its own, without DOMPurify, so that the
 * build can read it: DOMPurify's default lists are cut from the bundles because these settings
 * name their own (build/sanitizer-defaults.ts).
 */
import type { Config } from 'dompurify';
import { SVG_NS } from './svg-namespace.js';

export const SVG_SANITIZE_CONFIG = {
  ALLOWED_TAGS: ['svg', 'rect', 'path'],
  ALLOWED_ATTR: ['viewBox', 'xmlns', 'shape-rendering', 'role', 'aria-label', 'x', 'y', 'width', 'height', 'fill', 'd'],
  ALLOWED_NAMESPACES: [SVG_NS],
  USE_PROFILES: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_DATA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  ADD_DATA_URI_TAGS: [],
  ADD_URI_SAFE_ATTR: [],
  /**
   * DOMPurify tests every allowed attribute value (bar xmlns) against this. Ours are numbers,
   * path letters, '#', '-', '.', ',', '(', ')', the label's words and spaces (stripped before the test): no ':' (so
   * no URI scheme), no quotes, no '&', no '/'.
   */
  ALLOWED_URI_REGEXP: /^[\w#.,()-]*$/,
  KEEP_CONTENT: false,
  SAFE_FOR_XML: true,
  SANITIZE_DOM: true,
  WHOLE_DOCUMENT: false,
  RETURN_DOM: false,
  RETURN_DOM_FRAGMENT: false,
  RETURN_TRUSTED_TYPE: false,
} satisfies Config;
