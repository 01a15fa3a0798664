/**
 * Bytes to and from base64, with the browser's own btoa/atob (no library): the one place the
 * plugin turns bytes into the "binary string" those functions take.
 */

/** Bytes as padded base64. String.fromCharCode.apply takes a typed array as an array-like, without the iterator protocol. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x2000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x2000) as unknown as number[]);
  return btoa(binary);
}

/** base64url's two letters as base64's (padding is left as it is: atob takes it or not). */
export function fromBase64Url(text: string): string {
  return text.replace(/-/g, '+').replace(/_/g, '/');
}

/** The bytes of base64 text (padded or not), or null when atob refuses it. */
export function base64ToBytes(base64: string): Uint8Array | null {
  let binary: string;
  try {
    binary = atob(base64);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
