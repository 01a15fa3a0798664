import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupSecret, resolveFactorId, summarizeFactors, verifiedCount } from '../../shared/factors.js';

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

test('resolveFactorId: explicit, then remembered, then the only verified factor of the type', () => {
  assert.equal(resolveFactorId('x', 'y', factors), 'x');
  assert.equal(resolveFactorId(null, 'y', factors), 'y');
  assert.equal(resolveFactorId(null, null, factors), null, 'two verified factors: ambiguous');
  assert.equal(resolveFactorId(null, null, factors, 'totp'), 'a');
  assert.equal(resolveFactorId(null, null, factors, 'phone'), 'c');
  assert.equal(resolveFactorId(null, null, []), null);
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
