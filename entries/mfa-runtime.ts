/**
 * Entry of the MFA runtime script: the Supabase auth client, the QR pipeline (for the QR code
 * states) and the Supabase MFA element. The QR code element is not in it: when that element is
 * on a page, its own header brings the QR runtime. In the hosted runtime the QR pipeline is a
 * chunk loaded the first time a TOTP factor is enrolled (shared/qr/pipeline.ts).
 */
import { registerElement } from '../shared/bubble/registry.js';
import { supabaseMfaElement } from '../elements/supabase-mfa/element.js';
import { loadPrepareSupabaseQr, prepareSupabaseQrNow } from '../shared/qr/pipeline.js';
import type { QrWindow } from '../shared/qr/prepare-qr.js';

const win = () => window as unknown as QrWindow;

registerElement(
  'supabase_mfa',
  supabaseMfaElement((source) => {
    const prepare = prepareSupabaseQrNow();
    if (prepare) return prepare(source, win());
    return loadPrepareSupabaseQr().then((loaded) => (loaded.error ? loaded : loaded.data(source, win())));
  }),
);
