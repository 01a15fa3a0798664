/**
 * The built plugin against what Bubble's own GitHub sync writes (docs/bubble-format.md): a copy
 * of the repository is built and every file of dist/bubble-plugin/ is read back from disk and
 * checked, point by point, against the habits seen in Bubble-written repositories. The checks
 * here are written out independently of build/bubble-habits.ts (which the build itself runs), so
 * a mistake in one does not hide in the other. Further down: the build refuses a plugin.json or
 * an output that would break them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildPlugin } from '../../build/build.js';
import { bubbleHabitProblems } from '../../build/bubble-habits.js';
import { loadPluginDef, PluginDefError, validatePluginDef } from '../../build/plugin-def.js';
import { deliveryFrom, runtimeFiles as runtimeFilesOf, type RuntimeFile } from '../../build/runtime-delivery.js';
import { bubbleLayout } from '../../build/bubble-layout.js';
import { bundleAll } from '../../build/bundle.js';
import { folderName } from '../../build/ids.js';
import { editFile, repoCopies } from '../helpers/repo-copy.js';
import { CHUNK_FILES } from '../../shared/chunks/chunk-map.js';

const copies = repoCopies();
after(() => copies.removeAll());

type Obj = Record<string, any>;
let dir = '';
let files = new Map<string, string>();
let runtimeFiles = new Map<string, string>();
const def = loadPluginDef();
const schema = JSON.parse(readFileSync('plugin.schema.json', 'utf8'));

function readTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.set(relative(root, full), readFileSync(full, 'utf8'));
    }
  };
  walk(root);
  return out;
}

const jsonFiles = () => [...files].filter(([p]) => p.endsWith('.json')).map(([p, t]) => [p, JSON.parse(t) as Obj] as const);
const paramsOf = (re: RegExp) => jsonFiles().filter(([p]) => re.test(p));
const elementParams = () => paramsOf(/^elements\/[^/]+\/params\.json$/);
const elementActionParams = () => paramsOf(/^elements\/[^/]+\/element_actions\/[^/]+\/params\.json$/);
const actionParams = () => paramsOf(/^actions\/[^/]+\/params\.json$/);

before(async () => {
  dir = copies.make();
  await buildPlugin(dir, { env: {} });
  files = readTree(join(dir, 'dist', 'bubble-plugin'));
  runtimeFiles = readTree(join(dir, 'dist', 'runtime'));
});

describe("the built plugin is what Bubble's GitHub sync writes", () => {
  test("only Bubble's layout: nothing a sync would delete", () => {
    const allowed = [
      /^meta_data\.json$/,
      /^shared_tech_params\.json$/,
      /^html_headers\.html$/,
      /^elements\/[A-Za-z]{3}-[0-9a-z]+\/(params\.json|initialize\.js|update\.js|preview\.js|reset\.js|headers\.html)$/,
      /^elements\/[A-Za-z]{3}-[0-9a-z]+\/states\/[A-Za-z]{3}-[0-9a-z]+\/initialization\.js$/,
      /^elements\/[A-Za-z]{3}-[0-9a-z]+\/element_actions\/[A-Za-z]{3}-[0-9a-z]+\/(params\.json|run\.js)$/,
      /^actions\/[A-Za-z]{3}-[0-9a-z]+\/(params\.json|client\.js|server\.js|package\.json)$/,
    ];
    assert.ok(files.size > 50);
    for (const path of files.keys())
      assert.ok(
        allowed.some((re) => re.test(path)),
        `${path} is outside Bubble's layout`,
      );
  });

  test('IDs: every ID (folders, fields, states, events, return values, keys) is in the zAA… range, with the suffix Bubble derives', () => {
    const ids = new Set<string>();
    for (const path of files.keys()) {
      for (const seg of path.split('/').slice(0, -1)) {
        const m = /^([A-Za-z]{3})-([0-9a-z]+)$/.exec(seg);
        if (!m) continue;
        ids.add(m[1]!);
        // base32 of the ASCII bytes, alphabet without i, l, o, s (independent re-implementation).
        const bits = [...Buffer.from(m[1]!, 'ascii')].map((b) => b.toString(2).padStart(8, '0')).join('');
        const padded = bits.padEnd(Math.ceil(bits.length / 5) * 5, '0');
        const suffix = padded
          .match(/.{5}/g)!
          .map((g) => '0123456789abcdefghjkmnpqrtuvwxyz'[parseInt(g, 2)])
          .join('');
        assert.equal(m[2], suffix, path);
      }
    }
    for (const [, p] of [...elementParams(), ...elementActionParams(), ...actionParams()]) {
      for (const k of ['fields', 'states', 'events', 'return_value']) for (const id of Object.keys(p[k] ?? {})) ids.add(id);
    }
    for (const id of Object.keys(JSON.parse(files.get('shared_tech_params.json')!).shared_keys)) ids.add(id);
    assert.ok(ids.size > 60);
    for (const id of ids) assert.match(id, /^z[A-Za-z]{2}$/, `${id} is in the range Bubble's editor counter hands out`);
  });

  test('meta_data.json: license open_source/private/commercial, categories an object {"0": …}, no version', () => {
    const meta = JSON.parse(files.get('meta_data.json')!);
    assert.ok(['open_source', 'private', 'commercial'].includes(meta.license), meta.license);
    assert.equal(Array.isArray(meta.categories), false);
    assert.deepEqual(
      Object.keys(meta.categories),
      def.categories.map((_, i) => String(i)),
    );
    assert.deepEqual(Object.values(meta.categories), def.categories);
    assert.equal('version' in meta, false);
    assert.ok([18, 22].includes(meta.sa_node_version));
  });

  test('element categories are ones Bubble writes', () => {
    assert.equal(elementParams().length, def.elements.length);
    for (const [path, p] of elementParams()) assert.ok(['visual elements', 'input forms', 'containers'].includes(p.category), `${path}: ${p.category}`);
  });

  test('doc on fields, states, events and element actions; never at the top of an element or action, on return values or on keys', () => {
    for (const [path, p] of elementParams()) {
      assert.equal('doc' in p, false, path);
      for (const k of ['fields', 'states', 'events'])
        for (const [id, x] of Object.entries<Obj>(p[k])) assert.equal(typeof x.doc, 'string', `${path} ${k}.${id}`);
    }
    assert.ok(elementActionParams().length > 5);
    for (const [path, p] of elementActionParams()) {
      assert.equal(typeof p.doc, 'string', path);
      for (const [id, x] of Object.entries<Obj>(p.fields ?? {})) assert.equal(typeof x.doc, 'string', `${path} ${id}`);
    }
    assert.ok(actionParams().length > 0);
    for (const [path, p] of actionParams()) {
      assert.equal('doc' in p, false, path);
      for (const [id, r] of Object.entries<Obj>(p.return_value)) assert.equal('doc' in r, false, `${path} return ${id}`);
    }
    for (const [id, k] of Object.entries<Obj>(JSON.parse(files.get('shared_tech_params.json')!).shared_keys)) assert.equal('doc' in k, false, id);
  });

  test('defaults: a number field has a JSON number, a checkbox a boolean', () => {
    const all = [...elementParams(), ...elementActionParams(), ...actionParams()].flatMap(([path, p]) =>
      Object.entries<Obj>(p.fields ?? {}).map(([id, f]) => ({ at: `${path} ${id}`, f })),
    );
    const numbers = all.filter(({ f }) => 'default_val' in f && (f.editor === 'StaticNumber' || f.value === 'number'));
    const checkboxes = all.filter(({ f }) => 'default_val' in f && f.editor === 'Checkbox');
    assert.ok(numbers.length >= 1 && checkboxes.length >= 1, 'the plugin has both kinds (quiet zone, replace unverified)');
    for (const { at, f } of numbers) assert.equal(typeof f.default_val, 'number', at);
    for (const { at, f } of checkboxes) assert.equal(typeof f.default_val, 'boolean', at);
    for (const { at, f } of all.filter(({ f }) => 'default_val' in f && !numbers.some((n) => n.f === f) && !checkboxes.some((c) => c.f === f))) {
      assert.equal(typeof f.default_val, 'string', at);
    }
  });

  test('JSON: sorted keys at every level, 4-space indent, no final newline', () => {
    const sortDeep = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(sortDeep)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.keys(v)
                .sort()
                .map((k) => [k, sortDeep((v as Obj)[k])]),
            )
          : v;
    for (const [path, text] of files) {
      if (!path.endsWith('.json')) continue;
      assert.equal(text, JSON.stringify(sortDeep(JSON.parse(text)), null, 4), path);
      assert.ok(!text.endsWith('\n'), path);
    }
  });

  test('no "fields": {} on element actions, no empty html_headers.html, no assets: {}', () => {
    const noFields = def.elements.flatMap((e) => e.actions).filter((a) => !a.fields.length);
    assert.ok(noFields.length >= 1, 'the plugin has element actions without fields');
    for (const [path, p] of elementActionParams()) if ('fields' in p) assert.ok(Object.keys(p.fields).length > 0, path);
    assert.equal(elementActionParams().filter(([, p]) => !('fields' in p)).length, noFields.length);
    const header = files.get('html_headers.html');
    assert.ok(header === undefined || header.trim().length > 0);
    assert.equal(
      'assets' in JSON.parse(files.get('shared_tech_params.json')!) && Object.keys(JSON.parse(files.get('shared_tech_params.json')!).assets).length === 0,
      false,
    );
    for (const [path, text] of files) assert.ok(text.length > 0, `${path} is empty`);
  });

  test("the secure key's caption appears in server code only, never in anything a browser loads", () => {
    const secure = def.keys.filter((k) => k.type === 'secure');
    assert.ok(secure.length >= 1);
    const server = [...files].filter(([p]) => p.endsWith('/server.js'));
    for (const k of secure) {
      // The server actions read the key by its caption: the search below can find it.
      assert.ok(
        server.some(([, t]) => t.includes(k.caption)),
        'server code carries the caption',
      );
      for (const [path, text] of [...files, ...runtimeFiles]) {
        // Server code, and the key table Bubble keeps on its side: neither reaches a page.
        if (path.startsWith('actions/') || path === 'shared_tech_params.json') continue;
        assert.ok(!text.includes(k.caption), `${path} contains "${k.caption}"`);
      }
    }
  });

  test('server actions carry their own requests, not the auth client', () => {
    for (const sa of def.server_actions) {
      const path = `actions/${folderName(sa.id)}/server.js`;
      const text = files.get(path)!;
      // The admin actions ask /admin/users/…; the token check asks /user with the user's token.
      const own = sa.name.startsWith('admin_') ? /\/admin\/users\// : /["'`]\/user["'`]/;
      assert.match(text, own, `${sa.name}: its request`);
      // Markers of auth-js's client and admin API (sign-in, invites, link generation).
      for (const marker of ['signInWithPassword', 'inviteUserByEmail', 'generateLink', 'GoTrueClient']) assert.ok(!text.includes(marker), `${path}: ${marker}`);
    }
  });

  test('the hosted runtime files are content-hashed, listed with their integrity, and every element runtime is in them', () => {
    const manifest = JSON.parse(runtimeFiles.get('manifest.json')!);
    assert.ok(manifest.files.length >= 1);
    for (const f of manifest.files) {
      const text = runtimeFiles.get(f.file)!;
      assert.ok(text, f.file);
      const hash = /\.([0-9a-f]{16})\.js$/.exec(f.file)?.[1];
      assert.ok(hash, f.file);
      assert.equal(f.integrity, `sha384-${createHash('sha384').update(text).digest('base64')}`);
    }
    // Each chunk is listed under its name (what the tests and the bench look it up by).
    assert.deepEqual(
      manifest.files
        .filter((f: Obj) => f.role === 'chunk')
        .map((f: Obj) => f.name)
        .sort(),
      Object.keys(CHUNK_FILES).sort(),
    );
    const entry = runtimeFiles.get(manifest.files.find((f: Obj) => f.role === 'entry').file)!;
    for (const el of def.elements) assert.ok(entry.includes(JSON.stringify(el.name).slice(1, -1)), el.name);
  });
});

describe('the build refuses what Bubble would not write', () => {
  const withChange = (change: (d: Obj) => void) => {
    const raw = JSON.parse(readFileSync('plugin.json', 'utf8'));
    change(raw);
    return () => validatePluginDef(raw, schema);
  };
  const field = (d: Obj, element: string, name: string) => d.elements.find((e: Obj) => e.name === element).fields.find((f: Obj) => f.name === name);
  const actionField = (d: Obj, action: string, name: string) =>
    d.elements
      .flatMap((e: Obj) => e.actions)
      .find((a: Obj) => a.name === action)
      .fields.find((f: Obj) => f.name === name);

  test('plugin.json: a license, element category or default type Bubble never writes', () => {
    assert.doesNotThrow(withChange(() => undefined));
    assert.throws(
      withChange((d) => {
        d.license = 'MIT';
      }),
      PluginDefError,
    );
    assert.throws(
      withChange((d) => {
        d.elements[0].category = 'technical';
      }),
      PluginDefError,
    );
    assert.throws(
      withChange((d) => {
        field(d, 'qr_code', 'quiet_zone').default = '4';
      }),
      /default/,
    );
    assert.throws(
      withChange((d) => {
        actionField(d, 'enroll_factor', 'replace_unverified').default = 'true';
      }),
      /default/,
    );
    assert.throws(
      withChange((d) => {
        field(d, 'qr_code', 'label').default = 4;
      }),
      /default/,
    );
  });

  test('output: each habit broken in a layout is named', () => {
    const good = new Map(files);
    assert.deepEqual(bubbleHabitProblems(good, def), []);
    const broken = (path: string, change: (o: Obj) => void) => {
      const copy = new Map(good);
      const o = JSON.parse(copy.get(path)!);
      change(o);
      copy.set(path, `${JSON.stringify(o, null, 4)}`);
      return bubbleHabitProblems(copy, def).join('\n');
    };
    const el = [...good.keys()].find((p) => /^elements\/[^/]+\/params\.json$/.test(p))!;
    const sa = [...good.keys()].find((p) => /^actions\/[^/]+\/params\.json$/.test(p))!;
    const ea = [...good.keys()].find((p) => /element_actions\/[^/]+\/params\.json$/.test(p))!;
    assert.match(
      broken('meta_data.json', (o) => {
        o.version = '1.0.0';
      }),
      /no version/,
    );
    assert.match(
      broken('meta_data.json', (o) => {
        o.categories = ['technical'];
      }),
      /categories/,
    );
    assert.match(
      broken('meta_data.json', (o) => {
        o.license = 'MIT';
      }),
      /license/,
    );
    assert.match(
      broken('shared_tech_params.json', (o) => {
        o.assets = {};
      }),
      /assets/,
    );
    assert.match(
      broken(el, (o) => {
        o.doc = 'An element description';
      }),
      /no doc at the top of an element/,
    );
    assert.match(
      broken(sa, (o) => {
        o.doc = 'An action description';
      }),
      /no doc at the top of a plugin action/,
    );
    assert.match(
      broken(ea, (o) => {
        o.fields = {};
      }),
      /drops "fields"/,
    );
    const unsorted = new Map(good);
    unsorted.set('meta_data.json', JSON.stringify({ name: 'x', license: 'open_source', categories: { 0: 'a' } }, null, 4));
    assert.match(bubbleHabitProblems(unsorted, def).join('\n'), /not formatted like Bubble's JSON/);
    const newline = new Map(good);
    newline.set('meta_data.json', `${good.get('meta_data.json')}\n`);
    assert.match(bubbleHabitProblems(newline, def).join('\n'), /not formatted like Bubble's JSON/);
    const emptyHeader = new Map(good);
    emptyHeader.set('html_headers.html', '');
    assert.match(bubbleHabitProblems(emptyHeader, def).join('\n'), /html_headers\.html is empty/);
    const leak = new Map(good);
    const header = [...good.keys()].find((p) => p.endsWith('/headers.html'))!;
    leak.set(header, `${good.get(header)}<!-- ${def.keys.find((k) => k.type === 'secure')!.caption} -->`);
    assert.match(bubbleHabitProblems(leak, def).join('\n'), /secure key's caption/);
  });

  test('npm run build stops on such a plugin.json (a copy with license "MIT")', async () => {
    const copy = copies.make();
    editFile(copy, 'plugin.json', (t) => t.replace('"license": "open_source"', '"license": "MIT"'));
    await assert.rejects(buildPlugin(copy, { env: {} }), /plugin\.json is invalid:[\s\S]*license/);
  });

  test('hosted mode: URLs must be https (or protocol-relative), and a URL map must name every runtime file', () => {
    const rf: RuntimeFile[] = [
      { role: 'entry', file: 'supabase-mfa-runtime.0123456789abcdef.js', name: 'supabase-mfa-runtime', text: '', integrity: 'sha384-x' },
    ];
    assert.deepEqual(deliveryFrom({}, rf, {}), { mode: 'inline' });
    assert.deepEqual(deliveryFrom({ runtimeUrl: 'https://cdn.example.com/mfa' }, rf, {}), {
      mode: 'hosted',
      urls: { [rf[0]!.file]: `https://cdn.example.com/mfa/${rf[0]!.file}` },
    });
    assert.equal(deliveryFrom({}, rf, { SUPABASE_MFA_RUNTIME_URL: '//cdn.example.com/x/' }).mode, 'hosted');
    assert.throws(() => deliveryFrom({ runtimeUrl: 'http://cdn.example.com/' }, rf, {}), /https/);
    assert.throws(() => deliveryFrom({ runtimeUrls: join(dir, 'plugin.json') }, rf, {}), /has no URL for supabase-mfa-runtime\.0123456789abcdef\.js/);
  });

  test("hosted mode from Bubble's Shared-tab uploads: URLs come from the synced assets, which the output keeps", async () => {
    const bundles = await bundleAll(def, dir);
    const rf = runtimeFilesOf(bundles);
    // One upload per file: the entry and each chunk it loads on first use.
    assert.deepEqual(
      rf.map((f) => f.role),
      ['entry', ...rf.slice(1).map(() => 'chunk')],
    );
    const assets = Object.fromEntries(rf.map((f, i) => [`AA${i}`, { name: f.file, url: `//meta-q.cdn.bubble.io/f170000000000${i}x1/${f.file}` }]));
    const synced = join(dir, 'synced-shared_tech_params.json');
    writeFileSync(synced, JSON.stringify({ assets, dependencies: { plugin_api_version: '4' }, shared_keys: {} }));
    const delivery = deliveryFrom({ runtimeUrls: synced }, rf, {});
    assert.deepEqual(delivery, { mode: 'hosted', urls: Object.fromEntries(Object.values(assets).map((a) => [a.name, a.url])), assets });
    const layout = bubbleLayout(def, bundles, { delivery, runtimeFiles: rf });
    assert.deepEqual(JSON.parse(layout.get('shared_tech_params.json')!).assets, assets);
    const chunkMap = Object.fromEntries(rf.slice(1).map((f, i) => [f.name, { src: assets[`AA${i + 1}`]!.url, integrity: f.integrity }]));
    for (const el of def.elements) {
      const header = layout.get(`elements/${folderName(el.id)}/headers.html`)!;
      assert.match(header, new RegExp(`src="${assets.AA0!.url.replace(/\./g, '\\.')}"`));
      // The chunks' URLs and hashes ride in the header, HTML-escaped JSON.
      const listed = /data-supabase-mfa-chunks="([^"]*)"/
        .exec(header)?.[1]
        ?.replace(/&quot;/g, '"')
        .replace(/&lt;/g, '<')
        .replace(/&amp;/g, '&');
      assert.deepEqual(JSON.parse(listed ?? 'null'), chunkMap);
    }
    assert.deepEqual(bubbleHabitProblems(layout, def), []);
  });
});
