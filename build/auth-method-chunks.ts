/**
 * Hosted runtime only: GoTrueClient methods that a sign-in page never runs (passkeys, sign-up,
 * enrolling and removing factors, setting a session from tokens)
 * leave the core and travel in a chunk. In the core each such method keeps its name, but its body
 * loads the chunk (with its integrity check, shared/chunks/registry.ts) and calls the real body
 * with the same `this`; a chunk that cannot be loaded makes the method return auth-js's usual
 * `{ data, error }` with error 'runtime_unavailable', never a throw. The chunk holds the methods'
 * original bodies, cut from the installed GoTrueClient.js on every build, with the module's own
 * imports and helpers (esbuild keeps only what they use).
 *
 * Only async methods the trim plan keeps are moved (build/auth-surface.ts reads the class); a
 * method the plan stubs stays stubbed.
 */
import { CHUNK_FILES, type ChunkFile, type ChunkName } from '../shared/chunks/chunk-map.js';
import { parseGoTrueClient } from './auth-surface.js';

/** Which GoTrueClient methods each registered chunk export brings (by method name). */
const METHOD_CHUNKS: Partial<Record<ChunkName, { methods: (name: string) => boolean; failedData: string }>> = {
  'gotrue-passkeys': { methods: (name) => /Passkey/.test(name), failedData: '{ user: null, session: null }' },
  'gotrue-sign-up': { methods: (name) => name === 'signUp', failedData: '{ user: null, session: null }' },
  // Enrolling and removing factors (an unenroll refreshes the session so it drops the factor's aal).
  'gotrue-enroll': { methods: (name) => ['_enroll', '_unenroll', 'refreshSession', '_refreshSession'].includes(name), failedData: 'null' },
  'gotrue-set-session': { methods: (name) => name === 'setSession' || name === '_setSession', failedData: '{ user: null, session: null }' },
};

/** The chunk file that registers `chunk` (every ChunkName is in exactly one, shared/chunks/chunk-map.ts). */
function fileOf(chunk: ChunkName): ChunkFile {
  return (Object.keys(CHUNK_FILES) as ChunkFile[]).find((f) => (CHUNK_FILES[f] as readonly string[]).includes(chunk))!;
}

const isAsync = (line: string) => /^ {4}async [\w$]+\(/.test(line);

type ParsedClient = ReturnType<typeof parseGoTrueClient>;

function moved({ lines, members }: ParsedClient, chunk: string, kept: ReadonlySet<string>) {
  const spec = METHOD_CHUNKS[chunk as ChunkName];
  if (!spec) throw new Error(`no GoTrueClient methods travel in a chunk named ${chunk}`);
  return members.filter((m) => m.stubbable && kept.has(m.name) && spec.methods(m.name) && isAsync(lines[m.start]!));
}

/** The core's GoTrueClient.js: each moved method forwards to its chunk. */
export function forwardMethods(source: string, trimmed: string, kept: ReadonlySet<string>, registryPath: string): string {
  // `trimmed` is `source` with stubbed bodies blanked line by line: the same line numbers.
  let out = trimmed.split('\n');
  const parsed = parseGoTrueClient(source);
  for (const [chunk, { failedData }] of Object.entries(METHOD_CHUNKS)) {
    const file = fileOf(chunk as ChunkName);
    for (const m of moved(parsed, chunk, kept)) {
      const call = `const r = await __supabaseMfaLoadChunk(${JSON.stringify(chunk)}, ${JSON.stringify(file)}); if (r.error) return { data: ${failedData}, error: r.error }; return r.data.${m.name}.apply(this, args);`;
      out[m.start] = `    async ${m.name}(...args) { ${call} }`;
      for (let i = m.start + 1; i <= m.end; i++) out[i] = '';
    }
  }
  out = [`import { loadChunk as __supabaseMfaLoadChunk } from ${JSON.stringify(registryPath)};`, ...out];
  return out.join('\n');
}

/** The chunk's module: GoTrueClient.js's imports and helpers, and the moved methods as `methods`. */
export function methodsModule(source: string, chunk: string, kept: ReadonlySet<string>): string {
  const parsed = parseGoTrueClient(source);
  const { lines, code } = parsed;
  const picked = moved(parsed, chunk, kept);
  const classStart = code.findIndex((l) => /^class GoTrueClient \{$/.test(l));
  if (!picked.length) throw new Error(`no GoTrueClient method to move into ${chunk}`);
  const body = picked.map((m) => `${lines.slice(m.start, m.end + 1).join('\n')},`);
  return [...lines.slice(0, classStart), 'const methods = {', ...body, '};', 'export { methods };'].join('\n');
}
