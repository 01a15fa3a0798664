/**
 * The build writes DOMPurify's default-only lists as empty (build/sanitizer-defaults.ts). Proved
 * here: sanitising hostile markup under the plugin's config (and its hook), the stock DOMPurify
 * reads nothing of those lists or of the default sets built from them; the cut DOMPurify and the
 * stock one give the same markup and report the same removals; the cut is real (left to its
 * defaults, the cut copy allows less); the build refuses when the cut would matter.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import fc from 'fast-check';
import { JSDOM } from 'jsdom';
import stockPurify, { type DOMPurify } from 'dompurify';
import { configReachesDefaults, DEFAULT_ONLY_LISTS, sanitizerCallProblems, sanitizerDefaults, withoutDefaultLists } from '../../build/sanitizer-defaults.js';
import { SVG_SANITIZE_CONFIG } from '../../shared/qr/sanitize-config.js';
import { onlyTheRootIsNamed } from '../../shared/qr/sanitize-svg.js';
import { ROOT } from '../../dev/bubble-harness/index.js';
import { builtChunk, builtHeader } from '../helpers/built-runtimes.js';

const PURIFY_ES = join(ROOT, 'node_modules', 'dompurify', 'dist', 'purify.es.mjs');

/** A module's source, imported from a file of its own. */
async function importSource<T>(source: string): Promise<T> {
  const file = join(mkdtempSync(join(tmpdir(), 'purify-')), 'purify.mjs');
  writeFileSync(file, source);
  return (await import(pathToFileURL(file).href)) as T;
}

/**
 * The stock module's source with a watch on every list the build cuts and on the default sets
 * built from them: once armed (after the instance is made), every read of them is recorded.
 */
async function watchedPurify(): Promise<{ purify: typeof stockPurify; watch: { armed: boolean; reads: string[] } }> {
  let source = readFileSync(PURIFY_ES, 'utf8');
  const defaultSets = ['DEFAULT_ALLOWED_TAGS', 'DEFAULT_ALLOWED_ATTR'].map((name) => ({
    what: name,
    declaration: new RegExp(`^\\tconst ${name} = addToSet\\(\\{\\}, \\[[^\\]]*\\]\\);$`, 'm'),
  }));
  for (const { what, declaration } of [...DEFAULT_ONLY_LISTS, ...defaultSets]) {
    assert.equal(source.match(new RegExp(declaration.source, 'gm'))?.length, 1, `purify.es.mjs declares ${what} once`);
    source = source.replace(declaration, (text) => text.replace(/= ([\s\S]*);$/, (_, value: string) => `= __watch(${value}, ${JSON.stringify(what)});`));
  }
  const prelude = [
    'export const __watched = { armed: false, reads: [] };',
    'const __watch = (value, name) => new Proxy(value, { get(target, key, receiver) { if (__watched.armed) __watched.reads.push(name + "." + String(key)); return Reflect.get(target, key, receiver); } });',
  ].join('\n');
  const mod = await importSource<{ default: typeof stockPurify; __watched: { armed: boolean; reads: string[] } }>(`${prelude}\n${source}`);
  return { purify: mod.default, watch: mod.__watched };
}

const win = new JSDOM('').window as unknown as Window & typeof globalThis;
/** As the plugin makes them (shared/qr/sanitize-svg.ts): one instance per window, with its hook. */
const withHook = (purifier: DOMPurify) => {
  purifier.addHook('uponSanitizeAttribute', onlyTheRootIsNamed as never);
  return purifier;
};
const stock = withHook(stockPurify(win));
const cut = withHook((await importSource<{ default: typeof stockPurify }>(withoutDefaultLists(readFileSync(PURIFY_ES, 'utf8')))).default(win));
const watched = await watchedPurify();
const stockWatched = withHook(watched.purify(win));

/** What DOMPurify gives for `markup`: its output, and what it removed (by name, in order). */
function run(purifier: DOMPurify, markup: string, config: object = SVG_SANITIZE_CONFIG) {
  const out = purifier.sanitize(markup, config) as unknown as string;
  const removed = purifier.removed.map((r) => ('element' in r ? `element ${r.element.nodeName}` : `attribute ${r.attribute?.name}`));
  return { out, removed };
}

