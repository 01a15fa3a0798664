/** Colours, quiet zone and the shape of the rendered SVG. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clampQuietZone, parseColour, parseOpaqueColour, parseQrSvg, prepareQr, qrMatricesEqual, renderQrSvg } from '../../shared/qr/index.js';
import { EXAMPLE_SECRET, otpauthUri, REALISTIC_EMAIL, REALISTIC_ISSUER, SHORT_EMAIL, supabaseQrSvg } from '../../dev/fixtures/index.js';
import { assertCleanQrSvg, jsdomWindow } from '../helpers/qr.js';

const win = jsdomWindow();
const FALLBACK = '#123456';

describe('parseColour', () => {
  const accepted: [string, string][] = [
    ['rgba(255, 0, 0, 1)', '#ff0000'],
    ['rgba(18, 52, 86, 0.5)', 'rgba(18,52,86,0.5)'],
    ['rgba(0,0,0,0)', 'rgba(0,0,0,0)'],
    ['RGBA( 1 , 2 , 3 , .25 )', 'rgba(1,2,3,0.25)'],
    ['rgb(1, 2, 3)', '#010203'],
    ['#ABC', '#aabbcc'],
    ['#a1B2c3', '#a1b2c3'],
    ['#11223380', 'rgba(17,34,51,0.502)'],
    ['#112233ff', '#112233'],
    ['  #fff  ', '#ffffff'],
  ];
  for (const [input, canonical] of accepted) {
    it(`reads Bubble/CSS colour ${JSON.stringify(input)}`, () => assert.equal(parseColour(input, FALLBACK), canonical));
  }

  const refused: unknown[] = [
    'red" onload="x',
    'url(javascript:alert(1))',
    'url(#x)',
    'expression(alert(1))',
    '#fff;background:url(http://127.0.0.1:9/x)',
    '#fff" onload="x',
    'red',
    'transparent',
    'var(--c)',
    'rgba(256, 0, 0, 1)',
    'rgba(0, 0, 0, 2)',
    'rgba(0, 0, 0, -1)',
    'rgb(1, 2)',
    'rgba(1,2,3,0.5) url(x)',
    '#ab',
    '#abcd',
    '#gggggg',
    `#${'f'.repeat(100)}`,
    '',
    null,
    undefined,
    0x000000,
    { toString: () => '#000000' },
  ];
  for (const input of refused) {
    it(`refuses ${JSON.stringify(String(input)).slice(0, 40)}`, () => assert.equal(parseColour(input, FALLBACK), FALLBACK));
  }

  it('refuses see-through colours where the colour must be opaque', () => {
    assert.equal(parseOpaqueColour('rgba(0, 0, 0, 0)', FALLBACK), FALLBACK);
    assert.equal(parseOpaqueColour('rgba(255, 255, 255, 0.99)', FALLBACK), FALLBACK);
    assert.equal(parseOpaqueColour('rgba(255, 255, 255, 1)', FALLBACK), '#ffffff');
  });
});

describe('clampQuietZone', () => {
  const cases: [unknown, number][] = [
    [4, 4],
    [0, 0],
    [10, 10],
    [-5, 0],
    [99, 10],
    [2.6, 3],
    ['7', 7],
    [' 2 ', 2],
    ['abc', 4],
    ['', 4],
    [undefined, 4],
    [null, 4],
    [Number.NaN, 4],
    [Infinity, 4],
    [{}, 4],
  ];
  for (const [input, expected] of cases) {
    it(`${String(input)} → ${expected}`, () => assert.equal(clampQuietZone(input), expected));
  }
});

describe('renderQrSvg', () => {
  const { matrix } = supabaseQrSvg(otpauthUri(REALISTIC_ISSUER, REALISTIC_EMAIL, EXAMPLE_SECRET));

  it('scales to its box: viewBox, no width/height on the root, crisp edges', () => {
    const svg = renderQrSvg(matrix, { quietZone: 4 });
    const root = new win.DOMParser().parseFromString(svg, 'image/svg+xml').documentElement;
    assert.equal(root.getAttribute('viewBox'), '0 0 77 77');
    assert.equal(root.getAttribute('shape-rendering'), 'crispEdges');
    assert.equal(root.hasAttribute('width'), false);
    assert.equal(root.hasAttribute('height'), false);
  });

  it('puts an opaque background rect under the whole viewBox', () => {
    for (const quietZone of [0, 4, 10]) {
      const svg = renderQrSvg(matrix, { quietZone, background: 'rgba(0, 0, 0, 0.2)' });
      const doc = new win.DOMParser().parseFromString(svg, 'image/svg+xml');
      const side = String(matrix.size + 2 * quietZone);
      const rect = doc.documentElement.firstElementChild!;
      assert.equal(rect.localName, 'rect');
      assert.deepEqual(
        ['x', 'y', 'width', 'height', 'fill'].map((name) => rect.getAttribute(name)),
        ['0', '0', side, side, '#ffffff'],
      );
      assert.equal(doc.documentElement.getAttribute('viewBox'), `0 0 ${side} ${side}`);
    }
  });

  it('writes validated colours, and the defaults for anything else', () => {
    const custom = renderQrSvg(matrix, { foreground: 'rgba(20, 40, 120, 0.9)', background: '#FEC' });
    assert.ok(custom.includes('fill="rgba(20,40,120,0.9)"'));
    assert.ok(custom.includes('fill="#ffeecc"'));
    const hostile = renderQrSvg(matrix, {
      foreground: 'red" onload="window.__pwned(1)',
      background: 'url(javascript:alert(1))',
      quietZone: '4" onload="x' as unknown as number,
    });
    assert.ok(hostile.includes('fill="#000000"') && hostile.includes('fill="#ffffff"'));
    assert.ok(hostile.includes('viewBox="0 0 77 77"'));
    assertCleanQrSvg(hostile, win);
  });

  it('keeps the modules whatever the quiet zone', () => {
    for (const quietZone of [0, 1, 4, 10]) {
      const back = parseQrSvg(renderQrSvg(matrix, { quietZone }));
      assert.ok(back.data && qrMatricesEqual(back.data, matrix), `quiet zone ${quietZone}`);
    }
  });

  it('is compact: under 10 KB for the version-13 code, against ~360 KB from Supabase', () => {
    const v13 = prepareQr(supabaseQrSvg(otpauthUri(REALISTIC_ISSUER, REALISTIC_EMAIL, EXAMPLE_SECRET)).svg, win);
    const v12 = prepareQr(supabaseQrSvg(otpauthUri(REALISTIC_ISSUER, SHORT_EMAIL, EXAMPLE_SECRET)).svg, win);
    assert.ok(v13.data!.svg.length < 10_240, `${v13.data!.svg.length} bytes`);
    assert.ok(v12.data!.svg.length < v13.data!.svg.length);
  });
});

describe('prepareQr options', () => {
  const { svg } = supabaseQrSvg('HELLO');

  it('defaults to black on white with a 4-module quiet zone', () => {
    const out = prepareQr(svg, win).data!.svg;
    assert.ok(out.includes('viewBox="0 0 29 29"'));
    assert.ok(out.includes('fill="#ffffff"') && out.includes('fill="#000000"'));
  });

  it('passes the renderer output through the sanitiser untouched', () => {
    const options = { foreground: 'rgba(1, 2, 3, 0.5)', background: '#eeeeee', quietZone: 2 };
    const out = prepareQr(svg, win, options).data!.svg;
    assert.equal(out, renderQrSvg(parseQrSvg(svg).data!, options));
  });
});
