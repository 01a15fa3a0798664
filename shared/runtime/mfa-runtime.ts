/**
 * Entry of the MFA runtime script (the Supabase auth client + the Supabase MFA element).
 * The element's header loads the QR runtime first; its prepareQr is looked up at call time.
 */
import { registerElement, registry } from '../bubble/registry.js';
import { supabaseMfaElement } from '../../elements/supabase-mfa/element.js';
import type { QrPreparer } from '../../actions/enroll-factor.js';
import type { prepareQr as PrepareQr } from '../qr/index.js';
import { MfaError } from '../errors.js';

function qrPreparer(): QrPreparer {
  const prepare = registry().services.prepareQr as typeof PrepareQr | undefined;
  if (!prepare) {
    return () => ({ data: null, error: new MfaError('invalid_qr', 'The QR runtime did not load, so the QR code cannot be shown.') });
  }
  return (source) => prepare(source, window as Window & typeof globalThis);
}

registerElement('supabase_mfa', supabaseMfaElement(qrPreparer));
