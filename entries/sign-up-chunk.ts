/**
 * The "sign-up" chunk of the hosted runtime: GoTrueClient's signUp, fetched the first time a page
 * signs a user up (the core's signUp forwards to it; build/auth-method-chunks.ts). In this chunk's
 * build GoTrueClient's class holds only that method.
 */
import GoTrueClient from '@supabase/auth-js/dist/module/GoTrueClient.js';
import { registerChunk } from '../shared/chunks/registry.js';

registerChunk('gotrue-sign-up', GoTrueClient.prototype);
