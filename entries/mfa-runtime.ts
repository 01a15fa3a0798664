/**
 * Entry of the MFA runtime script: the Supabase auth client, the QR pipeline (for the QR code
 * states) and the Supabase MFA element. The QR code element is not in it: when that element is
 * on a page, its own header brings the QR runtime. In the hosted runtime the QR pipeline is a
 * chunk loaded the first time a TOTP factor is enrolled (shared/qr/pipeline.ts).
 */
import { registerElement } from '../shared/bubble/registry.js';
import { supabaseMfaElement } from '../elements/supabase-mfa/element.js';
import { loadQrPipeline, qrPipelineNow } from '../shared/qr/pipeline.js';
import type { QrWindow } from '../shared/qr/prepare-qr.js';

const win = () => window as unknown as QrWindow;

registerElement(
  'supabase_mfa',
  supabaseMfaElement((source) => {
    const now = qrPipelineNow();
    if (now) return now.prepareSupabaseQr(source, win());
    return loadQrPipeline().then((pipeline) => (pipeline.error ? pipeline : pipeline.data.prepareSupabaseQr(source, win())));
  }),
);