const KNOWN = [
  '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<math><mi><mglyph><svg><mtext><textarea><path id="</textarea><img onerror=alert(1) src=1>">',
  '<svg><foreignobject><p><style><img src=x onerror=alert(1)></style></p></foreignobject></svg>',
  '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>',
  '<svg><annotation-xml encoding="text/html"><img src=x onerror=alert(1)></annotation-xml></svg>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<svg viewBox="0 0 1 1" role="img" aria-label="QR code"><rect width="1" height="1" fill="#ffffff"></rect><path d="M0 0h1v1H0z"></path></svg>',
];

// Names from every list DOMPurify keeps and every list the build cuts, and the classic mXSS shapes.
const TAGS = [
  'svg',
  'rect',
  'path',
  'g',
  'a',
  'use',
  'image',
  'style',
  'script',
  'foreignObject',
  'desc',
  'title',
  'animate',
  'set',
  'filter',
  'feGaussianBlur',
  'feImage',
  'math',
  'mi',
  'mo',
  'mtext',
  'mglyph',
  'malignmark',
  'annotation-xml',
  'table',
  'td',
  'img',
  'p',
  'b',
  'i',
  'iframe',
  'template',
  'noscript',
  'noembed',
  'xmp',
  'plaintext',
  'select',
  'option',
  'form',
  'input',
  'textarea',
  'body',
  'html',
  'head',
  'blockquote',
  'audio',
  'video',
  'details',
  'selectedcontent',
  'custom-el',
  'font',
];
const ATTRS = [
  'viewBox',
  'xmlns',
  'shape-rendering',
  'role',
  'aria-label',
  'x',
  'y',
  'width',
  'height',
  'fill',
  'd',
  'href',
  'xlink:href',
  'onload',
  'onerror',
  'onbegin',
  'style',
  'class',
  'id',
  'name',
  'data-x',
  'is',
  'srcdoc',
  'src',
  'action',
  'autocapitalize',
  'mathvariant',
  'xml:space',
  'encoding',
  'color',
  'transform',
  'attributeName',
  'to',
  'begin',
];
const VALUES = [
  '0',
  '1',
  '#ffffff',
  'img',
  'QR code',
  'M0 0h1v1H0z',
  'javascript:alert(1)',
  'data:text/html,<script>x</script>',
  'url(http://127.0.0.1:9/x)',
  'text/html',
  '"><img src=x onerror=alert(1)>',
  '</style><img src=x onerror=alert(1)>',
  'crispEdges',
  'http://www.w3.org/2000/svg',
  'http://www.w3.org/1998/Math/MathML',
];
const TEXTS = ['', 'x', '<!-- c -->', '<![CDATA[x]]>', '&lt;script&gt;', '</p>', '<img src=x onerror=alert(1)>', '--><script>x</script>'];

const markup = fc.letrec<{ node: string; nodes: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...TEXTS),
    fc
      .tuple(fc.constantFrom(...TAGS), fc.array(fc.tuple(fc.constantFrom(...ATTRS), fc.constantFrom(...VALUES)), { maxLength: 3 }), tie('nodes'), fc.boolean())
      .map(([tag, attrs, inner, close]) => `<${tag}${attrs.map(([n, v]) => ` ${n}="${v}"`).join('')}>${inner}${close ? `</${tag}>` : ''}`),
  ),
  nodes: fc.array(tie('node'), { maxLength: 3 }).map((parts) => parts.join('')),
})).nodes;

test('under the plugin config (and its hook) the stock DOMPurify reads none of the lists the build cuts, on hostile markup', () => {
  watched.watch.armed = true;
  try {
    fc.assert(
      fc.property(markup, (m) => {
        run(stockWatched, m);
        assert.deepEqual(watched.watch.reads, [], m);
      }),
      { numRuns: 1500 },
    );
    for (const m of KNOWN) {
      run(stockWatched, m);
      assert.deepEqual(watched.watch.reads, [], m);
    }
    // The watch sees reads: left to its defaults, DOMPurify reads the default sets at once.
    run(stockWatched, '<b>bold</b>', {});
    assert.ok(
      watched.watch.reads.some((r) => r.startsWith('DEFAULT_ALLOWED_TAGS.')),
      'the watch records reads',
    );
  } finally {
    watched.watch.armed = false;
    watched.watch.reads.length = 0;
  }
});

