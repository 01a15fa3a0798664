/**
 * The parts of Bubble's plugin API the runtime uses (docs/bubble-format.md, "Code boxes").
 * Kept minimal and structural so the test harness can provide the same shapes.
 */
export interface BubbleContext {
  /** Plugin keys by CAPTION; secure keys never appear here on the client. */
  keys?: Record<string, string | undefined>;
  reportDebugger?(message: string): void;
  jQuery?: unknown;
}

export interface BubbleInstance {
  canvas: ArrayLike<HTMLElement> & { [index: number]: HTMLElement };
  data: Record<string, unknown>;
  publishState(name: string, value: unknown): void;
  triggerEvent(name: string, callback?: (err?: unknown) => void): void;
}

/** Bubble throws this (message 'not ready') when a dynamic value is still loading. */
export function isNotReady(e: unknown): boolean {
  return e instanceof Error ? e.message === 'not ready' : e === 'not ready';
}
