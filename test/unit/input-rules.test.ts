/**
 * The input rules, one table each: what users paste (direction marks from a phone's contacts, en
 * dashes, slashes, a bracketed trunk zero, full-width and Arabic-Indic digits) is read the same way
 * by the actions and by the code input; what the server would refuse (a code outside 6–10 digits,
 * a password over 72 bytes) is refused first, with no request; lengths count characters; a URL
 * ending in /auth/v1 names the project. Actions run on the real auth client with a recording fetch
 * aimed at a closed port: a request that does go out is seen, with the value it carries.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAuthClient } from '../../shared/client.js';
import { e164Phone, otpCode, projectUrl, friendlyName, email, storageKeyOverride } from '../../shared/validate.js';
import { codeFrom } from '../../elements/code-input/digits.js';
import { settingsFrom } from '../../elements/code-input/settings.js';
import { enrollFactor } from '../../actions/enroll-factor.js';
import { verifyChallenge } from '../../actions/verify-challenge.js';
import { challengeAndVerify } from '../../actions/challenge-and-verify.js';
import { signIn } from '../../actions/sign-in.js';
import { signUp } from '../../actions/sign-up.js';
import type { Result } from '../../shared/result.js';
import type { CodeInputFields } from '../../shared/generated/plugin.js';

const FACTOR = '3f0c1a2b-1111-4222-8333-444455556666';
const sent: string[] = [];
const recording: typeof fetch = (input, init) => {
  sent.push(typeof init?.body === 'string' ? init.body : '');
  return fetch(input, init);
};
const auth = createAuthClient(
  { url: 'http://127.0.0.1:9', anonKey: 'anon', storageKey: 'sb-input-rules' },
  { fetch: recording, autoRefreshToken: false, persistSession: false },
);

/** Runs an action; the request bodies it sent (none when the input was refused). */
async function bodiesOf(run: () => Promise<Result<unknown>>): Promise<{ result: Result<unknown>; bodies: string[] }> {
  const from = sent.length;
  const result = await run();
  return { result, bodies: sent.slice(from) };
}

// Invisible marks as phones' contact cards and right-to-left text put them around a number.
const LRE = '\u202a';
const PDF = '\u202c';
const LRI = '\u2066';
const PDI = '\u2069';
const LRM = '\u200e';
const RLO = '\u202e';

describe('phone numbers as pasted: one reading, in every action', () => {
  const accepted: Array<[string, string, string]> = [
    ['UK number with the bracketed trunk 0', '+44 (0)20 7946 0958', '+442079460958'],
    ['trunk 0 without spaces', '+44(0)2079460958', '+442079460958'],
    ['trunk 0 with spaces inside the brackets', '+353 ( 0 ) 1 234 5678', '+35312345678'],
    ['embedding marks from a contact card', `${LRE}+1 415 555 0123${PDF}`, '+14155550123'],
    ['isolate marks', `${LRI}+1 (415) 555-0123${PDI}`, '+14155550123'],
    ['a left-to-right mark and an override', `${LRM}+33 6 12 34 56 78${RLO}`, '+33612345678'],
    ['en dashes', '+1 415–555–0123', '+14155550123'],
    ['em dashes and a minus sign', '+1 415—555−0123', '+14155550123'],
    ['non-breaking hyphens', '+1 415‑555‑0123', '+14155550123'],
    ['a slash', '+49 30/1234 5678', '+493012345678'],
    ['dots', '+44.20.7946.0958', '+442079460958'],
    ['full-width digits and plus', '＋１ ４１５ ５５５ ０１２３', '+14155550123'],
    ['Arabic-Indic digits', '+٩٧١ ٥٠ ١٢٣ ٤٥٦٧', '+971501234567'],
    ['Persian digits', '+۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹', '+989123456789'],
    ['no-break and ideographic spaces', '+81\u00a090\u30001234\u00a05678', '+819012345678'],
  ];
  for (const [name, pasted, e164] of accepted) {
    test(`${name}: ${JSON.stringify(pasted)} → ${e164}, and that is what Enroll sends`, async () => {
      assert.equal(e164Phone(pasted).data, e164);
      const { result, bodies } = await bodiesOf(() => enrollFactor(auth, { factorType: 'phone', phone: pasted }));
      assert.notEqual(result.error?.code, 'invalid_input', String(result.error?.message));
      assert.equal(bodies.length, 1);
      assert.equal((JSON.parse(bodies[0]!) as { phone: string }).phone, e164);
    });
  }

  const refused: Array<[string, unknown]> = [
    ['no country code', '020 7946 0958'],
    ['00 instead of +', '0044 20 7946 0958'],
    ['a leading zero after +', '+0 20 7946 0958'],
    ['a trunk 0 alone', '+44 (0)'],
    ['too long (16 digits)', '+1 415 555 0123 45678'],
    ['letters', '+1 415 CALL NOW'],
    ['only marks', `${LRI}${PDI}`],
  ];
  for (const [name, pasted] of refused) {
    test(`refused before any request: ${name}`, async () => {
      const { result, bodies } = await bodiesOf(() => enrollFactor(auth, { factorType: 'phone', phone: pasted }));
      assert.equal(result.error?.code, 'invalid_input');
      assert.match(result.error!.message, /international format|empty/);
      assert.deepEqual(bodies, []);
    });
  }
});

