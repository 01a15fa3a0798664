/**
 * startPlayground(): the back end (remote project, local test bed, or none), one gateway serving
 * the page and /auth/v1 on one origin, the page route and the playground's endpoints.
 */
import { type Gateway, isPortFree, startGateway } from '../dev/testbed/index.js';
import { DIST_DIR, type PluginFiles, readPluginFiles } from '../dev/bubble-harness/index.js';
import { apiRoute } from './api.js';
import { startBackend, type Backend } from './backend.js';
import { pageRoute, prepareAppBundle } from './page-route.js';
import { protectedRoute } from './protected.js';
import type { PlaygroundMode } from './page/config.js';

export interface PlaygroundOptions {
  /** Port on 127.0.0.1; 0 (the default) picks a free one. A busy port falls back to a free one. */
  port?: number;
  /** auto (default): SUPABASE_URL & co., else the local test bed; none: no server at all. */
  backend?: 'auto' | 'none';
  /** Where progress lines go (default: stderr). */
  log?: (line: string) => void;
  /** The plugin folder (default dist/bubble-plugin). */
  dir?: string;
}

export interface Playground {
  /** The page, e.g. http://127.0.0.1:3100/ */
  url: string;
  port: number;
  mode: PlaygroundMode;
  /** Where the plugin talks to Supabase (null: nowhere). */
  supabaseUrl: string | null;
  /** Mode none: why. */
  reason: string | null;
  summary: string | null;
  /** Stops the page server and everything the test bed started (auth server, PostgreSQL); idempotent. */
  stop(): Promise<void>;
}

/** Starts the playground. Never rejects for a missing Supabase server: mode is then 'none'. */
export async function startPlayground(opts: PlaygroundOptions = {}): Promise<Playground> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`[playground] ${l}\n`));
  const files = readPluginFiles(opts.dir ?? DIST_DIR); // throws "run `npm run build` first" if missing
  void prepareAppBundle().catch(() => undefined); // its error comes again where the page is built
  let port = opts.port ?? 0;
  if (port !== 0 && !(await isPortFree(port))) {
    log(`port ${port} is busy; using a free one`);
    port = 0;
  }
  const backend = await startBackend(opts.backend ?? 'auto', port, log);
  let gateway: Gateway | undefined;
  try {
    // With the test bed, its gateway serves /auth/v1 (and checks the apikey like a project); without
    // one, our own gateway has no auth upstream: /auth/v1 answers 502 like a project whose auth
    // service is down, which the plugin reports as network_error.
    gateway = backend.testbed?.gateway ?? (await startGateway({ port, log: () => undefined }));
    return await serve(gateway, backend, files);
  } catch (err) {
    if (gateway && gateway !== backend.testbed?.gateway) await gateway.stop();
    await backend.testbed?.stop();
    throw err;
  }
}

async function serve(gateway: Gateway, backend: Backend, files: PluginFiles): Promise<Playground> {
  const unmount = [
    gateway.route('/playground', apiRoute(backend, gateway.port)),
    gateway.route('/playground/protected', protectedRoute(backend, gateway.port, files)),
    gateway.route('/', await pageRoute(files, backend)),
  ];
  let stopping: Promise<void> | undefined;
  return {
    // localhost, not 127.0.0.1: browsers allow security keys and passkeys on localhost only, and
    // the local test bed accepts WebAuthn from http://localhost:<this port>.
    url: `http://${backend.mode === 'local' ? 'localhost' : '127.0.0.1'}:${gateway.port}/`,
    port: gateway.port,
    mode: backend.mode,
    supabaseUrl: backend.testbed ? backend.testbed.url : null,
    reason: backend.reason,
    summary: backend.summary,
    stop: () => {
      stopping ??= (async () => {
        for (const u of unmount) u();
        // The local test bed's stop() also stops its gateway; a remote one stops nothing of ours.
        if (backend.testbed?.kind === 'local') await backend.testbed.stop();
        else {
          await gateway.stop();
          await backend.testbed?.stop();
        }
      })();
      return stopping;
    },
  };
}
