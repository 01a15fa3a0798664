/**
 * esbuild plugin for the browser runtimes: a page carries only the part of auth-js the plugin's
 * code can reach.
 *  - GoTrueClient: the methods the plugin never reaches keep their names but throw
 *    (build/auth-surface.ts derives which, from the plugin's own code, on every build).
 *  - ./GoTrueAdminApi → build/browser-stubs/admin-signout.js: in a page the client uses only
 *    signOut (the rest needs the service role key, never in a page). The build stops if
 *    GoTrueClient or the plugin's browser code uses any other admin method.
 *  - ./lib/webauthn → build/browser-stubs/webauthn.js, unless the plugin's code mentions WebAuthn
 *    (`mfa.webauthn`, a 'webauthn' factor) or reaches a method that runs a WebAuthn ceremony
 *    (passkeys): then the real module is bundled.
 *  - Client settings the plugin only ever sets to false (detectSessionInUrl) close the code
 *    behind `if (… this.setting …) {`: the session-from-URL path is stubbed with the rest.
 *  - Debug logging the plugin never turns on (no `debug` setting): GoTrueClient's
 *    `this._debug(…);` statements go (build/debug-calls.ts).
 *  - No custom `lock` setting: auth-js's legacy lock path goes (build/legacy-lock.ts).
 *  - No `userStorage` setting and no server storage: auth-js's split-user and server-warning
 *    paths go (build/plain-storage.ts).
 *  - Where the WebAuthn module travels: its guesses at why a ceremony failed and
 *    WebAuthnApi.register go, unless the plugin reads them (build/webauthn-module.ts).
 * Web3 (Ethereum, Solana) needs no stand-in: only stubbed methods import it, so esbuild drops it.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { authJsModuleDir } from './auth-js-direct.js';
import { chunkClient, forwardMethods } from './auth-method-chunks.js';
import { debugLoggingUsed, withoutDebugCalls } from './debug-calls.js';
import { customLockPassed, withoutLegacyLock } from './legacy-lock.js';
import { splitOrServerStoragePossible, withoutSplitOrServerStorage } from './plain-storage.js';
import { ceremonyCodesRead, webAuthnRegisterUsed, withoutCeremonyGuesses, withoutWebAuthnRegister } from './webauthn-module.js';
import { deriveSurface, propertyNames, settingsTurnedOff, stubMethods } from './auth-surface.js';
import { parseGoTrueClient } from './gotrue-client.js';
import type { ChunkFile } from '../shared/chunks/chunk-map.js';

/**
 * The one admin method a page's client keeps (build/browser-stubs/admin-signout.js): signOut,
 * POST /logout with the USER's token. Everything else needs the service role key.
 */
const PAGE_ADMIN_METHODS = new Set(['signOut']);

/** Admin methods GoTrueClient.js calls that a page does not have (must be none). */
export function checkAdminUse(goTrueClientSource: string): string[] {
  const used = new Set([...goTrueClientSource.matchAll(/this\.admin\.(\w+)/g)].map((m) => m[1]!));
  return [...used].filter((m) => !PAGE_ADMIN_METHODS.has(m));
}

/** Admin methods the plugin's browser code calls that a page does not have (must be none). */
function pluginAdminUse(pluginCode: string): string[] {
  return [...new Set([...pluginCode.matchAll(/\.admin\s*\.\s*(\w+)/g)].map((m) => m[1]!))].filter((m) => !PAGE_ADMIN_METHODS.has(m));
}