describe('codes as pasted: the actions and the code input read the same digits; one length rule (6–10)', () => {
  const accepted: Array<[string, string, string]> = [
    ['plain', '123456', '123456'],
    ['a space', '123 456', '123456'],
    ['a dash', '123-456', '123456'],
    ['an en dash', '123–456', '123456'],
    ['a dot', '123.456', '123456'],
    ['isolate marks', `${LRI}123456${PDI}`, '123456'],
    ['full-width digits', '１２３４５６', '123456'],
    ['Arabic-Indic digits', '١٢٣٤٥٦', '123456'],
    ['Arabic-Indic with a right-to-left mark', '\u200f١٢٣ ٤٥٦', '123456'],
    ['an 8-digit SMS code', '1234 5678', '12345678'],
    ['a 10-digit SMS code', '12345-67890', '1234567890'],
  ];
  for (const [name, pasted, digits] of accepted) {
    test(`${name}: ${JSON.stringify(pasted)} → ${digits} in Verify, Create and verify and the code input`, async () => {
      assert.equal(otpCode(pasted).data, digits);
      assert.equal(codeFrom(pasted, digits.length), digits, 'the code input shows the same digits');
      const { bodies } = await bodiesOf(() => verifyChallenge(auth, { factorId: FACTOR, challengeId: FACTOR, code: pasted }));
      assert.equal((JSON.parse(bodies[0]!) as { code: string }).code, digits);
    });
  }

  const refused: Array<[string, string, RegExp]> = [
    ['5 digits', '12345', /6 to 10 digits/],
    ['11 digits', '12345678901', /6 to 10 digits/],
    ['a letter', '12a456', /digits only/],
  ];
  for (const [name, pasted, why] of refused) {
    test(`refused before any request: ${name}`, async () => {
      for (const run of [
        () => verifyChallenge(auth, { factorId: FACTOR, challengeId: FACTOR, code: pasted }),
        () => challengeAndVerify(auth, { factorId: FACTOR, code: pasted }),
      ]) {
        const { result, bodies } = await bodiesOf(run);
        assert.equal(result.error?.code, 'invalid_input');
        assert.match(result.error!.message, why);
        assert.deepEqual(bodies, []);
      }
    });
  }

  test('the code input’s Number of digits follows the same range: 6–10, anything else the default with a debugger line', () => {
    const fields = (length: number | null) => ({ length }) as unknown as CodeInputFields;
    for (const [given, used, said] of [
      [null, 6, false],
      [6, 6, false],
      [10, 10, false],
      [5, 6, true],
      [4, 6, true],
      [11, 6, true],
    ] as const) {
      const lines: string[] = [];
      assert.equal(settingsFrom(fields(given), (m) => lines.push(m)).length, used, String(given));
      assert.equal(
        lines.some((m) => /from 6 to 10/.test(m)),
        said,
        String(given),
      );
    }
  });
});

