/**
 * What a page pays for the plugin: gzip bytes of each element's header (the runtimes) plus its
 * code boxes, for the page shapes builders make. Printed by the build; the benchmark compares it.
 */
import { gzipSync } from 'node:zlib';

export const gzipBytes = (text: string) => gzipSync(Buffer.from(text), { level: 9 }).length;

export interface PageWeight {
  page: string;
  rawBytes: number;
  gzipBytes: number;
}

/**
 * What a page with the listed element folders loads from the Bubble layout: its code boxes, and
 * its element headers (.html) unless `headers` is false (a hosted page's header is a <script src>
 * tag, counted as the file it loads). The editor-only preview and reset boxes are not in a page.
 */
export function pageText(files: Map<string, string>, dirs: string[], { headers = true } = {}): string {
  return [...files.entries()]
    .filter(([path]) => dirs.some((d) => path.startsWith(`${d}/`)) && (path.endsWith('.js') || (headers && path.endsWith('.html'))))
    .filter(([path]) => !path.endsWith('/preview.js') && !path.endsWith('/reset.js'))
    .map(([, text]) => text)
    .join('\n');
}

/** files: the Bubble layout; a page holds the listed element folders. */
export function pageWeights(files: Map<string, string>, elements: Array<{ name: string; dir: string }>): PageWeight[] {
  const shapes: Array<{ page: string; dirs: string[] }> = [
    ...elements.map((e) => ({ page: `only ${e.name}`, dirs: [e.dir] })),
    { page: elements.map((e) => e.name).join(' + '), dirs: elements.map((e) => e.dir) },
  ];
  return shapes.map(({ page, dirs }) => {
    const text = pageText(files, dirs);
    return { page, rawBytes: Buffer.byteLength(text), gzipBytes: gzipBytes(text) };
  });
}
