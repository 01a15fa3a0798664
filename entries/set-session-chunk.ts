/**
 * The "set-session" chunk of the hosted runtime: GoTrueClient's setSession, fetched the first time
 * a page runs Set session (the core's setSession forwards to it; build/auth-method-chunks.ts). The
 * action checks its tokens in the core first, so bad tokens fetch nothing. In this chunk's build
 * GoTrueClient's class holds only those methods.
 */
import GoTrueClient from '@supabase/auth-js/dist/module/GoTrueClient.js';
import { registerChunk } from '../shared/chunks/registry.js';

registerChunk('gotrue-set-session', GoTrueClient.prototype);
