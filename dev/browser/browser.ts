/**
 * Chromium for the browser tests: Debian's /usr/bin/chromium through playwright-core, one browser
 * per test file, plus helpers to open the harness page, record every request and dialog, take
 * element screenshots and decode QR codes from their pixels.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import type { MfaHarnessRpc } from '../mfa-harness/rpc.js';
import { PAGE_ASSETS } from '../bubble-harness/page-server.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or null. */
export function chromiumMissing(): string | null {
  return existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM} (set CHROMIUM_PATH; scripts/setup-system.sh installs Debian's)`;
}

/** Headless flags this machine needs (its closed network refuses Chromium's background calls). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** extraArgs: e.g. the bench's `--js-flags=--expose-gc`. */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

declare global {
  interface Window {
    bubbleHarness: MfaHarnessRpc;
    __pwned?: (name: string) => void;
    __pwnedCalls?: string[];
  }
}

export interface Watched {
  page: Page;
  /** Requests other than the page and its known assets (and allowed extra URLs). */
  unexpected: Array<{ url: string; method: string }>;
  /** Every request, for diagnostics. */
  all: Array<{ url: string; method: string }>;
  dialogs: string[];
  pageErrors: string[];
  /** Calls of window.__pwned, read from the page. */
  pwned(): Promise<string[]>;
}

/**
 * Opens `url` in a fresh page that records every request, dialog and page error. `allowed` says
 * which requests are expected (the page's own assets by default).
 */
export async function openWatched(
  browser: Browser,
  url: string,
  opts: {
    allowed?: (r: Request) => boolean;
    viewport?: { width: number; height: number };
    deviceScaleFactor?: number;
    storage?: Record<string, string>;
    /** Script text run before any page script (e.g. to observe what the headers do). */
    initScript?: string;
    /** Runs on the new page before it loads (e.g. to add a virtual authenticator). */
    beforeLoad?: (page: Page) => Promise<void>;
  } = {},
): Promise<Watched> {
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1200, height: 900 }, deviceScaleFactor: opts.deviceScaleFactor ?? 1 });
  const page = await context.newPage();
  const origin = new URL(url).origin;
  const known = new Set(PAGE_ASSETS);
  const isAsset = (r: Request) => {
    const u = new URL(r.url());
    const base = new URL(url).pathname.replace(/\/$/, '');
    return u.origin === origin && known.has(u.pathname.slice(base.length) || '/');
  };
  const watched: Watched = {
    page,
    unexpected: [],
    all: [],
    dialogs: [],
    pageErrors: [],
    pwned: () => page.evaluate(() => [...(window.__pwnedCalls ?? [])]),
  };
  page.on('request', (r) => {
    const entry = { url: r.url(), method: r.method() };
    watched.all.push(entry);
    if (!isAsset(r) && !(opts.allowed?.(r) ?? false)) watched.unexpected.push(entry);
  });
  page.on('dialog', (d) => {
    watched.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss().catch(() => undefined);
  });
  page.on('pageerror', (e) => watched.pageErrors.push(e.message));
  // Installed before any page script: a payload that runs calls it.
  await page.addInitScript(() => {
    window.__pwnedCalls = [];
    window.__pwned = (name: string) => {
      window.__pwnedCalls!.push(String(name));
    };
  });
  if (opts.initScript) await page.addInitScript({ content: opts.initScript });
  if (opts.storage) {
    // Set before any page script, like a session left by an earlier visit.
    await page.addInitScript((entries: Record<string, string>) => {
      for (const [k, v] of Object.entries(entries)) if (window.localStorage.getItem(k) === null) window.localStorage.setItem(k, v);
    }, opts.storage);
  }
  await opts.beforeLoad?.(page);
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.bubbleHarness?.ready === true);
  return watched;
}

export interface VirtualAuthenticator {
  id: string;
  /** Whether the authenticator answers by itself (off: the browser's prompt stays open). */
  setPresence(enabled: boolean): Promise<void>;
  /** The credentials it holds (resident = discoverable, i.e. a passkey). */
  credentials(): Promise<Array<{ isResidentCredential: boolean; rpId?: string }>>;
}

/**
 * Chromium's virtual authenticator on `page` (CDP WebAuthn domain): 'usb' stands for a security
 * key, 'internal' for Touch ID / Windows Hello. It answers every prompt at once, user verified.
 */
export async function addVirtualAuthenticator(page: Page, transport: 'usb' | 'internal'): Promise<VirtualAuthenticator> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport, hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return {
    id: authenticatorId,
    setPresence: async (enabled) => {
      await cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled });
    },
    credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials,
  };
}

/** Decodes the QR code in a PNG (jsQR on the RGBA pixels), or null. */
export function decodeQrPng(png: Buffer): string | null {
  const img = PNG.sync.read(png);
  const code = jsQR(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), img.width, img.height, { inversionAttempts: 'attemptBoth' });
  return code?.data ?? null;
}

/** A screenshot of an element instance's canvas, with `margin` px of page around it. */
export async function screenshotInstance(page: Page, name: string, margin = 0): Promise<Buffer> {
  const box = await page.locator(`[data-name="${name}"]`).boundingBox();
  if (!box) throw new Error(`instance ${name} is not on screen`);
  return page.screenshot({
    clip: { x: Math.max(0, box.x - margin), y: Math.max(0, box.y - margin), width: box.width + 2 * margin, height: box.height + 2 * margin },
  });
}

/**
 * Where browser tests write their screenshots: docs/screenshots/ (the README's pictures) only when
 * asked (`npm run screenshots`, i.e. SCREENSHOTS=update), else .cache/screenshots/, so a test run
 * never edits tracked files.
 */
export function screenshotDir(repoRoot: string): string {
  return process.env.SCREENSHOTS === 'update' ? join(repoRoot, 'docs', 'screenshots') : join(repoRoot, '.cache', 'screenshots');
}

/**
 * Resolves once every finite CSS animation and transition in the subtree of `selector` has
 * finished (a shake, a border colour fading in): the end of a transition is a condition, not a
 * delay. Endless animations (a blinking caret) are left out: they never finish.
 * `transitionsOnly`: wait for the transitions alone (a colour), not for a keyframe animation.
 */
export async function waitForAnimations(page: Page, selector: string, opts: { transitionsOnly?: boolean; timeoutMs?: number } = {}): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  try {
    await page.waitForFunction(
      ({ sel, transitionsOnly }) => {
        const root = document.querySelector(sel);
        if (!root) return false;
        // getAnimations() flushes style first, so a transition the last change starts is already listed.
        return root
          .getAnimations({ subtree: true })
          .filter((a) => a.effect?.getComputedTiming().endTime !== Number.POSITIVE_INFINITY)
          .filter((a) => !transitionsOnly || a instanceof CSSTransition)
          .every((a) => a.playState === 'finished' || a.playState === 'idle');
      },
      { sel: selector, transitionsOnly: opts.transitionsOnly === true },
      { timeout: timeoutMs, polling: 'raf' },
    );
  } catch (e) {
    const what = opts.transitionsOnly ? 'transitions' : 'animations';
    throw new Error(`timed out after ${timeoutMs} ms waiting for the ${what} in ${selector} to finish (${String(e)})`);
  }
}
