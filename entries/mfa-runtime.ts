/**
 * Entry of the MFA runtime script: the Supabase auth client and the Supabase MFA element. The QR
 * code element is not in it: when that element is on a page, its own header brings the QR
 * runtime (and DOMPurify, which the MFA element does without: it publishes no markup, see
 * shared/qr/supabase-qr-code.ts).
 */
import { registerElement } from '../shared/bubble/registry.js';
import { supabaseMfaElement } from '../elements/supabase-mfa/element.js';

registerElement('supabase_mfa', supabaseMfaElement());
