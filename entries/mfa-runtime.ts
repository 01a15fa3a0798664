/**
 * Entry of the MFA runtime script: the Supabase auth client, the QR pipeline (for the QR code
 * states) and the Supabase MFA element. The QR code element is not in it: when that element is
 * on a page, its own header brings the QR runtime.
 */
import { registerElement } from '../shared/bubble/registry.js';
import { supabaseMfaElement } from '../elements/supabase-mfa/element.js';
import { prepareSupabaseQr, type QrWindow } from '../shared/qr/index.js';

registerElement(
  'supabase_mfa',
  supabaseMfaElement((source) => prepareSupabaseQr(source, window as unknown as QrWindow)),
);
