/**
 * The "enroll" chunk of the hosted runtime: the Enroll a factor action and GoTrueClient's enroll,
 * unenroll and refresh-session methods, fetched the first time a page enrolls or removes a factor
 * (actions/enroll-factor.lazy.ts checks the input, then calls into it; the core's mfa.enroll,
 * mfa.unenroll and refreshSession forward to it). In this chunk's build GoTrueClient's class holds
 * only those methods (build/auth-method-chunks.ts).
 */
import GoTrueClient from '@supabase/auth-js/dist/module/GoTrueClient.js';
import { enrollFactor } from '../actions/enroll-factor.js';
import { registerChunk } from '../shared/chunks/registry.js';

registerChunk('gotrue-enroll', GoTrueClient.prototype);
registerChunk('enroll', { enrollFactor });
