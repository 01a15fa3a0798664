/**
 * Load on first use (hosted runtime mode only): parts of the runtime that a page may never need
 * (the QR pipeline with DOMPurify and the QR code element, the code input element, the WebAuthn
 * module) are separate files, fetched the first time they are needed.
 *
 * A chunk file registers its exports under its name in one global; the loader adds a
 * `<script src integrity crossorigin>` so the browser checks the file against the hash the
 * build put in the element header, exactly like the entry file. A file that fails the check
 * never runs, and the caller gets a Result with 'runtime_unavailable', never a throw. Once
 * loaded, a chunk stays registered for the page, and the browser cache serves it on later pages.
 */
import { MfaError, RUNTIME_UNAVAILABLE_MESSAGE } from '../errors.js';
import { fail, ok, type Result } from '../result.js';
import { CHUNK_MAP_ATTRIBUTE, type ChunkFile, type ChunkName } from './chunk-map.js';

/** Global that holds the loaded chunks' exports, by chunk name. */
const CHUNKS = 'SupabaseMfaBubbleChunks';

type ChunkWindow = Window & { [CHUNKS]?: Record<string, unknown> };

const loaded = () => ((window as ChunkWindow)[CHUNKS] ??= {});

/** Called by a chunk file when it runs. */
export function registerChunk(name: ChunkName, exports: unknown): void {
  loaded()[name] = exports;
}

/** The chunk's exports if it has already run on this page, else undefined. */
export function chunkNow<T>(name: ChunkName): T | undefined {
  return loaded()[name] as T | undefined;
}

interface ChunkSpec {
  src: string;
  integrity: string;
}

function specOf(name: string): ChunkSpec | undefined {
  const tag = document.querySelector(`script[${CHUNK_MAP_ATTRIBUTE}]`);
  try {
    const spec = (JSON.parse(tag?.getAttribute(CHUNK_MAP_ATTRIBUTE) ?? '{}') as Record<string, ChunkSpec | undefined>)[name];
    return spec && typeof spec.src === 'string' && typeof spec.integrity === 'string' ? spec : undefined;
  } catch {
    return undefined;
  }
}

/** Per chunk file: its load, shared by concurrent callers (true once the file ran). */
const pending = new Map<string, Promise<boolean>>();

const unavailable = <T>(): Result<T> => fail(new MfaError('runtime_unavailable', RUNTIME_UNAVAILABLE_MESSAGE));

function loadFile(file: string): Promise<boolean> {
  let load = pending.get(file);
  if (!load) {
    load = new Promise<boolean>((resolve) => {
      const spec = specOf(file);
      if (!spec) {
        resolve(false);
        return;
      }
      const script = document.createElement('script');
      script.src = spec.src;
      script.integrity = spec.integrity;
      script.crossOrigin = 'anonymous';
      script.async = true;
      script.onload = () => resolve(true);
      script.onerror = () => resolve(false);
      document.head.appendChild(script);
    }).then((loadedOk) => {
      // A failed load may be retried later (a flaky network); a good one stays registered.
      if (!loadedOk) pending.delete(file);
      return loadedOk;
    });
    pending.set(file, load);
  }
  return load;
}

/**
 * Hosted core: the body of a GoTrueClient method that travels in a chunk (build/auth-method-chunks.ts
 * writes each such method as a call of this). Runs the method's real body with the client as
 * `this` once the chunk is there; a chunk that cannot be loaded makes the method return auth-js's
 * usual `{ data, error }`, with `failedData` and 'runtime_unavailable', never a throw.
 */
export async function callChunkMethod<F extends ChunkFile>(
  client: unknown,
  name: ChunkName<F>,
  file: F,
  method: string,
  args: unknown[],
  failedData: unknown,
): Promise<unknown> {
  const r = await loadChunk<Record<string, (...a: unknown[]) => unknown>, F>(name, file);
  return r.error ? { data: failedData, error: r.error } : r.data[method]!.apply(client, args);
}

/**
 * The exports a chunk file registered under `name` (a file may register several, e.g. the QR
 * pipeline and the QR code element), loading the file once per page; concurrent callers share
 * one load.
 */
export function loadChunk<T, F extends ChunkFile = ChunkFile>(name: ChunkName<F>, file: F): Promise<Result<T>> {
  const now = chunkNow<T>(name);
  if (now) return Promise.resolve(ok(now));
  return loadFile(file).then(() => {
    const exports = chunkNow<T>(name);
    return exports ? ok(exports) : unavailable<T>();
  });
}
