/** The DOMPurify gate passes our own markup untouched and refuses anything off the allow-list. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSanitizer, renderQrSvg } from '../../shared/qr/index.js';
import { supabaseQrSvg } from '../../dev/fixtures/index.js';
import { jsdomWindow } from '../helpers/qr.js';

const win = jsdomWindow();
const sanitize = createSanitizer(win);
const OURS = renderQrSvg(supabaseQrSvg('HELLO').matrix, { foreground: 'rgba(1,2,3,0.5)' });
const PWN = "window.__pwned('sanitize')";
const BEACON = 'http://127.0.0.1:9/sanitize';

describe('createSanitizer', () => {
  it('passes our own output through unchanged', () => {
    assert.deepEqual(sanitize(OURS), { data: OURS, error: null });
  });

  it('works for several sanitisers of one window and across windows', () => {
    assert.equal(createSanitizer(win)(OURS).data, OURS);
    assert.equal(createSanitizer(jsdomWindow())(OURS).data, OURS);
  });

  const refused: Record<string, string> = {
    script: OURS.replace('</svg>', `<script>${PWN}</script></svg>`),
    'onload on svg': OURS.replace('<svg ', `<svg onload="${PWN}" `),
    'onclick on rect': OURS.replace('<rect ', `<rect onclick="${PWN}" `),
    'style attribute': OURS.replace('<path ', '<path style="fill:red" '),
    'class attribute': OURS.replace('<path ', '<path class="x" '),
    'id attribute': OURS.replace('<path ', '<path id="x" '),
    'data attribute': OURS.replace('<path ', '<path data-x="1" '),
    'aria attribute': OURS.replace('<path ', '<path aria-label="x" '),
    'aria-hidden on the root': OURS.replace('<svg ', '<svg aria-hidden="true" '),
    'role other than img': OURS.replace('<svg ', '<svg role="button" '),
    'role on a path': OURS.replace('<path ', '<path role="img" '),
    'transform attribute': OURS.replace('<path ', '<path transform="scale(2)" '),
    'fill url()': OURS.replace('fill="#ffffff"', `fill="url(${BEACON}#g)"`),
    'fill javascript:': OURS.replace('fill="#ffffff"', `fill="javascript:${PWN}"`),
    'xlink:href': OURS.replace('<rect ', `<rect xlink:href="javascript:${PWN}" `),
    'href on path': OURS.replace('<path ', `<path href="${BEACON}" `),
    '<g> wrapper': OURS.replace('<rect ', '<g><rect ').replace('</path>', '</path></g>'),
    '<a>': OURS.replace('<rect ', `<a href="javascript:${PWN}"><rect `).replace('</rect>', '</rect></a>'),
    '<image>': OURS.replace('</svg>', `<image href="${BEACON}"></image></svg>`),
    '<use>': OURS.replace('</svg>', `<use href="${BEACON}#x"></use></svg>`),
    '<style>': OURS.replace('</svg>', `<style>@import url(${BEACON});</style></svg>`),
    '<foreignObject>': OURS.replace('</svg>', `<foreignObject><img src=x onerror="${PWN}"></foreignObject></svg>`),
    '<animate>': OURS.replace('</path>', `<animate attributeName="d" onbegin="${PWN}"></animate></path>`),
    '<set>': OURS.replace('</rect>', `<set attributeName="fill" to="red"></set></rect>`),
    '<circle>': OURS.replace('</svg>', '<circle r="5"></circle></svg>'),
    'HTML after the root': `${OURS}<img src=x onerror="${PWN}">`,
    'text after the root': `${OURS}hello`,
    'whitespace before the root': ` ${OURS}`,
    comment: OURS.replace('</svg>', '<!-- x --></svg>'),
    math: `<math><mtext><table><mglyph><style><img src=x onerror="${PWN}">`,
    'mXSS svg/p/style': `<svg></p><style><a id="</style><img src=1 onerror=${PWN}>">`,
    'HTML only': `<img src=x onerror="${PWN}">`,
  };
  for (const [label, markup] of Object.entries(refused)) {
    it(`refuses ${label}`, () => assert.equal(sanitize(markup).error?.code, 'invalid_qr'));
  }
});
