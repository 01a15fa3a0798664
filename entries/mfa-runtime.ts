/**
 * Entry of the MFA runtime script: the Supabase auth client and the Supabase MFA element. The QR
 * code element is not in it: when that element is on a page, its own header brings the QR
 * runtime. The MFA element carries its own DOMPurify: after Enroll it publishes the QR as
 * sanitised SVG markup (shared/qr/enrollment-qr.ts; in the hosted build inside the enroll chunk).
 */
import { registerElement } from '../shared/bubble/registry.js';
import { supabaseMfaElement } from '../elements/supabase-mfa/element.js';

registerElement('supabase_mfa', supabaseMfaElement());
