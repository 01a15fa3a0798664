/** The accepted source forms, and early refusal of everything else. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_SOURCE_CHARS, normalizeQrSource } from '../../shared/qr/index.js';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg"><rect x="0" y="0" width="1" height="1"/></svg>';
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('normalizeQrSource', () => {
  const accepted: Record<string, string> = {
    'raw SVG': SVG,
    'raw SVG with whitespace and a BOM': `\uFEFF \n${SVG}\n `,
    'XML declaration first': `<?xml version="1.0"?>\n${SVG}`,
    'auth-js data URI (not encoded)': `data:image/svg+xml;utf-8,${SVG}`,
    'charset data URI (percent-encoded)': `data:image/svg+xml;charset=utf-8,${encodeURIComponent(SVG)}`,
    'plain data URI (percent-encoded)': `data:image/svg+xml,${encodeURIComponent(SVG)}`,
    'base64 data URI': `data:image/svg+xml;base64,${b64(SVG)}`,
    'base64 data URI with charset': `data:image/svg+xml;charset=utf-8;base64,${b64(SVG)}`,
    'base64 with a BOM inside': `data:image/svg+xml;base64,${b64(`\uFEFF${SVG}`)}`,
    'upper-case prefix': `DATA:IMAGE/SVG+XML;UTF-8,${SVG}`,
    'data URI with surrounding whitespace': `  data:image/svg+xml;utf-8,${SVG}\n`,
  };
  for (const [label, source] of Object.entries(accepted)) {
    it(`accepts ${label}`, () => {
      const result = normalizeQrSource(source);
      assert.equal(result.error, null);
      assert.ok(result.data === SVG || result.data === `<?xml version="1.0"?>\n${SVG}`);
    });
  }

  const refused: Record<string, unknown> = {
    undefined: undefined,
    null: null,
    number: 42,
    object: { svg: SVG },
    array: [SVG],
    'empty string': '',
    whitespace: '  \n ',
    'plain text': 'hello',
    'http URL': 'http://127.0.0.1:9/qr.svg',
    'javascript URL': 'javascript:alert(1)',
    'PNG data URI': 'data:image/png;base64,iVBORw0KGgo=',
    'HTML data URI': `data:text/html,${SVG}`,
    'UTF-16 data URI': `data:image/svg+xml;charset=utf-16,${SVG}`,
    'data URI with an unknown parameter': `data:image/svg+xml;foo=bar,${SVG}`,
    'data URI without a comma': 'data:image/svg+xml;base64',
    'empty data URI': 'data:image/svg+xml;utf-8,',
    'invalid base64': `data:image/svg+xml;base64,${SVG}`,
    'base64 of non-UTF-8 bytes': `data:image/svg+xml;base64,${Buffer.from([0x3c, 0xff, 0xfe, 0x3e]).toString('base64')}`,
    'base64 of text': `data:image/svg+xml;base64,${b64('hello')}`,
    'broken percent-encoding': 'data:image/svg+xml,%3Csvg%ZZ',
    'one character over the cap': `<svg>${' '.repeat(MAX_SOURCE_CHARS)}</svg>`,
  };
  for (const [label, source] of Object.entries(refused)) {
    it(`refuses ${label}`, () => assert.equal(normalizeQrSource(source).error?.code, 'invalid_qr'));
  }

  it('accepts up to the cap', () => {
    const padded = `<svg>${' '.repeat(MAX_SOURCE_CHARS - 11)}</svg>`;
    assert.equal(padded.length, MAX_SOURCE_CHARS);
    assert.equal(normalizeQrSource(padded).error, null);
  });
});
