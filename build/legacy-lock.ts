/**
 * auth-js keeps a legacy lock path for callers that pass a custom `lock` client setting (marked
 * for removal in its v3): without one, `this.lock` stays null, so every `if (this.lock != null)`
 * block and `_acquireLock` never run. When the plugin's code creates its client without `lock`,
 * the build turns those tests into `false` (esbuild then drops the blocks) and the trim plan
 * stubs what only they reached. About 0.3 KB gzip in every page.
 *
 * The build stops if auth-js starts setting `this.lock` in another way than the two assignments
 * this relies on (null in the constructor; the setting, inside `if (settings.lock != null)`).
 */
import { skipBalanced } from './debug-calls.js';

/**
 * The plugin's code may pass a `lock` setting: a client created with arguments other than an
 * object literal, one naming `lock`, one spreading a variable or a call (`...options`; a spread
 * of `cond ? { … } : { … }` is read like the rest of the literal), or through supabase-js's
 * createClient.
 */
export function customLockPassed(pluginCode: string): boolean {
  const created = [...pluginCode.matchAll(/new (?:AuthClient|GoTrueClient)\(/g)];
  if (!created.length || /\bcreateClient\s*\(/.test(pluginCode)) return true;
  return created.some((m) => {
    const open = m.index! + m[0].length;
    const end = skipBalanced(pluginCode, open);
    const args = end < 0 ? '' : pluginCode.slice(open, end - 1).trim();
    return !args.startsWith('{') || /\block\b/.test(args) || /\.\.\.\s*[\w$.]+\s*[,}()]/.test(args);
  });
}

/** GoTrueClient.js with the legacy lock tests made `false` (same lines). */
export function withoutLegacyLock(source: string): string {
  const assignments = [...source.matchAll(/\bthis\.lock = ([^;]+);/g)].map((m) => m[1]);
  if (assignments.length !== 2 || assignments[0] !== 'null' || assignments[1] !== 'settings.lock' || !source.includes('if (settings.lock != null) {')) {
    throw new Error("auth-js's GoTrueClient now sets this.lock differently; update build/legacy-lock.ts.");
  }
  return source.replace(/\b(this|settings)\.lock != null\b/g, 'false');
}
