/**
 * The fast path for Supabase's exact output (shared/qr/read-supabase-svg.ts): it reads the same
 * modules as the strict tokenizer, and it can only say yes to that exact text: every variant and
 * every broken or hostile text falls through to the general reader (null here).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matrixOf, qrMatricesEqual, readSvgShapes, renderQrSvg } from '../../shared/qr/index.js';
import { readSupabaseSvg } from '../../shared/qr/read-supabase-svg.js';
import { EXAMPLE_SECRET, otpauthUri, REALISTIC_EMAIL, REALISTIC_ISSUER, SHORT_EMAIL, supabaseQrSvg } from '../../dev/fixtures/index.js';

const realistic = supabaseQrSvg(otpauthUri(REALISTIC_ISSUER, REALISTIC_EMAIL, EXAMPLE_SECRET));
const short = supabaseQrSvg(otpauthUri(REALISTIC_ISSUER, SHORT_EMAIL, EXAMPLE_SECRET));
/** What normalizeQrSource hands the parser: the text trimmed. */
const sent = (svg: string) => svg.trim();

describe('fast path for Supabase’s exact QR markup', () => {
  for (const [name, fixture] of [
    ['version 13', realistic],
    ['version 12', short],
  ] as const) {
    it(`reads ${name} to the same modules as the tokenizer`, () => {
      const fast = readSupabaseSvg(sent(fixture.svg));
      const general = matrixOf(readSvgShapes(sent(fixture.svg)), null);
      assert.ok(fast && general.data);
      assert.ok(qrMatricesEqual(fast, general.data));
      assert.ok(qrMatricesEqual(fast, fixture.matrix));
    });
  }

  const svg = sent(realistic.svg);
  const firstRect = /<rect [^>]*\/>\n/.exec(svg)![0];
  const FALLS_THROUGH: Record<string, string> = {
    'CRLF line ends': svg.replaceAll('\n', '\r\n'),
    'no XML declaration': svg.replace('<?xml version="1.0"?>\n', ''),
    'fill= instead of style=': svg.replace(/style="fill:(black|white);stroke:none"/g, 'fill="$1"'),
    'a grey module': svg.replace('fill:white', 'fill:#888'),
    'a rect of another size': svg.replace(/width="3" height="3"(?![\s\S]*width="3")/, 'width="6" height="6"'),
    'width and height differ': svg.replace('width="3" height="3"', 'width="3" height="4"'),
    'size zero': svg.replaceAll('width="3" height="3"', 'width="0" height="0"'),
    'a module twice': svg.replace('</svg>', `${firstRect}</svg>`),
    'off the grid': svg.replace('x="12" y="12"', 'x="13" y="12"'),
    'an extra attribute': svg.replace('<rect x="12"', '<rect onload="alert(1)" x="12"'),
    'a script after the rects': svg.replace('</svg>', '<script>alert(1)</script>\n</svg>'),
    'text after the root': `${svg}<svg/>`,
    'a comment inside': svg.replace('</svg>', '<!-- x -->\n</svg>'),
    'no rects': svg.replace(/<rect[^\n]*\n/g, ''),
    'a finder pattern broken': svg.replace('x="12" y="12" width="3" height="3" style="fill:black', 'x="12" y="12" width="3" height="3" style="fill:white'),
    'seven-digit coordinates': svg.replace('x="12" y="12"', 'x="0000012" y="12"'),
    'our own compact output': renderQrSvg(realistic.matrix, {}),
  };
  for (const [name, text] of Object.entries(FALLS_THROUGH)) {
    it(`leaves "${name}" to the general reader`, () => {
      assert.notEqual(text, svg, 'the variant differs from the original');
      assert.equal(readSupabaseSvg(text), null);
    });
  }
});
