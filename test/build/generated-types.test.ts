import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';

/** Type-checks a snippet against the generated types; returns tsc's complaints ('' when clean). */
function typecheck(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'types-'));
  const root = resolve('.');
  try {
    writeFileSync(
      join(dir, 'probe.ts'),
      `import { ElementView } from '${root}/shared/bubble/element-view.js';\n` +
        `import type { SupabaseMfaStates, SupabaseMfaEvent, SupabaseMfaEnrollFactorProps } from '${root}/shared/generated/plugin.js';\n` +
        `declare const view: ElementView<SupabaseMfaStates, SupabaseMfaEvent>;\n` +
        `declare const props: SupabaseMfaEnrollFactorProps;\n${body}\n`,
    );
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: `${root}/tsconfig.json`, include: ['probe.ts'], compilerOptions: { types: [] } }));
    try {
      execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], { stdio: 'pipe' });
      return '';
    } catch (e) {
      return String((e as { stdout: Buffer }).stdout);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('declared states, events and fields compile', () => {
  assert.equal(
    typecheck(
      `view.publish('current_level', 'aal2'); view.publish('factor_ids', ['a']); view.trigger('challenge_verified'); const t: 'totp' | 'phone' | null = props.factor_type; void t;`,
    ),
    '',
  );
});

test('an undeclared state, a wrong value type, an undeclared event or field does not compile', () => {
  assert.match(typecheck(`view.publish('not_a_state', 'x');`), /not_a_state/);
  assert.match(typecheck(`view.publish('mfa_required', 'yes');`), /error TS2345/);
  assert.match(typecheck(`view.trigger('factor_exploded');`), /factor_exploded/);
  assert.match(typecheck(`void props.no_such_field;`), /no_such_field/);
});

test('every hook reads exactly the property names plugin.json declares (generated, not copied)', async () => {
  const { loadPluginDef } = await import('../../build/plugin-def.js');
  const generated: Record<string, unknown> = await import('../../shared/generated/plugin.js');
  const def = loadPluginDef();
  type Names = { fields: readonly string[]; actions: Record<string, readonly string[]> };
  const table = Object.fromEntries(def.elements.map((e) => [e.name, generated[`${e.name.toUpperCase()}_PROPERTY_NAMES`] as Names]));
  for (const el of def.elements) {
    assert.deepEqual(
      table[el.name]!.fields,
      el.fields.map((f) => f.name),
      el.name,
    );
    assert.deepEqual(
      Object.keys(table[el.name]!.actions),
      el.actions.map((a) => a.name),
      el.name,
    );
    for (const a of el.actions)
      assert.deepEqual(
        table[el.name]!.actions[a.name],
        a.fields.map((f) => f.name),
        `${el.name}.${a.name}`,
      );
  }
});

test('an element definition with a misspelt field or an undeclared action does not compile', () => {
  const root = resolve('.');
  const probe = (body: string) =>
    typecheck(
      `import { defineElement } from '${root}/shared/bubble/define-element.js';\nimport { QR_CODE_PROPERTY_NAMES as Q, SUPABASE_MFA_PROPERTY_NAMES as M } from '${root}/shared/generated/plugin.js';\n${body}`,
    );
  assert.equal(probe(`defineElement(Q, { update(_i, f) { void f.qr_source; } });`), '');
  assert.match(probe(`defineElement(Q, { update(_i, f) { void f.qr_sauce; } });`), /qr_sauce/);
  assert.match(probe(`defineElement(Q, { actions: { explode: () => undefined } });`), /error TS/);
  assert.match(probe(`defineElement(M, { actions: { explode: () => undefined } });`), /explode/);
});

test('a chunk name that no chunk file registers, or asked of the wrong file, does not compile', () => {
  const root = resolve('.');
  const probe = (body: string) => typecheck(`import { loadChunk, registerChunk } from '${root}/shared/chunks/registry.js';\n${body}`);
  assert.equal(probe(`void loadChunk('qr-code', 'qr'); void loadChunk('gotrue-enroll', 'enroll'); registerChunk('webauthn-actions', {});`), '');
  assert.match(probe(`void loadChunk('qr-code', 'enroll');`), /error TS/);
  assert.match(probe(`void loadChunk('qr-cod', 'qr');`), /qr-cod/);
  assert.match(probe(`registerChunk('enrol', {});`), /enrol/);
});
