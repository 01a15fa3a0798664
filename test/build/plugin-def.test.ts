import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { validatePluginDef, PluginDefError, loadPluginDef, entriesWithIds } from '../../build/plugin-def.js';
import { assignIds } from '../../build/assign-ids.js';

const schema = JSON.parse(readFileSync('plugin.schema.json', 'utf8'));
const fresh = () => JSON.parse(readFileSync('plugin.json', 'utf8'));

function problems(mutate: (d: any) => void): string {
  const d = fresh();
  mutate(d);
  try {
    validatePluginDef(d, schema);
  } catch (e) {
    assert.ok(e instanceof PluginDefError);
    return e.message;
  }
  assert.fail('expected plugin.json to be rejected');
}

test('the committed plugin.json is valid and every entry has an id', () => {
  const def = loadPluginDef();
  assert.ok(entriesWithIds(def).every((e) => /^[A-Za-z]{3}$/.test(e.entry.id!)));
  assert.deepEqual(assignIds(structuredClone(def)), [], 'no entry is waiting for an id');
});

test('the schema rejects unknown keys, bad names and missing docs', () => {
  assert.match(
    problems((d) => (d.elements[0].states[0].colour = 'red')),
    /must NOT have additional properties/,
  );
  assert.match(
    problems((d) => (d.elements[0].states[0].name = 'Current Level')),
    /must match pattern/,
  );
  assert.match(
    problems((d) => delete d.elements[0].events[0].doc),
    /must have required property 'doc'/,
  );
  assert.match(
    problems((d) => (d.keys[2].type = 'private')),
    /must be equal to one of the allowed values/,
  );
  assert.match(
    problems((d) => delete d.elements[0].fields[0].type),
    /must have required property 'type'/,
  );
});

test('semantic rules: unique ids, unique names, defaults among options, ids present', () => {
  assert.match(
    problems((d) => (d.elements[0].states[1].id = d.elements[0].states[0].id)),
    /is used more than once/,
  );
  assert.match(
    problems((d) => (d.elements[0].states[1].name = 'current_level')),
    /"current_level" is declared twice/,
  );
  assert.match(
    problems((d) => (d.elements[0].actions[0].fields[0].default = 'sms')),
    /default "sms" is not one of its options/,
  );
  assert.match(
    problems((d) => delete d.elements[0].events[2].id),
    /has no id/,
  );
  assert.match(
    problems((d) => (d.keys[1].caption = d.keys[0].caption)),
    /declared twice/,
  );
});

test('assignIds gives new entries the next free id and never touches existing ones', () => {
  const d = fresh();
  const before = entriesWithIds(d).map((e) => e.entry.id);
  d.elements[0].states.push({ name: 'brand_new', caption: 'Brand new', type: 'text', doc: 'A state added later.' });
  const assigned = assignIds(d);
  assert.equal(assigned.length, 1);
  const after = entriesWithIds(d).map((e) => e.entry.id);
  assert.deepEqual(
    after.filter((id) => before.includes(id)),
    before,
    'existing ids unchanged',
  );
  assert.ok(!before.includes(d.elements[0].states.at(-1).id), 'new id is unused');
});

test('plugin.json says what the issue asks for', () => {
  const def = loadPluginDef();
  const mfa = def.elements.find((e) => e.name === 'supabase_mfa')!;
  const names = (xs: { name: string }[]) => xs.map((x) => x.name);
  for (const s of [
    'current_level',
    'next_level',
    'mfa_required',
    'authentication_methods',
    'is_signed_in',
    'user_id',
    'user_email',
    'factor_id',
    'factor_type',
    'qr_code_svg',
    'qr_code_image',
    'totp_secret',
    'totp_uri',
    'challenge_id',
    'challenge_expires_at',
    'factor_ids',
    'factor_names',
    'factor_types',
    'factor_statuses',
    'verified_factor_count',
    'is_busy',
    'error_code',
    'error_message',
  ])
    assert.ok(names(mfa.states).includes(s), s);
  for (const e of [
    'factor_enrolled',
    'challenge_created',
    'challenge_verified',
    'factor_unenrolled',
    'factors_listed',
    'assurance_level_changed',
    'signed_in',
    'signed_out',
    'error',
  ])
    assert.ok(names(mfa.events).includes(e), e);
  assert.equal(def.keys.find((k) => k.name === 'service_role_key')!.type, 'secure');
  assert.ok(def.keys.filter((k) => k.name !== 'service_role_key').every((k) => k.type === 'client_safe'));
  assert.deepEqual(names(def.server_actions).sort(), ['admin_delete_factor', 'admin_list_factors', 'check_access_token']);
  const check = def.server_actions.find((a) => a.name === 'check_access_token')!;
  assert.deepEqual(names(check.fields), ['access_token', 'require_aal2']);
  assert.deepEqual(
    check.returns.map((r) => `${r.name}:${r.type}${r.list ? '[]' : ''}`),
    [
      'is_valid:boolean',
      'user_id:text',
      'email:text',
      'aal:text',
      'aal2_met:boolean',
      'methods:text[]',
      'session_id:text',
      'expires_at:date',
      'error_code:text',
      'error_message:text',
    ],
  );
});
