import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  factorOfType,
  factorsByType,
  groupSecret,
  resolveFactorId,
  summarizeFactors,
  totpCandidates,
  verifiedCount,
  withEnrolled,
} from '../../shared/factors.js';

const factors = summarizeFactors([
  { id: 'a', friendly_name: 'Phone app', factor_type: 'totp', status: 'verified', created_at: '', updated_at: '' },
  { id: 'b', friendly_name: '', factor_type: 'phone', status: 'unverified', created_at: '', updated_at: '' },
  { id: 'c', factor_type: 'phone', status: 'verified', created_at: '', updated_at: '' },
] as never);

test('summaries flatten factors for the parallel list states', () => {
  assert.deepEqual(
    factors.map((f) => [f.id, f.name, f.type, f.status]),
    [
      ['a', 'Phone app', 'totp', 'verified'],
      ['b', null, 'phone', 'unverified'],
      ['c', null, 'phone', 'verified'],
    ],
  );
  assert.equal(verifiedCount(factors), 2);
});

const none = { id: null, type: null };

test('resolveFactorId (any): explicit, then remembered, then the only verified factor', () => {
  assert.equal(resolveFactorId('x', { id: 'y', type: 'totp' }, factors), 'x');
  assert.equal(resolveFactorId(null, { id: 'y', type: 'totp' }, factors), 'y');
  assert.equal(resolveFactorId(null, none, factors), null, 'two verified factors: ambiguous');
  assert.equal(resolveFactorId(null, none, []), null);
});

test('resolveFactorId by type: a remembered factor of another type is never used', () => {
  // The bug of issue 11: a phone challenge, then an authenticator-app code with Factor id empty.
  assert.equal(resolveFactorId(null, { id: 'c', type: 'phone' }, factors, 'totp'), 'a');
  assert.equal(resolveFactorId(null, { id: 'a', type: 'totp' }, factors, 'phone'), 'c', 'verified phone before the unverified one');
  assert.equal(resolveFactorId(null, { id: 'b', type: 'phone' }, factors, 'phone'), 'b', 'the remembered phone factor (being set up)');
  assert.equal(resolveFactorId(null, { id: 'new', type: 'totp' }, factors, 'totp'), 'new', 'remembered, not yet in the lists: its Factor type decides');
  assert.equal(
    resolveFactorId(
      null,
      none,
      factors.filter((f) => f.type === 'phone'),
      'totp',
    ),
    null,
  );
});

test('factorOfType: verified first (the remembered one among several), else the unverified one', () => {
  const two = summarizeFactors([
    { id: 't1', factor_type: 'totp', status: 'verified' },
    { id: 't2', factor_type: 'totp', status: 'verified' },
    { id: 't3', factor_type: 'totp', status: 'unverified' },
  ] as never);
  assert.equal(factorOfType('totp', two, none), 't2', 'the latest verified');
  assert.equal(factorOfType('totp', two, { id: 't1', type: 'totp' }), 't1');
  assert.equal(factorOfType('totp', two, { id: 't3', type: 'totp' }), 't2', 'a set-up in progress does not hide the verified one');
  assert.equal(factorOfType('totp', two.slice(2), none), 't3');
  assert.equal(factorOfType('phone', two, none), null);
  assert.deepEqual(totpCandidates(null, { id: 't3', type: 'totp' }, two), ['t3', 't2', 't1'], 'the set-up first, then every verified app');
  assert.deepEqual(totpCandidates('x', none, two), ['x']);
  assert.deepEqual(factorsByType(factors, none), { totp_factor_id: 'a', phone_factor_id: 'c', has_totp_factor: true, has_phone_factor: true });
  assert.deepEqual(factorsByType(factors.slice(1, 2), none), { totp_factor_id: null, phone_factor_id: 'b', has_totp_factor: false, has_phone_factor: false });
});

test('withEnrolled: the new factor appended unverified, the removed ones gone', () => {
  const after = withEnrolled(factors, ['b'], { id: 'n', name: 'Work', type: 'totp' });
  assert.deepEqual(
    after.map((f) => [f.id, f.status]),
    [
      ['a', 'verified'],
      ['c', 'verified'],
      ['n', 'unverified'],
    ],
  );
});

test('groupSecret groups in fours', () => {
  assert.equal(groupSecret('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'), 'JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
  assert.equal(groupSecret('ABCDEF'), 'ABCD EF');
});

test('one mapping to Bubble’s parallel lists, with the same names the element states and admin returns use', async () => {
  const { factorLists } = await import('../../shared/factors.js');
  const { loadPluginDef } = await import('../../build/plugin-def.js');
  assert.deepEqual(factorLists(factors), {
    factor_ids: ['a', 'b', 'c'],
    factor_names: ['Phone app', '', ''],
    factor_types: ['totp', 'phone', 'phone'],
    factor_statuses: ['verified', 'unverified', 'verified'],
    verified_factor_count: 2,
  });
  const def = loadPluginDef();
  const states = def.elements.find((e) => e.name === 'supabase_mfa')!.states.map((s) => s.name);
  const returns = def.server_actions.find((a) => a.name === 'admin_list_factors')!.returns.map((r) => r.name);
  for (const name of Object.keys(factorLists([]))) {
    assert.ok(states.includes(name), `state ${name}`);
    assert.ok(returns.includes(name), `return ${name}`);
  }
});

test('names go out with look-alikes for the characters that open markup or end a quoted attribute; everything else as given', async () => {
  const { factorLists } = await import('../../shared/factors.js');
  const { displayName } = await import('../../shared/display-text.js');
  assert.equal(displayName(`<b onclick="x">Bob's \`key\`</b>`), '‹b onclick=”x”›Bob’s ʼkeyʼ‹/b›');
  assert.equal(displayName('Téléphone — iPhone 15 & co.'), 'Téléphone — iPhone 15 & co.');
  const lists = factorLists([{ id: 'a', name: '<svg onload=alert(1)>', type: 'totp', status: 'verified' }]);
  assert.deepEqual(lists.factor_names, ['‹svg onload=alert(1)›']);
});
