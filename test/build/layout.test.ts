import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadPluginDef } from '../../build/plugin-def.js';
import { bubbleLayout } from '../../build/bubble-layout.js';
import { folderName } from '../../build/ids.js';
import { REFERENCE_PATH, referenceMarkdown } from '../../build/reference-doc.js';
import { standInBundles } from '../helpers/stand-in-bundles.js';

const def = loadPluginDef();
const bundles = standInBundles(def);
const files = bubbleLayout(def, bundles);
// biome-ignore lint/security/noGlobalEval: a code box is text Bubble evaluates; so does this test (indirect, global scope).
const evalBox = (text: string) => globalThis.eval(`(${text})`) as (...args: unknown[]) => unknown;

test("top-level files as Bubble's GitHub sync expects", () => {
  const meta = JSON.parse(files.get('meta_data.json')!);
  assert.equal(meta.sa_node_version, 22);
  assert.equal(meta.name, def.name);
  const shared = JSON.parse(files.get('shared_tech_params.json')!);
  assert.equal(shared.dependencies.plugin_api_version, '4');
  assert.deepEqual(Object.keys(shared.shared_keys).sort(), def.keys.map((k) => k.id).sort());
  assert.equal(shared.shared_keys[def.keys.find((k) => k.name === 'service_role_key')!.id].type, 'secure');
  assert.equal(files.has('html_headers.html'), false, 'nothing plugin-wide: pages without our elements load nothing (and Bubble writes no empty header)');
});

/** Bubble's files list entries by ID (sorted keys); plugin.json may list them in reading order. */
const byId = <T extends { id: string }>(entries: readonly T[]): T[] => [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

test('every element, state, element action and server action has its <ID>-<base32> folder and files', () => {
  for (const el of def.elements) {
    const dir = `elements/${folderName(el.id)}`;
    for (const f of ['params.json', 'initialize.js', 'update.js', 'preview.js', 'reset.js', 'headers.html']) assert.ok(files.has(`${dir}/${f}`), `${dir}/${f}`);
    const params = JSON.parse(files.get(`${dir}/params.json`)!);
    assert.equal(params.display, el.display);
    assert.deepEqual(
      Object.keys(params.fields),
      el.fields.map((f) => f.id),
    );
    assert.deepEqual(
      Object.values(params.states).map((s: any) => s.name),
      byId(el.states).map((s) => s.name),
    );
    assert.deepEqual(
      Object.values(params.events).map((e: any) => e.name),
      byId(el.events).map((e) => e.name),
    );
    for (const s of el.states) {
      const init = files.get(`${dir}/states/${folderName(s.id)}/initialization.js`)!;
      assert.deepEqual(evalBox(init)({}, {}), s.list ? [] : s.type === 'boolean' ? false : s.type === 'number' ? 0 : null);
      assert.equal(params.states[s.id].initialization_code.fn, init);
    }
    for (const a of el.actions) {
      const adir = `${dir}/element_actions/${folderName(a.id)}`;
      assert.deepEqual(
        Object.values(JSON.parse(files.get(`${adir}/params.json`)!).fields ?? {}).map((f: any) => f.name),
        byId(a.fields).map((f) => f.name),
      );
      assert.match(files.get(`${adir}/run.js`)!, /^function\(instance, properties, context\) \{/);
    }
  }
  for (const sa of def.server_actions) {
    const dir = `actions/${folderName(sa.id)}`;
    const params = JSON.parse(files.get(`${dir}/params.json`)!);
    assert.equal(params.type, 'server_side');
    assert.deepEqual(
      Object.values(params.return_value).map((r: any) => r.name),
      sa.returns.map((r) => r.name),
    );
    assert.match(files.get(`${dir}/server.js`)!, /^async function\(properties, context\) \{/);
    assert.ok(files.has(`${dir}/client.js`));
  }
});

test('code boxes are one call into the runtime, and never throw when the runtime is missing', () => {
  const el = def.elements[0]!;
  const dir = `elements/${folderName(el.id)}`;
  const calls: unknown[][] = [];
  const debug: string[] = [];
  const g = globalThis as Record<string, unknown>;
  g.window = g;
  try {
    delete g.SupabaseMfaBubble;
    const ctx = { reportDebugger: (m: string) => debug.push(m) };
    evalBox(files.get(`${dir}/initialize.js`)!)({}, ctx);
    assert.equal(debug.length, 1, 'missing runtime is reported, not thrown');
    g.SupabaseMfaBubble = { run: (...args: unknown[]) => calls.push(args) };
    const inst = {};
    evalBox(files.get(`${dir}/update.js`)!)(inst, { a: 1 }, ctx);
    const action = el.actions[0]!;
    evalBox(files.get(`${dir}/element_actions/${folderName(action.id)}/run.js`)!)(inst, { b: 2 }, ctx);
    assert.deepEqual(
      calls.map((c) => c.slice(0, 2)),
      [
        [el.name, 'update'],
        [el.name, `action:${action.name}`],
      ],
    );
    assert.equal(calls[0]![2], inst);
  } finally {
    delete g.SupabaseMfaBubble;
    delete g.window;
  }
});

test('server action boxes carry their own bundle and call it', async () => {
  const sa = def.server_actions[0]!;
  const box = evalBox(files.get(`actions/${folderName(sa.id)}/server.js`)!);
  assert.deepEqual(await box({}, {}), { from: sa.name });
});

test('headers inline the right runtime and nothing client-side mentions the service role key', () => {
  const mfa = def.elements.find((e) => e.runtime === 'mfa')!;
  const qr = def.elements.find((e) => e.runtime === 'qr')!;
  assert.match(files.get(`elements/${folderName(mfa.id)}/headers.html`)!, /MFA_RUNTIME/);
  assert.doesNotMatch(files.get(`elements/${folderName(qr.id)}/headers.html`)!, /MFA_RUNTIME/);
  const code = def.elements.find((e) => e.runtime === 'code')!;
  assert.match(files.get(`elements/${folderName(code.id)}/headers.html`)!, /CODE_RUNTIME/);
  assert.doesNotMatch(
    files.get(`elements/${folderName(code.id)}/headers.html`)!,
    /MFA_RUNTIME|QR_RUNTIME/,
    'the code input loads neither Supabase nor DOMPurify',
  );
  const caption = def.keys.find((k) => k.name === 'service_role_key')!.caption;
  for (const [path, text] of files) if (path.startsWith('elements/')) assert.ok(!text.includes(caption), path);
});

test('docs/reference.md is what plugin.json says (run npm run reference to refresh)', () => {
  assert.equal(readFileSync(REFERENCE_PATH, 'utf8'), referenceMarkdown(def));
});
