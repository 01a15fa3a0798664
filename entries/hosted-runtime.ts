/**
 * Entry of the hosted core (build/runtime-delivery.ts): every element of the plugin in one file,
 * served from a URL, minus what a page may never need, which loads on first use from chunk files
 * (entries/*-chunk.ts, shared/chunks/). Here that is explicit: the QR code element and the code
 * input are registered as their `.lazy.ts` twins, whose hooks fetch the element's chunk first;
 * inside the Supabase MFA element, elements/supabase-mfa/handlers.ts picks the lazy twins of
 * enrolling and of the security key actions (the build sets `__HOSTED__` for this file and the
 * chunks only). GoTrueClient methods that moved into chunks forward to them
 * (build/auth-method-chunks.ts).
 *
 * The inline runtimes (entries/<name>-runtime.ts) register the same elements, bundled.
 */
import { registerElement } from '../shared/bubble/registry.js';
import { supabaseMfaElement } from '../elements/supabase-mfa/element.js';
import { qrCodeElement } from '../elements/qr-code/element.lazy.js';
import { codeInputElement } from '../elements/code-input/element.lazy.js';

registerElement('supabase_mfa', supabaseMfaElement());
registerElement('qr_code', qrCodeElement);
registerElement('code_input', codeInputElement);
