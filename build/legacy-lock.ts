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
import { settingPassed } from './client-settings.js';

/**
 * The plugin's code may pass a `lock` setting (build/client-settings.ts says how that is read;
 * code the parser cannot read counts as passing one, and the legacy path stays).
 */
export function customLockPassed(pluginCode: string): boolean {
  return settingPassed(pluginCode, 'lock');
}

/** GoTrueClient.js with the legacy lock tests made `false` (same lines). */
export function withoutLegacyLock(source: string): string {
  const assignments = [...source.matchAll(/\bthis\.lock = ([^;]+);/g)].map((m) => m[1]);
  if (assignments.length !== 2 || assignments[0] !== 'null' || assignments[1] !== 'settings.lock' || !source.includes('if (settings.lock != null) {')) {
    throw new Error("auth-js's GoTrueClient now sets this.lock differently; update build/legacy-lock.ts.");
  }
  return source.replace(/\b(this|settings)\.lock != null\b/g, 'false');
}
