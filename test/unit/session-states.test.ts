/**
 * statesFor(snapshot, previous): the element's session states and events as a table — every
 * transition between signed out, aal1 and aal2, for the same user and another one.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isUserSwitch, statesFor, type Previous } from '../../elements/supabase-mfa/session-states.js';
import { SIGNED_OUT, type SessionSnapshot } from '../../shared/session-snapshot.js';

const OUT: Previous = { signedIn: false, userId: null, currentLevel: null, nextLevel: null, factor: { id: null, type: null } };
const ADA_AAL1: Previous = { signedIn: true, userId: 'ada', currentLevel: 'aal1', nextLevel: 'aal2', factor: { id: 'f1', type: 'totp' } };
const ADA_AAL2: Previous = { ...ADA_AAL1, currentLevel: 'aal2', nextLevel: 'aal2' };

const TOTP = { id: 'f1', name: 'Phone', type: 'totp', status: 'verified' };
function session(userId: string, level: 'aal1' | 'aal2', nextLevel: 'aal1' | 'aal2' = 'aal2'): SessionSnapshot {
  return {
    signedIn: true,
    userId,
    email: `${userId}@example.com`,
    accessToken: `token-of-${userId}`,
    currentLevel: level,
    nextLevel,
    mfaRequired: level === 'aal1' && nextLevel === 'aal2',
    methods: level === 'aal2' ? ['password', 'totp'] : ['password'],
    factors: nextLevel === 'aal2' ? [TOTP] : [],
  };
}

const table: Array<{ name: string; s: SessionSnapshot; previous: Previous; events: string[]; switch?: boolean }> = [
  { name: 'signed out → aal1 with a factor', s: session('ada', 'aal1'), previous: OUT, events: ['assurance_level_changed', 'signed_in'] },
  { name: 'signed out → aal1, no factor', s: session('ada', 'aal1', 'aal1'), previous: OUT, events: ['assurance_level_changed', 'signed_in'] },
  { name: 'aal1 → aal2 (verified)', s: session('ada', 'aal2'), previous: ADA_AAL1, events: ['assurance_level_changed'] },
  { name: 'aal1 → aal1 (a re-read)', s: session('ada', 'aal1'), previous: ADA_AAL1, events: [] },
  { name: 'aal2 → aal2 (a refresh)', s: session('ada', 'aal2'), previous: ADA_AAL2, events: [] },
  { name: 'aal2 → signed out', s: SIGNED_OUT, previous: ADA_AAL2, events: ['assurance_level_changed', 'signed_out'] },
  { name: 'signed out → signed out', s: SIGNED_OUT, previous: OUT, events: [] },
  { name: 'another user at the same level', s: session('bob', 'aal1'), previous: ADA_AAL1, events: [], switch: true },
];

for (const row of table) {
  test(`statesFor: ${row.name}`, () => {
    const t = statesFor(row.s, row.previous);
    assert.deepEqual(t.events, row.events);
    assert.equal(isUserSwitch(row.s, row.previous), row.switch === true);
    assert.equal(t.states.is_signed_in, row.s.signedIn);
    assert.equal(t.states.user_id, row.s.userId);
    assert.equal(t.states.access_token, row.s.accessToken);
    assert.equal(t.states.current_level, row.s.currentLevel);
    assert.equal(t.states.mfa_required, row.s.mfaRequired);
    assert.equal(t.states.mfa_passed, row.s.currentLevel === 'aal2');
    assert.deepEqual(
      t.states.factor_ids,
      row.s.factors.map((f) => f.id),
    );
    assert.equal(t.states.verified_factor_count, row.s.factors.length);
    if (row.s.signedIn) {
      assert.equal(t.states.confirmation_email_sent, false);
      assert.equal('factor_id' in t.states, false, 'a signed-in read keeps the factor this page used');
      assert.equal('error_code' in t.states, false, 'a signed-in read keeps the last failure');
      // The by-type states follow the factor this page remembers.
      assert.equal(t.states.totp_factor_id, row.s.factors.length ? 'f1' : null);
    } else {
      for (const name of ['factor_id', 'factor_type', 'challenge_id', 'qr_code_svg', 'qr_code_image', 'totp_secret', 'totp_uri'] as const) {
        assert.equal(t.states[name], null, `${name} is cleared`);
      }
      assert.deepEqual(t.states.passkey_ids, []);
      // The last user's failure is cleared only when a user leaves (a failure that caused it follows).
      assert.equal('error_code' in t.states, row.previous.signedIn);
    }
  });
}
