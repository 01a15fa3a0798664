/** The environment a bench run happened in, recorded next to the numbers. */
import { cpus, totalmem, platform, release, arch } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BenchEnvironment {
  date: string;
  node: string;
  chromium: string | null;
  cpuCount: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  packages: Record<string, string | null>;
}

function version(root: string, pkg: string): string | null {
  try {
    return (JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

export function environment(root: string, chromium: string | null): BenchEnvironment {
  const cpu = cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    chromium,
    cpuCount: cpu.length,
    cpuModel: cpu[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()} ${arch()}`,
    packages: Object.fromEntries(
      ['@supabase/supabase-js', '@supabase/auth-js', 'dompurify', 'esbuild', 'playwright-core', 'jsdom'].map((p) => [p, version(root, p)]),
    ),
  };
}
