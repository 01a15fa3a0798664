/**
 * The code input wired to the Supabase MFA element the way the README's recipe wires it, against
 * the REAL Supabase Auth server (dev/testbed, or SUPABASE_* from the environment), in Chromium on
 * the harness page:
 *   When Code input's Code completed → MFA: Create and verify a challenge (Code = Code input's Code)
 *   When MFA's An error occurred → Code input: Show error (Message = MFA's Error message)
 *   Code input's Disabled = MFA's Is busy
 * A wrong code typed → Supabase refuses it → the boxes are marked, the session stays aal1; the
 * right code (computed with otpauth from the enrolled secret) typed over it → aal2.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as OTPAuth from 'otpauth';
import { realServerSkipReason, type Testbed } from '../../dev/testbed/index.js';
import { mfaRunner, type RealServerPage, startRealServerPage } from '../../dev/mfa-harness/index.js';
import { chromiumMissing } from '../../dev/browser/index.js';
import { wrongTotpCode } from '../../dev/fixtures/index.js';
import { assertPageClean } from '../helpers/browser.js';

const skip = chromiumMissing() ?? (await realServerSkipReason());
if (skip) console.log(`code-input-mfa skipped: ${skip}`);

let bed: RealServerPage | undefined;
let testbed: Testbed;

before(async () => {
  if (skip) return;
  bed = await startRealServerPage();
  ({ testbed } = bed);
});
after(async () => {
  await bed?.stop();
});

describe('code input → Create and verify a challenge on the real server', { skip }, () => {
  test('wrong code → Show error, still aal1; right code typed over it → aal2; the boxes are disabled while MFA is busy', async () => {
    const user = await testbed.createUser();
    const w = await bed!.open({ elements: ['supabase_mfa', 'code_input'] });
    try {
      const { mfa, ci } = await w.page.evaluate(() => {
        const h = window.bubbleHarness;
        const mfa = h.place('supabase_mfa');
        const ci = h.place('code_input', { width: 340, height: 56 });
        h.bind(ci, 'disabled', mfa, 'is_busy');
        return { mfa, ci };
      });
      const run = mfaRunner(w.page, mfa);
      assert.equal((await run('sign_in', { email: user.email, password: user.password }, 'signed_in')).event, 'signed_in');
      const enrolled = await run.expect('enroll_factor', { factor_type: 'totp', friendly_name: 'Phone' }, 'factor_enrolled');
      const totp = OTPAuth.URI.parse(String(enrolled.states.totp_uri)) as OTPAuth.TOTP;

      // The builder's two workflows and the Disabled binding, as the harness page's "workflows":
      // each Code completed runs Create and verify with the element's Code; an error runs Show error.
      // Every disabled/enabled change of the input is recorded.
      await w.page.evaluate(
        ({ mfa, ci }) => {
          const h = window.bubbleHarness;
          const log: string[] = [];
          (window as unknown as { ciLog: string[] }).ciLog = log;
          const input = document.querySelector<HTMLInputElement>(`[data-name="${ci}"] input`)!;
          new MutationObserver(() => log.push(input.disabled ? 'disabled' : 'enabled')).observe(input, { attributes: true, attributeFilter: ['disabled'] });
          let seen = 0;
          // An anonymous function: a named one picks up esbuild's __name helper, which the page lacks.
          void (async () => {
            for (;;) {
              const ev = await h.waitForEvent(ci, 'code_completed', seen, 600_000);
              seen = h.eventCount(ci);
              const after = h.eventCount(mfa);
              h.runAction(mfa, 'challenge_and_verify', { code: ev.states.code });
              const res = await h.waitForAnyEvent!(mfa, ['challenge_verified', 'error'], after, 20_000);
              log.push(`${res.event}:${String(res.states.error_code ?? res.states.current_level)}`);
              if (res.event === 'error') h.runAction(ci, 'show_error', { message: res.states.error_message });
            }
          })();
        },
        { mfa, ci },
      );
      const ciLog = () => w.page.evaluate(() => [...(window as unknown as { ciLog: string[] }).ciLog]);
      const input = w.page.locator(`[data-name="${ci}"] input`);

      // 1. A wrong code: refused by Supabase, the boxes show the error, the session stays aal1.
      await input.click();
      await w.page.keyboard.type(wrongTotpCode(totp.generate()));
      await w.page.waitForFunction(() => (window as unknown as { ciLog: string[] }).ciLog.some((l) => l.startsWith('error:')), undefined, { timeout: 20_000 });
      await w.page.evaluate(({ mfa }) => window.bubbleHarness.waitForState(mfa, 'is_busy', false), { mfa });
      await w.page.evaluate(() => window.bubbleHarness.bindingsSettled());
      const afterWrong = await w.page.evaluate(
        ({ mfa, ci }) => {
          const h = window.bubbleHarness;
          const canvas = document.querySelector(`[data-name="${ci}"]`)!;
          const input = canvas.querySelector('input')!;
          return {
            mfa: h.states(mfa),
            classes: Array.from(canvas.querySelector('.smci')!.classList),
            invalid: input.getAttribute('aria-invalid'),
            live: canvas.querySelector('.smci-live')!.textContent,
            disabled: input.disabled,
            focused: document.activeElement === input,
          };
        },
        { mfa, ci },
      );
      assert.equal(afterWrong.mfa.error_code, 'mfa_verification_failed', JSON.stringify(afterWrong.mfa));
      assert.equal(afterWrong.mfa.current_level, 'aal1');
      assert.ok(afterWrong.classes.includes('smci-error'), afterWrong.classes.join(' '));
      assert.equal(afterWrong.invalid, 'true');
      assert.equal(afterWrong.live, afterWrong.mfa.error_message, "screen readers hear MFA's Error message");
      assert.equal(afterWrong.disabled, false, 'enabled again once MFA is no longer busy');
      assert.equal(afterWrong.focused, true, 'the cursor is back in the boxes, ready for the next code');
      let log = await ciLog();
      assert.deepEqual(
        log.filter((l) => l === 'disabled' || l === 'enabled'),
        ['disabled', 'enabled'],
        `disabled while the code was checked: ${log.join(', ')}`,
      );

      // 2. The right code, typed straight over the marked one: aal2.
      await w.page.keyboard.type(totp.generate());
      await w.page.waitForFunction(() => (window as unknown as { ciLog: string[] }).ciLog.some((l) => l.startsWith('challenge_verified')), undefined, {
        timeout: 20_000,
      });
      const done = await w.page.evaluate(({ mfa }) => window.bubbleHarness.states(mfa), { mfa });
      assert.deepEqual([done.current_level, done.next_level, done.mfa_required], ['aal2', 'aal2', false]);
      log = await ciLog();
      assert.deepEqual(
        log.filter((l) => l.includes(':')),
        ['error:mfa_verification_failed', 'challenge_verified:aal2'],
        'one verify per complete code',
      );
      await w.page.locator('#protected').waitFor({ state: 'visible', timeout: 5000 });
      assert.equal(await w.page.evaluate(({ ci }) => window.bubbleHarness.eventCount(ci) > 0, { ci }), true);
      await assertPageClean(w);
    } finally {
      await w.page.context().close();
    }
  });
});