test('under the plugin config the cut DOMPurify and the stock one agree on hostile markup (output and removals)', () => {
  fc.assert(
    fc.property(markup, (m) => {
      assert.deepEqual(run(cut, m), run(stock, m));
    }),
    { numRuns: 1500 },
  );
});

test('…including the mXSS shapes DOMPurify is known for', () => {
  for (const m of KNOWN) assert.deepEqual(run(cut, m), run(stock, m), m);
});

test('the cut is real: left to its defaults, the cut copy allows no HTML (the stock one does)', () => {
  assert.equal(run(stock, '<b>bold</b>', {}).out, '<b>bold</b>');
  assert.equal(run(cut, '<b>bold</b>', {}).out, 'bold');
});

test("the plugin's config names its own lists, so it reaches none of the cut ones", () => {
  assert.deepEqual(configReachesDefaults(SVG_SANITIZE_CONFIG), []);
  assert.deepEqual(configReachesDefaults({ ...SVG_SANITIZE_CONFIG, ALLOWED_ATTR: undefined, USE_PROFILES: { svg: true }, KEEP_CONTENT: true }), [
    'it leaves ALLOWED_ATTR to the default',
    'it uses a profile',
    'it keeps the content of removed elements',
  ]);
});

test("the build reads the sanitiser's calls: only sanitize with the plugin's config, and addHook", () => {
  const sanitizer = readFileSync(join(ROOT, 'shared', 'qr', 'sanitize-svg.ts'), 'utf8');
  assert.deepEqual(sanitizerCallProblems(sanitizer), []);
  assert.deepEqual(sanitizerCallProblems(sanitizer.replace('instance.sanitize(svg, SVG_SANITIZE_CONFIG)', 'instance.sanitize(svg, {})')), [
    'a sanitize call is not given SVG_SANITIZE_CONFIG',
  ]);
  assert.deepEqual(sanitizerCallProblems(`${sanitizer}\ninstance.isValidAttribute('a', 'href', 'x');`), ["the sanitiser calls DOMPurify's isValidAttribute"]);
});

test('the build stops when DOMPurify no longer declares a list as expected', () => {
  const source = readFileSync(PURIFY_ES, 'utf8');
  assert.throws(() => withoutDefaultLists(source.replace('const html$1 = freeze([', 'const htmlTags = freeze([')), /default HTML tags/);
});

test('the build stops when a module other than the sanitiser imports DOMPurify', async () => {
  await assert.rejects(
    build({
      stdin: { contents: "import DOMPurify from 'dompurify'; (window as any).p = DOMPurify;", resolveDir: ROOT, loader: 'ts', sourcefile: 'elsewhere.ts' },
      bundle: true,
      write: false,
      logLevel: 'silent',
      plugins: [sanitizerDefaults(ROOT)],
    }),
    /only shared\/qr\/sanitize-svg\.ts may/,
  );
});

test('the built runtimes that carry DOMPurify carry none of its default-only lists, and keep the lists it always reads', () => {
  for (const [label, text] of [
    ['inline MFA runtime', builtHeader('supabase_mfa')],
    ['hosted enroll chunk', builtChunk('enroll')],
  ] as const) {
    assert.ok(text.includes('DOMPurify'), `${label} carries DOMPurify`);
    // An HTML-only tag, an HTML-only attribute, a MathML attribute: in the cut lists only.
    for (const gone of ['blockquote', 'autocapitalize', 'mathvariant']) assert.ok(!text.includes(gone), `${label}: ${gone}`);
    // SVG filter and MathML tags: DOMPurify's namespace checks read them under any config.
    for (const kept of ['feGaussianBlur', 'mglyph']) assert.ok(text.includes(kept), `${label}: ${kept}`);
  }
});
