/**
 * What the harness records about a plugin, and the shapes its parts share. Types only.
 */

/** A page window as the harness uses it: a DOM window, with jQuery (Bubble pages always have it). */
export type HarnessWindow = Window & typeof globalThis & { jQuery?: JQueryLike; fetch?: typeof fetch };
export type JQueryLike = ((el: unknown) => ArrayLike<HTMLElement>) & { fn?: { jquery?: string } };

export type ViolationKind =
  | 'undeclared_state'
  | 'wrong_state_type'
  | 'undeclared_event'
  | 'undeclared_property'
  | 'secure_key_read'
  | 'undeclared_key'
  | 'threw'
  | 'rejected'
  | 'swallowed_not_ready'
  | 'not_ready_after_return'
  | 'bad_return'
  | 'header'
  | 'uncaught';

export interface Violation {
  kind: ViolationKind;
  /** e.g. "My Element A / update" */
  where: string;
  detail: string;
}

/** Records a violation (the harness's `violate`). */
export type Violate = (kind: ViolationKind, where: string, detail: string) => void;

export interface EventRecord {
  seq: number;
  instance: string;
  event: string;
  /** Copy of the instance's states at the moment the event fired. */
  states: Record<string, unknown>;
  at: number;
}

export interface DebugRecord {
  instance: string;
  where: string;
  message: string;
}

export interface RequestRecord {
  method: string;
  url: string;
  at: number;
}

/** Values for fields, keyed by field `name`. undefined/absent = not set (Bubble applies default_val); null = set to empty. */
export type FieldValues = Record<string, unknown>;

/** One run of one code box. */
export interface CallRecord {
  where: string;
  /** The box read a field whose data is loading (Bubble threw 'not ready' into it). */
  notReadyHit: boolean;
  /** The box has returned (a later read can no longer stop it). */
  done: boolean;
}