/** The plugin's code uses WebAuthn factors: `.webauthn` (mfa.webauthn) or the factor type 'webauthn'. */
const WEBAUTHN_USE = /\.\s*webauthn\b|(["'`])webauthn\1/;

/** The functions of lib/webauthn that run a WebAuthn ceremony in the browser. */
const CEREMONIES = ['createCredential', 'getCredential'];

export interface AuthTrimPlan {
  stubbed: string[];
  kept: string[];
  stubWebAuthn: boolean;
  /** The plugin never creates its client with `debug`, so GoTrueClient's log statements go. */
  stripDebug: boolean;
  /** The plugin never passes a custom `lock`, so auth-js's legacy lock path goes (build/legacy-lock.ts). */
  lockless: boolean;
  /** The plugin never gives its client a `userStorage` or a server storage (build/plain-storage.ts). */
  plainStorage: boolean;
  /** The plugin reads only a ceremony error's name: auth-js's guesses at the cause go (build/webauthn-module.ts). */
  plainCeremonyErrors: boolean;
  /** The plugin never calls WebAuthnApi.register (build/webauthn-module.ts). */
  stubWebAuthnRegister: boolean;
}

/** What to trim for a runtime whose own (non-package) code is `pluginCode`. */
export function planTrim(goTrueClientSource: string, pluginCode: string): AuthTrimPlan {
  const admin = pluginAdminUse(pluginCode);
  if (admin.length) {
    throw new Error(`The browser runtime calls auth.admin.${admin.join(', auth.admin.')}: the admin API needs the service role key and is stubbed in pages.`);
  }
  const stripDebug = !debugLoggingUsed(pluginCode);
  const lockless = !customLockPassed(pluginCode);
  const plainStorage = !splitOrServerStoragePossible(pluginCode);
  // Derived from the source as it will be bundled: code behind a lock test made `false` reaches nothing.
  const client = parseGoTrueClient(clientSourceFor({ stripDebug, lockless, plainStorage }, goTrueClientSource));
  const surface = deriveSurface(client, propertyNames(pluginCode), settingsTurnedOff(client, pluginCode));
  const ceremony = client.members.some(
    (m) => m.name !== 'constructor' && surface.kept.has(m.name) && CEREMONIES.some((fn) => new RegExp(`\\b${fn}\\(`).test(client.code.slice(m.start, m.end))),
  );
  return {
    stubbed: surface.stubbed,
    kept: [...surface.kept].sort(),
    stubWebAuthn: !ceremony && !WEBAUTHN_USE.test(pluginCode),
    stripDebug,
    lockless,
    plainStorage,
    plainCeremonyErrors: !ceremonyCodesRead(pluginCode),
    stubWebAuthnRegister: !webAuthnRegisterUsed(pluginCode),
  };
}

/** The runtime's own code, packages left out, without comments: what the plan is derived from. */
async function pluginCodeOf(options: BuildOptions): Promise<string> {
  const out = await build({
    ...(options.stdin ? { stdin: options.stdin } : { entryPoints: options.entryPoints! }),
    ...(options.define ? { define: options.define } : {}),
    bundle: true,
    write: false,
    packages: 'external',
    platform: 'browser',
    format: 'esm',
    legalComments: 'none',
    logLevel: 'silent',
  });
  return out.outputFiles.map((f) => f.text).join('\n');
}

/** The installed GoTrueClient.js (the copy supabase-js uses). */
export function goTrueClientSource(root: string): string {
  return readFileSync(join(authJsModuleDir(root), 'GoTrueClient.js'), 'utf8');
}

/**
 * The trim plan of the browser build `options` (its entry points or stdin, and its `define`), or
 * null when its code does not import supabase-js: then it carries no auth client to trim.
 */
export async function planFor(root: string, options: BuildOptions): Promise<AuthTrimPlan | null> {
  const code = await pluginCodeOf(options);
  return /\bfrom\s*["']@supabase\/supabase-js["']|\bimport\s*["']@supabase\/supabase-js["']/.test(code) ? planTrim(goTrueClientSource(root), code) : null;
}

/**
 * GoTrueClient.js as the plan keeps it before stubbing: without debug logging when that is never
 * on, without the legacy lock path when no custom lock is passed, without the split-user and
 * server-storage paths when neither storage is given.
 */
export function clientSourceFor(plan: Pick<AuthTrimPlan, 'stripDebug' | 'lockless' | 'plainStorage'>, source: string): string {
  const quiet = plan.stripDebug ? withoutDebugCalls(source).code : source;
  const lockless = plan.lockless ? withoutLegacyLock(quiet) : quiet;
  return plan.plainStorage ? withoutSplitOrServerStorage(lockless) : lockless;
}

export interface TrimOptions {
  /** The plan (planFor); null for a build whose code does not import supabase-js. */
  plan: AuthTrimPlan | null;
  /** Hosted core: the methods build/auth-method-chunks.ts moves into chunks forward to them. */
  forward?: boolean;
  /** A hosted chunk file: GoTrueClient.js is the class with only the methods that travel in it. */
  chunk?: ChunkFile;
}

export function trimAuthJs(root: string, opts: TrimOptions): Plugin {
  const stubDir = join(root, 'build', 'browser-stubs');
  return {
    name: 'trim-auth-js',
    setup(b) {
      // The copy supabase-js pins, as the other auth-js plugins find it (one copy for core and chunks).
      const authJs = authJsModuleDir(root);
      const clientPath = join(authJs, 'GoTrueClient.js');
      const clientSource = readFileSync(clientPath, 'utf8');
      const others = checkAdminUse(clientSource);
      if (others.length) {
        throw new Error(`auth-js's GoTrueClient now uses this.admin.${others.join(', this.admin.')}; update build/browser-stubs/admin-signout.js.`);
      }
      const { plan } = opts;
      b.onLoad({ filter: /GoTrueClient\.js$/ }, (args) => {
        if (args.path !== clientPath) return undefined;
        if (!plan) throw new Error('This build bundles GoTrueClient.js, but its trim plan says its code does not import @supabase/supabase-js.');
        const source = clientSourceFor(plan, clientSource);
        const kept = new Set(plan.kept);
        const contents = opts.chunk
          ? chunkClient(source, opts.chunk, kept)
          : opts.forward
            ? forwardMethods(source, plan.stubbed, kept, join(root, 'shared', 'chunks', 'registry.ts'))
            : stubMethods(source, plan.stubbed);
        return { contents, loader: 'js', resolveDir: authJs };
      });
      // auth-js's WebAuthn module, wherever it travels (the inline runtime, the hosted WebAuthn chunk).
      const errorsPath = join(authJs, 'lib', 'webauthn.errors.js');
      const webAuthnPath = join(authJs, 'lib', 'webauthn.js');
      b.onLoad({ filter: /[\\/]lib[\\/]webauthn(\.errors)?\.js$/ }, (args) => {
        if (args.path === errorsPath && plan?.plainCeremonyErrors) return { contents: withoutCeremonyGuesses(readFileSync(errorsPath, 'utf8')), loader: 'js' };
        if (args.path === webAuthnPath && plan?.stubWebAuthnRegister)
          return { contents: withoutWebAuthnRegister(readFileSync(webAuthnPath, 'utf8')), loader: 'js' };
        return undefined;
      });
      // A chunk brings GoTrueClient's own modules as they are: the core already trimmed the client.
      if (opts.chunk) return;
      const fromClient = (args: { resolveDir: string; importer: string }) => resolve(args.resolveDir) === resolve(authJs) && args.importer === clientPath;
      b.onResolve({ filter: /^\.\/GoTrueAdminApi$/ }, (args) => (fromClient(args) ? { path: join(stubDir, 'admin-signout.js') } : undefined));
      // auth-js's WebAuthn module: in the hosted core a forwarder to the "webauthn" chunk; inline,
      // a stub when the plugin's code never reaches it, else the module itself.
      b.onResolve({ filter: /^\.\/lib\/webauthn$/ }, (args) => {
        if (!fromClient(args)) return undefined;
        if (opts.forward) return { path: join(stubDir, 'webauthn-lazy.js') };
        return plan?.stubWebAuthn ? { path: join(stubDir, 'webauthn.js') } : undefined;
      });
    },
  };
}
