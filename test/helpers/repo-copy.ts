/**
 * A temporary copy of the repository's build inputs (node_modules linked, not copied), so a
 * test can build with one change or with other options without touching dist/.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import assert from 'node:assert/strict';

const REPO = resolve('.');
const ENTRIES = [
  'actions',
  'elements',
  'entries',
  'server',
  'shared',
  'build',
  'plugin.json',
  'plugin.schema.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'package.json',
  'docs/reference.md',
];

export interface RepoCopies {
  make(): string;
  removeAll(): void;
}

export function repoCopies(): RepoCopies {
  const dirs: string[] = [];
  return {
    make() {
      const dir = mkdtempSync(join(tmpdir(), 'build-copy-'));
      dirs.push(dir);
      for (const entry of ENTRIES) {
        cpSync(join(REPO, entry), join(dir, entry), { recursive: true, filter: (src) => !src.includes(`${join('shared', 'generated')}`) });
      }
      symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
      return dir;
    },
    removeAll() {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}

/** Changes one file of a copy; fails the test if the change does not apply. */
export function editFile(dir: string, file: string, change: (text: string) => string): void {
  const path = join(dir, file);
  const before = readFileSync(path, 'utf8');
  const after = change(before);
  assert.notEqual(after, before, `the edit of ${file} applies`);
  writeFileSync(path, after);
}
