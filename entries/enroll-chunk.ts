/**
 * The "enroll" chunk of the hosted runtime: the Enroll a factor action and GoTrueClient's enroll,
 * unenroll and refresh-session methods, fetched the first time a page enrolls or removes a factor
 * (actions/enroll-factor-chunk.ts checks the input, then calls into it; the core's mfa.enroll,
 * mfa.unenroll and refreshSession forward to it).
 */
// @ts-expect-error resolved by the build (build/bundle.ts: cut from the installed GoTrueClient.js)
import { methods } from 'auth-js/gotrue-methods/gotrue-enroll';
import { enrollFactor } from '../actions/enroll-factor.js';
import { registerChunk } from '../shared/chunks/registry.js';

registerChunk('gotrue-enroll', methods);
registerChunk('enroll', { enrollFactor });
