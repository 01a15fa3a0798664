/**
 * A loopback HTTP server for the Chromium rows. Pages are assembled from "parts" placed in <head>
 * in the order asked for:
 *   lib     bench/page/entry.ts bundled to an IIFE (always first: it wraps window.fetch)
 *   jquery  <script> with node_modules/jquery (Bubble pages have it; dev/bubble-harness needs it)
 *   mfa     the Supabase MFA element's headers.html, verbatim from dist/
 *   qr      the QR code element's headers.html, verbatim from dist/
 *   anchor  <script> with the anchor bundle (supabase-js + DOMPurify)
 * Pages are cross-origin isolated (COOP/COEP), which gives performance.now() 5 µs resolution
 * instead of 100 µs, and are never cached.
 */
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { browserBundle, jquerySourceText } from '../dev/bubble-harness/index.js';

export type Part = 'lib' | 'jquery' | 'mfa' | 'qr' | 'anchor';

export interface PageServer {
  origin: string;
  /** URL of a page with these parts in <head>. */
  page(parts: Part[]): string;
  /** URL of a page that times the evaluation of one part (row 6); `nonce` defeats V8's compile cache. */
  evalPage(part: Part, nonce: string): string;
  close(): Promise<void>;
}

export interface PageSources {
  mfaHeader: string;
  qrHeader: string;
  anchor: string;
}

function inlineScript(code: string, what: string): string {
  if (/<\/script/i.test(code)) throw new Error(`${what} contains "</script" and cannot be inlined`);
  return `<script>${code}</script>`;
}

export async function startPageServer(root: string, sources: PageSources): Promise<PageServer> {
  const jquery = jquerySourceText();
  const parts: Record<Part, string> = {
    lib: inlineScript(await browserBundle(join(root, 'bench', 'page', 'entry.ts')), 'the page library'),
    mfa: sources.mfaHeader,
    qr: sources.qrHeader,
    jquery: inlineScript(jquery, 'jquery.min.js'),
    anchor: inlineScript(sources.anchor, 'the anchor bundle'),
  };
  const isPart = (p: string): p is Part => Object.hasOwn(parts, p);
  const doc = (head: string) => `<!doctype html>\n<html><head><meta charset="utf-8"><title>bench</title>\n${head}\n</head><body></body></html>`;

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let body: string | null = null;
    if (url.pathname === '/page') {
      const wanted = (url.searchParams.get('parts') ?? '').split(',').filter(Boolean);
      if (wanted.every(isPart)) body = doc(wanted.map((p) => parts[p]).join('\n'));
    } else if (url.pathname === '/eval') {
      const part = url.searchParams.get('part') ?? '';
      const nonce = (url.searchParams.get('nonce') ?? '').replace(/[^\w-]/g, '');
      if (isPart(part)) {
        // A unique comment at the end of each script makes its source text new to V8.
        const marked = parts[part].replace(/<\/script>/gi, `\n//${nonce}\n</script>`);
        body = doc(`<script>window.__t0=performance.now()</script>\n${marked}\n<script>window.__t1=performance.now()</script>`);
      }
    } else if (url.pathname === '/blank') {
      body = doc('');
    }
    if (body === null) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    page: (p) => `${origin}/page?parts=${p.join(',')}`,
    evalPage: (part, nonce) => `${origin}/eval?part=${part}&nonce=${encodeURIComponent(nonce)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
