/**
 * What the build wrote into dist/ (npm test builds first), for tests of what a page downloads:
 * an element's inline header, and a hosted chunk by its chunk name.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { folderName } from '../../build/ids.js';
import { loadPluginDef } from '../../build/plugin-def.js';
import { readRuntimeManifest } from '../../build/runtime-delivery.js';
import type { ChunkFile } from '../../shared/chunks/chunk-map.js';
import { DIST_DIR, ROOT } from '../../dev/bubble-harness/index.js';

/** The element's headers.html: its inline runtime. */
export function builtHeader(elementName: string): string {
  const el = loadPluginDef().elements.find((e) => e.name === elementName);
  if (!el) throw new Error(`plugin.json has no element ${elementName}`);
  return readFileSync(join(DIST_DIR, 'elements', folderName(el.id), 'headers.html'), 'utf8');
}

/** A hosted chunk file as listed in dist/runtime/manifest.json. */
export function builtChunk(name: ChunkFile): string {
  const runtimeDir = join(ROOT, 'dist', 'runtime');
  const file = readRuntimeManifest(join(runtimeDir, 'manifest.json')).chunks[name];
  if (!file) throw new Error(`dist/runtime/manifest.json lists no chunk ${name}`);
  return readFileSync(join(runtimeDir, file), 'utf8');
}
