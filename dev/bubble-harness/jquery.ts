/** jQuery's browser build (the one Bubble pages load), as text. Node only. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
let jquerySource: string | undefined;

export function jquerySourceText(): string {
  if (!jquerySource) {
    const main = require.resolve('jquery');
    const dir = main.slice(0, main.lastIndexOf('/dist/') + 6);
    jquerySource = readFileSync(join(dir, 'jquery.min.js'), 'utf8');
  }
  return jquerySource;
}
