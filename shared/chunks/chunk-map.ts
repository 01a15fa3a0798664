/**
 * Attribute of the hosted element headers' script tag: {chunk file name: {src, integrity}} as JSON.
 * The build writes it (build/runtime-delivery.ts); the chunk loader reads it (registry.ts).
 */
export const CHUNK_MAP_ATTRIBUTE = 'data-supabase-mfa-chunks';