describe('passwords: at most the server’s 72 bytes, refused first with a clear message', () => {
  const cases: Array<[string, string, boolean]> = [
    ['72 ASCII characters', 'p'.repeat(72), true],
    ['73 ASCII characters', 'p'.repeat(73), false],
    ['36 two-byte letters (72 bytes)', 'é'.repeat(36), true],
    ['37 two-byte letters (74 bytes)', 'é'.repeat(37), false],
    ['18 emoji (72 bytes)', '🔑'.repeat(18), true],
    ['19 emoji (76 bytes)', '🔑'.repeat(19), false],
    ['1,024 characters', 'p'.repeat(1024), false],
  ];
  for (const [name, password, fits] of cases) {
    test(`${name}: ${fits ? 'sent' : 'refused, no request'} (sign in and sign up)`, async () => {
      for (const run of [() => signIn(auth, { email: 'ada@example.com', password }), () => signUp(auth, { email: 'ada@example.com', password })]) {
        const { result, bodies } = await bodiesOf(run);
        if (fits) {
          assert.notEqual(result.error?.code, 'invalid_input');
          assert.equal((JSON.parse(bodies[0]!) as { password: string }).password, password);
        } else {
          assert.equal(result.error?.code, 'invalid_input');
          assert.match(result.error!.message, /too long: Supabase accepts at most 72 bytes/);
          assert.ok(!result.error!.message.includes(password.slice(0, 8)), 'not echoed');
          assert.deepEqual(bodies, []);
        }
      }
    });
  }
});

describe('lengths count characters (code points), not UTF-16 units', () => {
  const emoji = '😀';
  test('friendly name 120, email 320, storage key 100, authenticator issuer 100', async () => {
    assert.equal(friendlyName(emoji.repeat(120)).error, null, '240 UTF-16 units, 120 characters');
    assert.match(friendlyName(emoji.repeat(121)).error!.message, /120/);
    assert.equal(email(`${emoji.repeat(300)}@example.com`).error, null);
    assert.match(email(`${emoji.repeat(309)}@example.com`).error!.message, /320/);
    assert.equal(storageKeyOverride(emoji.repeat(100)).error, null);
    assert.match(storageKeyOverride(emoji.repeat(101)).error!.message, /100/);
    const fits = await bodiesOf(() => enrollFactor(auth, { factorType: 'totp', issuer: emoji.repeat(100) }));
    assert.equal(fits.bodies.length, 1, 'a 100-character issuer is sent');
    const long = await bodiesOf(() => enrollFactor(auth, { factorType: 'totp', issuer: emoji.repeat(101) }));
    assert.match(long.result.error!.message, /issuer is longer than 100/);
    assert.deepEqual(long.bodies, []);
  });
});

describe('the Supabase URL', () => {
  const cases: Array<[string, string]> = [
    ['https://abcd.supabase.co/auth/v1', 'https://abcd.supabase.co'],
    ['https://abcd.supabase.co/auth/v1/', 'https://abcd.supabase.co'],
    ['https://abcd.supabase.co/AUTH/V1', 'https://abcd.supabase.co'],
    ['http://localhost:8000/auth/v1', 'http://localhost:8000'],
    ['https://api.example.com/supabase/auth/v1', 'https://api.example.com/supabase'],
    ['https://abcd.supabase.co/', 'https://abcd.supabase.co'],
  ];
  for (const [given, project] of cases) {
    test(`${given} names the project ${project}, so requests go to ${project}/auth/v1`, async () => {
      assert.equal(projectUrl(given).data, project);
    });
  }
});
