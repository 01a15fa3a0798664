/**
 * The hosted runtime's chunk files and the exports each registers, in one place: the chunk entries
 * (entries/*-chunk.ts) register by these names, the loaders load by them, and the build makes one
 * file per key (build/bundle.ts checks that its chunk list is this one). A name that is not here,
 * or asked of the wrong file, does not compile.
 */
export const CHUNK_FILES = {
  qr: ['qr-code'],
  'code-input': ['code-input'],
  'sign-up': ['gotrue-sign-up'],
  enroll: ['enrollment-qr', 'gotrue-enroll'],
  'set-session': ['gotrue-set-session'],
  'email-link': ['gotrue-email-link'],
  webauthn: ['webauthn', 'webauthn-actions', 'gotrue-passkeys'],
} as const;

export type ChunkFile = keyof typeof CHUNK_FILES;
/** What the chunk file F registers. */
export type ChunkName<F extends ChunkFile = ChunkFile> = (typeof CHUNK_FILES)[F][number];

/**
 * Attribute of the hosted element headers' script tag: {chunk file: {src, integrity}} as JSON.
 * The build writes it (build/runtime-delivery.ts); the chunk loader reads it (registry.ts).
 */
export const CHUNK_MAP_ATTRIBUTE = 'data-supabase-mfa-chunks';
