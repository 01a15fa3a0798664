/**
 * The harness's own tests (jsdom): it must reject what Bubble rejects — an undeclared state,
 * event, property or key, a secure key read in the browser, a wrong state type, a throw — and
 * behave like Bubble where the plugin relies on it: properties as Bubble sends them, 'not ready'
 * re-running the whole function, headers once per element type, state snapshots at events.
 * Negative cases use a synthetic plugin or a tampered copy of the real dist: the real plugin
 * must be clean.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJsdomHarness, DIST_DIR, type JsdomHarness, type ViolationKind, vmEvaluator } from '../../dev/bubble-harness/index.js';
import { syntheticPlugin, type SyntheticBoxes } from '../helpers/synthetic.js';
import { loadPluginDef } from '../../build/plugin-def.js';

const QR_ELEMENT_ID = loadPluginDef().elements.find((e) => e.name === 'qr_code')!.id;

const open: JsdomHarness[] = [];
after(() => open.forEach((h) => h.close()));

function probe(boxes: SyntheticBoxes, keys: Record<string, string> = { 'Public key': 'pk', 'Secret key': 'sk' }, body = '') {
  const h = createJsdomHarness({ files: syntheticPlugin(boxes), keys, body });
  open.push(h);
  return h;
}

const kinds = (h: JsdomHarness) => h.harness.violations.map((v) => v.kind);

function expectViolation(h: JsdomHarness, kind: ViolationKind, pattern?: RegExp) {
  const v = h.harness.violations.find((x) => x.kind === kind && (!pattern || pattern.test(x.detail)));
  assert.ok(v, `expected a ${kind} violation${pattern ? ` matching ${pattern}` : ''}; got ${JSON.stringify(h.harness.violations)}`);
  assert.throws(() => h.harness.assertClean(), new RegExp(kind));
}

describe('strictness', () => {
  test('a well-behaved element is clean', () => {
    const h = probe({
      initialize: `function(instance, context) {
        instance.publishState('label', 'hi'); instance.publishState('count', 3); instance.publishState('ok', true);
        instance.publishState('when', new Date(0)); instance.publishState('picture', '//cdn/x.png');
        instance.publishState('tags', ['a', 'b']); instance.publishState('numbers', [1, 2]);
        instance.publishState('label', null); instance.triggerEvent('done');
      }`,
    });
    const el = h.harness.place('Probe');
    h.harness.assertClean();
    assert.deepEqual(el.eventNames(), ['done']);
    assert.equal(el.states.label, null);
  });

  test('publishing an undeclared state is rejected', () => {
    const h = probe({ initialize: `function(instance) { instance.publishState('labels', 'x'); }` });
    const el = h.harness.place('Probe');
    expectViolation(h, 'undeclared_state', /labels/);
    assert.equal('labels' in el.states, false);
  });

  for (const [state, value, why] of [
    ['label', 5, 'text takes a string'],
    ['label', undefined, 'undefined is not a value'],
    ['count', '5', 'number takes a number'],
    ['count', Number.NaN, 'NaN is not a number'],
    ['ok', 'yes', 'boolean takes a boolean'],
    ['when', '2024-01-01', 'date takes a Date'],
    ['picture', 42, 'image takes a string'],
    ['tags', 'a', 'a list takes an array'],
    ['tags', ['a', 1], 'list items have the list type'],
    ['tags', ['a', null], 'list items are not null'],
    ['numbers', [1, '2'], 'number list items are numbers'],
  ] as const) {
    test(`wrong state type is rejected: ${state} = ${JSON.stringify(value) ?? 'undefined'} (${why})`, () => {
      const h = probe({ initialize: `function(instance) { instance.publishState(${JSON.stringify(state)}, window.__value); }` });
      (h.window as unknown as { __value: unknown }).__value = value;
      h.harness.place('Probe');
      expectViolation(h, 'wrong_state_type', new RegExp(state));
    });
  }

  test('a Date from the page realm is accepted as a date', () => {
    const h = probe({ initialize: `function(instance) { instance.publishState('when', new Date()); }` });
    h.harness.place('Probe');
    h.harness.assertClean();
  });

  test('triggering an undeclared event is rejected', () => {
    const h = probe({ update: `function(instance) { instance.triggerEvent('finished'); }` });
    const el = h.harness.place('Probe');
    expectViolation(h, 'undeclared_event', /finished/);
    assert.deepEqual(el.eventNames(), []);
  });

  test('reading an undeclared property is rejected (update, action)', () => {
    const h = probe({
      update: `function(instance, properties) { var a = properties.text, b = properties.bubble.width(), c = properties.colour; var x = properties.qr; }`,
      action: `function(instance, properties) { var ok = properties.code; var bad = properties.text; }`,
    });
    const el = h.harness.place('Probe');
    expectViolation(h, 'undeclared_property', /properties\.qr /);
    assert.equal(h.harness.violations.length, 1, 'text, bubble and colour are declared for update');
    el.runAction('Do it', { code: '1' });
    assert.ok(h.harness.violations.some((v) => v.kind === 'undeclared_property' && /properties\.text/.test(v.detail) && /Do it/.test(v.where)));
  });

  test('properties are read-only', () => {
    const h = probe({ update: `function(instance, properties) { properties.text = 'x'; }` });
    h.harness.place('Probe');
    expectViolation(h, 'undeclared_property', /read-only/);
  });

  test('a secure key read in the browser is rejected, and it is absent', () => {
    const h = probe({
      initialize: `function(instance, context) { window.__seen = [context.keys['Public key'], context.keys['Secret key'], 'Blank key' in context.keys]; }`,
    });
    h.harness.place('Probe');
    assert.deepEqual(Array.from((h.window as unknown as { __seen: unknown[] }).__seen), ['pk', undefined, false]);
    expectViolation(h, 'secure_key_read', /Secret key/);
    assert.equal(h.harness.violations.length, 1);
  });

  test('reading a key the plugin does not declare is rejected', () => {
    const h = probe({ initialize: `function(instance, context) { var x = context.keys['Supabase URL']; }` });
    h.harness.place('Probe');
    expectViolation(h, 'undeclared_key', /Supabase URL/);
  });

  test('a header substituting a secure key is rejected', () => {
    const h = probe({ header: '<script>window.__k = "_*_Public key_*_"; window.__s = "_*_Secret key_*_";</script>' });
    h.harness.place('Probe');
    assert.equal((h.window as unknown as { __k: string }).__k, 'pk');
    expectViolation(h, 'secure_key_read', /Secret key/);
  });

  test('a code box that throws is rejected (Bubble would show its error popup)', () => {
    const h = probe({ update: `function(instance, properties) { null.x; }` });
    h.harness.place('Probe');
    expectViolation(h, 'threw', /TypeError/);
  });

  test('an action that throws or returns a rejected promise is rejected', async () => {
    const h = probe({
      action: `function(instance, properties) { if (properties.code === 'throw') throw new Error('boom'); return Promise.reject(new Error('later')); }`,
    });
    const el = h.harness.place('Probe');
    el.runAction('Do it', { code: 'throw' });
    expectViolation(h, 'threw', /boom/);
    el.runAction('Do it', { code: 'x' });
    await el.waitFor(() => kinds(h).includes('rejected'), { what: "the harness to record the promise's rejection" });
    expectViolation(h, 'rejected', /later/);
  });

  test("throwing 'not ready' when no data is loading is a plain throw", () => {
    const h = probe({ update: `function() { throw new Error('not ready'); }` });
    h.harness.place('Probe');
    expectViolation(h, 'threw', /not ready/);
  });

  test('a header script that throws is rejected', () => {
    const h = probe({ header: '<script>window.__a = 1;</script><script>undefinedFunction();</script>' });
    h.harness.place('Probe');
    expectViolation(h, 'header', /threw/);
  });

  test('a tampered copy of the real plugin is caught (the real one is clean)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bubble-dist-'));
    try {
      cpSync(DIST_DIR, dir, { recursive: true });
      const qrDir = readdirSync(join(dir, 'elements')).find((d) => d.startsWith(`${QR_ELEMENT_ID}-`))!;
      writeFileSync(
        join(dir, 'elements', qrDir, 'update.js'),
        `function(instance, properties, context) {\n  instance.publishState('is_valid', 'yes');\n  instance.publishState('shown', true);\n  instance.triggerEvent('rendered');\n  var k = context.keys['Supabase service role key'];\n  var p = properties.svg;\n}\n`,
      );
      const h = createJsdomHarness({
        dir,
        keys: { 'Supabase URL': 'https://x.supabase.co', 'Supabase anon key': 'anon', 'Supabase service role key': 'service' },
      });
      open.push(h);
      h.harness.place('Supabase MFA QR code');
      assert.deepEqual(kinds(h).sort(), ['secure_key_read', 'undeclared_event', 'undeclared_property', 'undeclared_state', 'wrong_state_type']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("'not ready'", () => {
  const COUNTING_UPDATE = `function(instance, properties) {
    window.__starts = (window.__starts || 0) + 1;      // side effect BEFORE the read
    var t = properties.text;                              // throws 'not ready' while loading
    window.__finished = (window.__finished || 0) + 1;
    instance.publishState('label', t);
  }`;

  test('a read of loading data throws, and the WHOLE function runs again when it arrives', () => {
    const h = probe({ update: COUNTING_UPDATE });
    const w = h.window as unknown as { __starts?: number; __finished?: number };
    const el = h.harness.place('Probe', { fields: { text: 'hello' }, loading: ['text'] });
    assert.equal(w.__starts, 1);
    assert.equal(w.__finished, undefined, 'nothing after the read ran');
    assert.equal(el.states.label, undefined);
    assert.equal(el.blockedCount(), 1);
    el.arrive();
    assert.equal(w.__starts, 2, 'the function started over from its first line');
    assert.equal(w.__finished, 1);
    assert.equal(el.states.label, 'hello');
    assert.equal(el.runs.update, 2);
    h.harness.assertClean();
  });

  test('an element action blocked by loading data re-runs whole too', () => {
    const h = probe({ action: `function(instance, properties) { window.__n = (window.__n || 0) + 1; instance.publishState('label', properties.code); }` });
    const el = h.harness.place('Probe');
    el.setLoading(['code']);
    el.runAction('Do it', { code: '123456' });
    assert.equal(el.states.label, undefined);
    el.arrive(['code']);
    assert.equal((h.window as unknown as { __n: number }).__n, 2);
    assert.equal(el.states.label, '123456');
    h.harness.assertClean();
  });

  test("swallowing 'not ready' in try/catch is rejected", () => {
    const h = probe({
      update: `function(instance, properties) { var t; try { t = properties.text; } catch (e) { t = null; } instance.publishState('label', t); }`,
    });
    const el = h.harness.place('Probe', { fields: { text: 'x' }, loading: ['text'] });
    expectViolation(h, 'swallowed_not_ready');
    el.arrive();
    assert.equal(el.states.label, 'x', 'Bubble still re-runs it when the data arrives');
  });

  test('reading loading data after the box returned (in async code) is rejected', async () => {
    const h = probe({ update: `function(instance, properties) { setTimeout(function () { try { properties.text; } catch (e) {} }, 0); }` });
    const el = h.harness.place('Probe', { loading: ['text'] });
    await el.waitFor(() => kinds(h).includes('not_ready_after_return'), { what: 'the late read of loading data to be recorded' });
    expectViolation(h, 'not_ready_after_return');
  });
});

describe('properties, lists, defaults and context as Bubble sends them', () => {
  test('unset optional → null; default_val applied; Checkbox boolean; Dropdown string; number default as number', () => {
    const h = probe({
      update: `function(instance, properties) { window.__p = { text: properties.text, size: properties.size, enabled: properties.enabled, mode: properties.mode, colour: properties.colour, items: properties.items, flag: properties.flag, other: properties.other }; }`,
    });
    h.harness.place('Probe');
    const p = (h.window as unknown as { __p: Record<string, unknown> }).__p;
    assert.deepEqual({ ...p }, { text: null, size: 4, enabled: true, mode: 'fast', colour: 'rgba(0, 0, 0, 1)', items: null, flag: false, other: null });
    h.harness.assertClean();
  });

  test('values set by the builder win over defaults; null clears; lists have length() and get()', () => {
    const h = probe({
      update: `function(instance, properties) {
        var l = properties.items;
        window.__p = { text: properties.text, size: properties.size, enabled: properties.enabled, mode: properties.mode, colour: properties.colour,
          n: l.length(), all: l.get(0, l.length()), tail: l.get(1, 5), isArray: Array.isArray(l) };
      }`,
    });
    h.harness.place('Probe', { fields: { text: 'a', size: 7, enabled: false, mode: 'slow', colour: null, items: ['x', 'y', 'z'] } });
    const p = (h.window as unknown as { __p: Record<string, unknown> }).__p;
    assert.deepEqual(JSON.parse(JSON.stringify(p)), {
      text: 'a',
      size: 7,
      enabled: false,
      mode: 'slow',
      colour: null,
      n: 3,
      all: ['x', 'y', 'z'],
      tail: ['y', 'z'],
      isArray: false,
    });
  });

  test('action fields get their defaults; setFields re-runs update with merged values', () => {
    const h = probe({
      update: `function(instance, properties) { instance.publishState('label', properties.text); instance.publishState('count', properties.size); }`,
      action: `function(instance, properties) { instance.publishState('label', properties.channel); }`,
    });
    const el = h.harness.place('Probe', { fields: { text: 'one' } });
    el.setFields({ size: 9 });
    assert.equal(el.runs.update, 2);
    assert.deepEqual([el.states.label, el.states.count], ['one', 9]);
    el.runAction('Do it', { code: '1' });
    assert.equal(el.states.label, 'sms');
    h.harness.assertClean();
  });

  test('test misuse (an unknown field, a wrong value type) is a test error, not a violation', () => {
    const h = probe({});
    const el = h.harness.place('Probe');
    assert.throws(() => el.setFields({ nope: 1 }), /no field "nope"/);
    assert.throws(() => el.setFields({ size: 'big' }), /takes a number/);
    assert.throws(() => el.runAction('Do it', { channel: 'pigeon' }), /one of sms\|whatsapp/);
    assert.throws(() => el.runAction('Nope'), /no action "Nope"/);
  });

  test('instance has canvas (jQuery-wrapped div), data, publishState, triggerEvent; context has keys, jQuery, reportDebugger', () => {
    const h = probe({
      initialize: `function(instance, context) {
        window.__i = { jq: !!instance.canvas.jquery, div: instance.canvas[0].tagName, data: typeof instance.data, cjq: context.jQuery === window.jQuery };
        instance.data.x = 1; context.reportDebugger('hello');
      }`,
      update: `function(instance, properties, context) { window.__persist = instance.data.x; }`,
    });
    const el = h.harness.place('Probe');
    assert.deepEqual({ ...(h.window as unknown as { __i: object }).__i }, { jq: true, div: 'DIV', data: 'object', cjq: true });
    assert.equal((h.window as unknown as { __persist: number }).__persist, 1);
    assert.deepEqual(el.debug, ['hello']);
    assert.equal(el.canvas.style.width, '120px');
  });

  test('preview is called with (instance, properties) only', () => {
    const h = probe({ preview: `function(instance, properties) { window.__args = arguments.length; instance.canvas[0].textContent = properties.text; }` });
    const el = h.harness.preview('Probe', { fields: { text: 'editor' } });
    assert.equal((h.window as unknown as { __args: number }).__args, 2);
    assert.equal(el.canvas.textContent, 'editor');
  });

  test('state initialization boxes run and their values are recorded and checked', () => {
    const h = probe({});
    const el = h.harness.place('Probe');
    assert.deepEqual(JSON.parse(JSON.stringify(el.initialStates)), { label: null, count: null, ok: false, when: null, picture: null, tags: [], numbers: [] });
    const bad = probe({ stateInit: 'function(properties, context) { return "x"; }' });
    bad.harness.place('Probe');
    expectViolation(bad, 'wrong_state_type', /expected a number/);
  });
});

describe('page behaviour', () => {
  test('an element type header is evaluated once however many instances; the plugin header once', () => {
    const h = probe({
      header: '<script>window.__headers = (window.__headers || 0) + 1;</script>',
      pluginHeader: '<script>window.__plugin = (window.__plugin || 0) + 1;</script>',
    });
    const a = h.harness.place('Probe');
    const b = h.harness.place('Probe');
    const w = h.window as unknown as { __headers: number; __plugin: number };
    assert.equal(w.__headers, 1);
    assert.equal(w.__plugin, 1);
    assert.deepEqual([a.name, b.name], ['probe', 'probe_2']);
  });

  test('headers run before initialize', () => {
    const h = probe({
      header: '<script>window.__rt = "loaded";</script>',
      initialize: `function(instance) { instance.publishState('label', window.__rt || null); }`,
    });
    assert.equal(h.harness.place('Probe').states.label, 'loaded');
  });

  test('each event records the states at the moment it fired', () => {
    const h = probe({
      action: `function(instance, properties) {
        instance.publishState('label', 'first'); instance.triggerEvent('done');
        instance.publishState('label', 'second'); instance.triggerEvent('failed');
      }`,
    });
    const el = h.harness.place('Probe');
    el.runAction('Do it', { code: '1' });
    assert.deepEqual(
      el.events.map((e) => [e.event, e.states.label]),
      [
        ['done', 'first'],
        ['failed', 'second'],
      ],
    );
    assert.ok(el.events[0]!.seq < el.events[1]!.seq);
    assert.equal(h.harness.events.length, 2);
  });

  test('triggerEvent calls its callback afterwards', async () => {
    const h = probe({
      initialize: `function(instance) { instance.triggerEvent('done', function (err) { window.__cb = err === undefined ? 'ok' : 'err'; }); }`,
    });
    const el = h.harness.place('Probe');
    const win = h.window as unknown as { __cb?: string };
    assert.equal(win.__cb, undefined, 'not during triggerEvent itself');
    await el.waitFor(() => win.__cb !== undefined, { what: "triggerEvent's callback" });
    assert.equal(win.__cb, 'ok');
  });

  test('an element not visible on page load initializes when shown', () => {
    const h = probe({ initialize: `function(instance) { instance.publishState('label', 'init'); }` });
    const el = h.harness.place('Probe', { visible: false });
    assert.equal(el.initialized, false);
    assert.equal(el.states.label, undefined);
    el.show();
    assert.equal(el.states.label, 'init');
  });

  test('fetch calls are counted', async () => {
    const h = probe({ action: `function(instance, properties) { fetch('http://127.0.0.1:9/x', { method: 'POST' }).catch(function () {}); }` });
    const el = h.harness.place('Probe');
    assert.equal(h.harness.requestCount(), 0);
    el.runAction('Do it', { code: '1' });
    assert.equal(h.harness.requestCount(), 1);
    assert.deepEqual([h.harness.requests[0]!.method, h.harness.requests[0]!.url], ['POST', 'http://127.0.0.1:9/x']);
  });

  test('data-show-when groups follow the states', () => {
    const h = probe(
      {
        action: `function(instance, properties) { instance.publishState('label', properties.code); instance.publishState('ok', properties.code === 'aal2'); }`,
      },
      undefined,
      '<div id="g" data-show-when="probe.label == aal2">protected</div><div id="n" data-show-when="probe.ok != yes">not yet</div>',
    );
    const g = h.window.document.getElementById('g')!;
    const n = h.window.document.getElementById('n')!;
    const el = h.harness.place('Probe');
    el.runAction('Do it', { code: 'aal1' });
    assert.deepEqual([g.hidden, n.hidden], [true, false]);
    el.runAction('Do it', { code: 'aal2' });
    assert.deepEqual([g.hidden, n.hidden], [false, true]);
  });
});

describe('bindings (dynamic expressions)', () => {
  test("a field bound to another element's state follows it, on a later task", async () => {
    const h = probe({
      update: `function(instance, properties) { instance.publishState('picture', properties.text); }`,
      action: `function(instance, properties) { instance.publishState('label', properties.code); }`,
    });
    const source = h.harness.place('Probe');
    const target = h.harness.place('Probe');
    h.harness.bind(target, 'text', source, 'label');
    source.runAction('Do it', { code: 'abc' });
    assert.equal(target.states.picture, null, 'not synchronously inside publishState');
    await h.harness.bindingsSettled();
    assert.equal(target.states.picture, 'abc');
    const runs = target.runs.update;
    source.runAction('Do it', { code: 'abc' });
    await h.harness.bindingsSettled();
    assert.equal(target.runs.update, runs, 'an unchanged value does not re-run update');
    assert.throws(() => h.harness.bind(target, 'nope', source, 'label'), /no field/);
  });
});

describe('server-side actions', () => {
  test('called as await fn(properties, context) with every key, secure ones included', async () => {
    const h = probe({
      server: `async function(properties, context) { return { result: properties.user_id + ':' + context.keys['Secret key'], ids: ['a'] }; }`,
    });
    const out = await h.harness.runServerAction('Probe - server', { user_id: 'u1' }, { evaluate: vmEvaluator({}) });
    assert.deepEqual(JSON.parse(JSON.stringify(out)), { result: 'u1:sk', ids: ['a'] });
    h.harness.assertClean();
  });

  test('undeclared or missing return values, wrong types and rejections are rejected', async () => {
    const h = probe({
      server: `async function(properties, context) { if (properties.user_id === 'throw') throw new Error('server boom'); return { result: 5, extra: 1 }; }`,
    });
    await h.harness.runServerAction('Probe - server', { user_id: 'x' });
    assert.deepEqual(kinds(h), ['bad_return', 'bad_return', 'bad_return']);
    const details = h.harness.violations.map((v) => v.detail).join('\n');
    for (const re of [/"result": expected text/, /"extra", which is not a declared/, /did not return "ids"/]) assert.match(details, re);
    await h.harness.runServerAction('Probe - server', { user_id: 'throw' });
    expectViolation(h, 'threw', /server boom/);
  });

  test('a server box that needs require() fails in the bare vm context', async () => {
    const h = probe({ server: `async function(properties, context) { var x = require('node:fs'); return { result: null, ids: [] }; }` });
    await h.harness.runServerAction('Probe - server', { user_id: 'x' }, { evaluate: vmEvaluator({}) });
    expectViolation(h, 'threw', /require is not defined/);
  });
});
