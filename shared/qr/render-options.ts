/**
 * The builder-facing look of the rendered code, validated in one place. Whatever the builder
 * typed, what comes out is two canonical colours and a small integer.
 */
import { parseColour, parseOpaqueColour } from './colour.js';

export interface QrRenderOptions {
  /** Colour of the dark modules (canonical, see colour.ts). */
  foreground: string;
  /** Colour of the light modules and the quiet zone; always opaque. */
  background: string;
  /** Light modules around the code; 4 is what the QR standard asks for. */
  quietZone: number;
}

export const DEFAULT_RENDER_OPTIONS: Readonly<QrRenderOptions> = {
  foreground: '#000000',
  background: '#ffffff',
  quietZone: 4,
};

export const MAX_QUIET_ZONE = 10;

/** Builder input as it may arrive: any field missing or of any type. */
export type QrRenderInput = { [K in keyof QrRenderOptions]?: unknown };

export function resolveRenderOptions(input: QrRenderInput = {}): QrRenderOptions {
  return {
    foreground: parseColour(input.foreground, DEFAULT_RENDER_OPTIONS.foreground),
    background: parseOpaqueColour(input.background, DEFAULT_RENDER_OPTIONS.background),
    quietZone: clampQuietZone(input.quietZone),
  };
}

/** An integer 0..MAX_QUIET_ZONE; the default (4) for anything that is not a finite number. */
export function clampQuietZone(value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) return DEFAULT_RENDER_OPTIONS.quietZone;
  return Math.min(MAX_QUIET_ZONE, Math.max(0, Math.round(n)));
}
