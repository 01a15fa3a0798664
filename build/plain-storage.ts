/**
 * auth-js has two storage paths a page of this plugin never takes:
 *  - split storage: with a `userStorage` setting it keeps the user apart from the session and
 *    stands a warning proxy in for a user it cannot find there;
 *  - server storage: when the storage says `isServer`, it wraps the user that getSession()
 *    returns in a proxy that warns on every read (a server must not trust it).
 * The plugin's client passes no `userStorage`, and its storages (the session guard's, or the
 * page's localStorage) are a page's, never marked `isServer`. Then `this.userStorage` stays null
 * and `this.storage.isServer` undefined, so the build writes those reads as `null` and `false`:
 * esbuild drops the blocks, and the two proxies with their warnings (about 0.4 KB gzip in every
 * page) go with them.
 *
 * The build stops if auth-js starts setting either in another way than this relies on.
 */
import { settingPassed } from './client-settings.js';

/** The plugin's code may give its client split or server storage. */
export function splitOrServerStoragePossible(pluginCode: string): boolean {
  return settingPassed(pluginCode, 'userStorage') || /\bisServer\b/.test(pluginCode);
}

/** GoTrueClient.js with its reads of `this.userStorage` and `this.storage.isServer` made constant (same lines). */
export function withoutSplitOrServerStorage(source: string): string {
  const assignments = [...source.matchAll(/\bthis\.userStorage = ([^;]+);/g)].map((m) => m[1]);
  if (
    assignments.length !== 2 ||
    assignments[0] !== 'null' ||
    assignments[1] !== 'settings.userStorage' ||
    !source.includes('if (settings.userStorage) {') ||
    /\bisServer\s*=[^=]/.test(source)
  ) {
    throw new Error("auth-js's GoTrueClient now sets its user storage differently; update build/plain-storage.ts.");
  }
  return source.replace(/\bthis\.userStorage\b(?!\s*=[^=])/g, 'null').replace(/\bthis\.storage\.isServer\b/g, 'false');
}
