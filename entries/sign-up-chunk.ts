/**
 * The "sign-up" chunk of the hosted runtime: GoTrueClient's signUp, fetched the first time a page
 * signs a user up (the core's signUp forwards to it; build/auth-method-chunks.ts).
 */
// @ts-expect-error resolved by the build (build/bundle.ts: cut from the installed GoTrueClient.js)
import { methods } from 'auth-js/gotrue-methods/gotrue-sign-up';
import { registerChunk } from '../shared/chunks/registry.js';

registerChunk('gotrue-sign-up', methods);
