/**
 * The "email-link" chunk of the hosted runtime: GoTrueClient's exchangeCodeForSession, fetched
 * only when a page is opened from an email link with a PKCE code (the core's exchangeCodeForSession
 * forwards to it; build/auth-method-chunks.ts). Every other page load never asks for it. In this
 * chunk's build GoTrueClient's class holds only those methods.
 */
import GoTrueClient from '@supabase/auth-js/dist/module/GoTrueClient.js';
import { registerChunk } from '../shared/chunks/registry.js';

registerChunk('gotrue-email-link', GoTrueClient.prototype);
