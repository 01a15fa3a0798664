/**
 * The "set-session" chunk of the hosted runtime: GoTrueClient's setSession, fetched the first time
 * a page runs Set session (the core's setSession forwards to it; build/auth-method-chunks.ts). The
 * action checks its tokens in the core first, so bad tokens fetch nothing.
 */
// @ts-expect-error resolved by the build (build/bundle.ts: cut from the installed GoTrueClient.js)
import { methods } from 'auth-js/gotrue-methods/gotrue-set-session';
import { registerChunk } from '../shared/chunks/registry.js';

registerChunk('gotrue-set-session', methods);
