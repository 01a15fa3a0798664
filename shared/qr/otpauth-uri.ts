/**
 * An authenticator app's set-up link as Supabase writes it: `otpauth://totp/…`, with nothing a
 * page could read as markup or a second URI (no whitespace, quotes, backquotes or angle brackets).
 * Checked before the link is published (a builder binds it to a link) or drawn as a QR code.
 */
export function isOtpauthTotpUri(text: unknown): text is string {
  return typeof text === 'string' && text.startsWith('otpauth://totp/') && !/[\s<>"'`]/.test(text);
}
