/**
 * Hosted runtime only: GoTrueClient methods that a sign-in page never runs (passkeys, sign-up,
 * enrolling and removing factors, setting a session from tokens)
 * leave the core and travel in a chunk. In the core each such method keeps its name, but its body
 * loads the chunk (with its integrity check, shared/chunks/registry.ts) and calls the real body
 * with the same `this`; a chunk that cannot be loaded makes the method return auth-js's usual
 * `{ data, error }` with error 'runtime_unavailable', never a throw. The chunk holds the methods'
 * original bodies: its entry (entries/*-chunk.ts) registers GoTrueClient's prototype, and in a
 * chunk build GoTrueClient.js is the installed module with only those methods left in the class
 * (its imports and helpers stay; esbuild keeps only what the methods use).
 *
 * Only async methods the trim plan keeps are moved (build/gotrue-client.ts reads the class); a
 * method the plan stubs stays stubbed.
 */
import { CHUNK_FILES, type ChunkFile, type ChunkName } from '../shared/chunks/chunk-map.js';
import { STUB_HELPER, stubBody } from './auth-surface.js';
import { parseGoTrueClient, withEdits, type ClassMember, type GoTrueClientSource } from './gotrue-client.js';

/** Which GoTrueClient methods each registered chunk export brings (by method name). */
const METHOD_CHUNKS: Partial<Record<ChunkName, { methods: (name: string) => boolean; failedData: string }>> = {
  'gotrue-passkeys': { methods: (name) => /Passkey/.test(name), failedData: '{ user: null, session: null }' },
  // Signing up asks for an email link: the PKCE code challenge is made only then.
  'gotrue-sign-up': { methods: (name) => name === 'signUp' || name === '_getCodeChallengeAndMethod', failedData: '{ user: null, session: null }' },
  // Only a page opened from an email link exchanges its code.
  'gotrue-email-link': {
    methods: (name) => name === 'exchangeCodeForSession' || name === '_exchangeCodeForSession',
    failedData: '{ user: null, session: null }',
  },
  // Enrolling and removing factors (an unenroll refreshes the session so it drops the factor's aal).
  'gotrue-enroll': { methods: (name) => ['_enroll', '_unenroll', 'refreshSession', '_refreshSession'].includes(name), failedData: 'null' },
  'gotrue-set-session': { methods: (name) => name === 'setSession' || name === '_setSession', failedData: '{ user: null, session: null }' },
};

/** The chunk file that registers `chunk` (every ChunkName is in exactly one, shared/chunks/chunk-map.ts). */
function fileOf(chunk: ChunkName): ChunkFile {
  return (Object.keys(CHUNK_FILES) as ChunkFile[]).find((f) => (CHUNK_FILES[f] as readonly string[]).includes(chunk))!;
}

/** The methods that travel in the chunk export `chunk`: async plain methods the plan keeps. */
function moved({ members }: GoTrueClientSource, chunk: ChunkName, kept: ReadonlySet<string>): ClassMember[] {
  const spec = METHOD_CHUNKS[chunk];
  if (!spec) throw new Error(`no GoTrueClient methods travel in a chunk named ${chunk}`);
  return members.filter((m) => m.stubbable && m.async && kept.has(m.name) && spec.methods(m.name));
}

/** Per chunk export that brings GoTrueClient methods: the methods that travel in it (for the golden trim plan). */
export function movedMethods(source: string, kept: ReadonlySet<string>): Record<string, string[]> {
  const client = parseGoTrueClient(source);
  return Object.fromEntries(Object.keys(METHOD_CHUNKS).map((chunk) => [chunk, moved(client, chunk as ChunkName, kept).map((m) => m.name)]));
}

/** The core's GoTrueClient.js: stubbed methods throw, and each moved method forwards to its chunk. */
export function forwardMethods(source: string, stubbed: readonly string[], kept: ReadonlySet<string>, registryPath: string): string {
  const client = parseGoTrueClient(source);
  const stubs = new Set(stubbed);
  const edits = client.members.filter((m) => stubs.has(m.name) && m.body).map((m) => ({ ...m.body!, text: stubBody() }));
  for (const [chunk, { failedData }] of Object.entries(METHOD_CHUNKS)) {
    const file = fileOf(chunk as ChunkName);
    for (const m of moved(client, chunk as ChunkName, kept)) {
      const call = `return __supabaseMfaCallChunk(this, ${JSON.stringify(chunk)}, ${JSON.stringify(file)}, ${JSON.stringify(m.name)}, args, ${failedData});`;
      edits.push({ start: m.start, end: m.end, text: `async ${m.name}(...args) { ${call} }` });
    }
  }
  return `import { callChunkMethod as __supabaseMfaCallChunk } from ${JSON.stringify(registryPath)};\n${STUB_HELPER}${withEdits(source, edits)}`;
}

/**
 * GoTrueClient.js in the build of chunk file `file`: the module's imports and helpers, and the
 * class with only the methods that travel in that file (its entry registers the prototype). The
 * module's top-level statements (`polyfillGlobalThis();`) are left out: the core's copy ran them.
 */
export function chunkClient(source: string, file: ChunkFile, kept: ReadonlySet<string>): string {
  const client = parseGoTrueClient(source);
  const names = (CHUNK_FILES[file] as readonly ChunkName[]).filter((chunk) => METHOD_CHUNKS[chunk]);
  const picked = names.flatMap((chunk) => moved(client, chunk, kept));
  if (!picked.length) throw new Error(`no GoTrueClient method travels in the ${file} chunk, but its entry imports GoTrueClient.js`);
  const methods = picked.map((m) => source.slice(m.start, m.end)).join('\n');
  const top = withEdits(
    source.slice(0, client.classStart),
    client.topLevelEffects.map((e) => ({ ...e, text: '' })),
  );
  return `${top}class GoTrueClient {\n${methods}\n}\nexport default GoTrueClient;\n`;
}
