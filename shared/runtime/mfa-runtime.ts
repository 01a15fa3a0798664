/**
 * Entry of the MFA runtime script: the Supabase auth client, the Supabase MFA element, and
 * (through qr-runtime) the QR pipeline and QR code element, so the MFA element's header is a
 * single script. The QR element's header carries qr-runtime alone.
 */
import './qr-runtime.js';
import { registerElement } from '../bubble/registry.js';
import { supabaseMfaElement } from '../../elements/supabase-mfa/element.js';
import { prepareQr, type QrWindow } from '../qr/index.js';

registerElement('supabase_mfa', supabaseMfaElement(() => (source) => prepareQr(source, window as unknown as QrWindow)));
