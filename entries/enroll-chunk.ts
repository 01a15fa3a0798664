/**
 * The "enroll" chunk of the hosted runtime: drawing the authenticator app's QR code (the encoder,
 * the SVG checked with DOMPurify, the PNG) and GoTrueClient's enroll, unenroll and
 * refresh-session methods, fetched the first time a page enrolls or removes a factor. The core's
 * mfa.enroll, mfa.unenroll and refreshSession forward to it, and the core's Enroll a factor picks
 * up the QR drawing from it (shared/qr/enrollment-qr.lazy.ts). The action itself, its input checks
 * and its error messages stay in the core, which has them anyway. In this chunk's build
 * GoTrueClient's class holds only those methods (build/auth-method-chunks.ts).
 */
import GoTrueClient from '@supabase/auth-js/dist/module/GoTrueClient.js';
import { enrollmentQr } from '../shared/qr/enrollment-qr.js';
import { registerChunk } from '../shared/chunks/registry.js';

registerChunk('gotrue-enroll', GoTrueClient.prototype);
registerChunk('enrollment-qr', { enrollmentQr });
