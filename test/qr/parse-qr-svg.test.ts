/** What parseQrSvg accepts as a QR code, and what it refuses. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseQrSvg, qrMatricesEqual, renderQrSvg, type QrMatrix } from '../../shared/qr/index.js';
import { moduleRectsSvg, supabaseQrSvg, transposeQrMatrix } from '../../dev/fixtures/index.js';

const { svg: SUPABASE, matrix } = supabaseQrSvg('HELLO');
const OURS = renderQrSvg(matrix, {});

function parsesTo(svg: string, expected: QrMatrix): void {
  const result = parseQrSvg(svg);
  assert.equal(result.error, null);
  assert.ok(qrMatricesEqual(result.data!, expected));
}

function refused(svg: string): void {
  assert.equal(parseQrSvg(svg).error?.code, 'invalid_qr');
}

/** Supabase's rects with each `style="…"` replaced. */
const restyle = (style: (dark: boolean) => string) => SUPABASE.replace(/style="fill:(black|white);stroke:none"/g, (_, fill: string) => style(fill === 'black'));

describe('parseQrSvg, Supabase format', () => {
  it('reads the modules as drawn, in either orientation', () => {
    parsesTo(SUPABASE, matrix);
    parsesTo(moduleRectsSvg(transposeQrMatrix(matrix)), transposeQrMatrix(matrix));
  });

  it('reads fills given as hex, rgb() or the fill attribute', () => {
    parsesTo(
      restyle((dark) => `style="fill:${dark ? '#000' : '#fff'}"`),
      matrix,
    );
    parsesTo(
      restyle((dark) => `style="stroke:none; fill: ${dark ? 'rgb(0,0,0)' : '#FFFFFF'};"`),
      matrix,
    );
    parsesTo(
      restyle((dark) => `fill="${dark ? 'black' : 'white'}"`),
      matrix,
    );
  });

  it('needs no rects for light modules or the quiet zone', () => {
    parsesTo(SUPABASE.replace(/<rect [^>]*fill:white[^>]*>\n/g, ''), matrix);
  });

  it('refuses fills that are not plainly dark or light', () => {
    refused(restyle((dark) => `style="fill:${dark ? 'rgba(0,0,0,0.5)' : 'white'}"`));
    refused(restyle((dark) => `style="fill:${dark ? 'none' : 'white'}"`));
    refused(restyle(() => 'style="stroke:none"'));
    refused(restyle((dark) => `style="fill:${dark ? 'black' : 'white'};opacity:0"`));
  });

  it('refuses a code whose finder or timing pattern is broken', () => {
    const flip = (row: number, col: number) => {
      const copy = { size: matrix.size, dark: matrix.dark.slice() };
      const at = row * matrix.size + col;
      copy.dark[at] = copy.dark[at] === 1 ? 0 : 1;
      return moduleRectsSvg(copy);
    };
    refused(flip(0, 0));
    refused(flip(3, matrix.size - 4));
    refused(flip(matrix.size - 1, 6));
    refused(flip(7, 7)); // separator
    refused(flip(6, 10)); // timing
  });

  it('refuses other roots, parse errors, and anything beside the rects', () => {
    refused('<svg xmlns="http://www.w3.org/2000/svg"/>');
    refused(SUPABASE.replace('</svg>', ''));
    refused(SUPABASE.replace('xmlns="http://www.w3.org/2000/svg"', ''));
    refused(SUPABASE.replace('</svg>', '<g/></svg>'));
    refused(SUPABASE.replace('</svg>', 'text</svg>'));
    refused(SUPABASE.replace('</svg>', '<!-- comment --></svg>'));
    refused(SUPABASE.replace('</svg>', '<?pi x?></svg>'));
    refused(SUPABASE.replace('<rect ', '<rect id="a" '));
    refused(SUPABASE.replace('<svg ', '<svg class="a" '));
    refused(`${SUPABASE}<svg/>`);
  });
});

describe('parseQrSvg, our format', () => {
  it('reads back any look the renderer writes', () => {
    for (const quietZone of [0, 4, 10]) {
      parsesTo(renderQrSvg(matrix, { quietZone, foreground: 'rgba(9,9,9,0.5)', background: '#abc' }), matrix);
    }
  });

  it('refuses path data outside our grammar or the background', () => {
    const withD = (d: string) => OURS.replace(/d="[^"]*"/, `d="${d}"`);
    const d = /d="([^"]*)"/.exec(OURS)![1]!;
    refused(withD(d.replace('M4 4', 'M4,4')));
    refused(withD(d.replace('M4 4', 'L4 4')));
    refused(withD(d.replace('z', 'h1z')));
    refused(withD(`${d}M0 0h1v1z`)); // a second absolute move
    refused(withD(`${d}m0 0h1v1h1z`)); // diagonal closing side
    refused(withD(d.replace('M4 4', 'M40 4'))); // off the background
    refused(withD(d.replace('M4 4', 'M4 4c1 1 1 1 1 1')));
    refused(withD(''));
  });

  it('refuses a background that is not a square at the origin, or fills that are not colours', () => {
    refused(OURS.replace('x="0"', 'x="1"'));
    refused(OURS.replace('height="29"', 'height="30"'));
    refused(OURS.replace('fill="#000000"', 'fill="url(#a)"'));
    refused(OURS.replace('fill="#ffffff"', 'fill="none"'));
    refused(OURS.replace('<rect ', '<rect style="fill:red" '));
    refused(OURS.replace('</svg>', '<path d="M0 0h1v1h-1z" fill="#000"></path></svg>'));
  });
});
