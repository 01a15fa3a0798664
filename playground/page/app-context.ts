/**
 * What the parts of the playground page share: the harness, the two element instances, the page's
 * custom states (Bubble: "set state" on the page), and the workflow steps every group uses.
 */
import { BubbleHarness, type ElementInstance, type FieldValues } from '../../dev/bubble-harness/in-page.js';
import type { PlaygroundPageConfig } from './config.js';

/** The harness, told when anything changes (Bubble re-evaluates conditions on every publish). */
export class PlaygroundHarness extends BubbleHarness {
  onChange: (() => void) | null = null;
  override refreshConditions(): void {
    super.refreshConditions();
    this.onChange?.();
  }
  override nextSeq(): number {
    const n = super.nextSeq();
    this.onChange?.(); // an event is being recorded
    return n;
  }
}

export type NoteKind = 'info' | 'ok' | 'error';

/** The page's custom states. */
export interface PageState {
  setupOpen: boolean;
  setupTab: 'totp' | 'phone' | 'key';
  /** A phone set-up is in progress: when the factor is enrolled, send the SMS. */
  phoneSetup: boolean;
  note: { text: string; kind: NoteKind } | null;
  /** Where the running step's error shows: the slot under the form that started it (Bubble: a text next to the input). */
  errorSlot: string | null;
  /** The error shown in that slot. */
  fieldError: { slot: string; text: string } | null;
  /** A verified factor whose Remove was clicked: the confirmation is showing. */
  confirmRemove: string | null;
  smsPhone: string;
  /** Harness events the workflows have handled. */
  processedEvents: number;
}

/** The places a code is typed, each a Supabase MFA code input. */
export type CodePlace = 'totp' | 'phone' | 'challenge' | 'sms';

export interface App {
  config: PlaygroundPageConfig;
  harness: PlaygroundHarness;
  mfa: ElementInstance;
  /** The how-to's Bubble HTML element: its content is MFA's QR code (SVG) (setup.ts). */
  qrHtml: HTMLElement;
  codeInputs: Record<CodePlace, ElementInstance>;
  page: PageState;
  /** Runs the workflows for new events and renders, once, after the current task. */
  schedule(): void;
  /** Re-evaluates the page's conditions now. */
  render(): void;
  /** The status line. */
  note(text: string, kind?: NoteKind): void;
  /**
   * A workflow step "Supabase MFA: <action>" by the action's name (captions may change, names do
   * not); returns at once, like Bubble. `pending`: a "…" note; `slot`: where an error of this step shows.
   */
  run(action: string, props?: FieldValues, pending?: string | null, slot?: string | null): void;
}

/** What the code input at `k` holds. */
export function typedCode(app: App, k: CodePlace): string {
  return String(app.codeInputs[k].states.code ?? '');
}

/** Every code input empty (Code input: Clear). */
export function clearCodes(app: App): void {
  for (const el of Object.values(app.codeInputs)) el.runAction('clear');
}
