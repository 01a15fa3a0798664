/**
 * The code input's fields turned into box settings, with out-of-range numbers replaced by the
 * defaults (and said once in the debugger). Shared by the element and its editor preview.
 */
import type { FailureReporter } from '../../shared/bubble/guard.js';
import type { CodeInputFields } from '../../shared/generated/plugin.js';
import type { BoxSettings } from './boxes.js';
import { CODE_LENGTH } from '../../shared/input-text.js';

const DEFAULT_LABEL = 'Verification code';

/** A whole number within [min, max]; anything else is the default, said once in the debugger. */
function bounded(value: number | null, name: string, min: number, max: number, fallback: number, report: FailureReporter): number {
  if (value === null) return fallback;
  if (Number.isInteger(value) && value >= min && value <= max) return value;
  report(`Supabase MFA code input: ${name} must be a whole number from ${min} to ${max}; using ${fallback}.`);
  return fallback;
}

export function settingsFrom(p: CodeInputFields, report: FailureReporter): BoxSettings {
  return {
    // The server's range, the one the actions check: a code of another length could never be verified.
    length: bounded(p.length, 'Number of digits', CODE_LENGTH.min, CODE_LENGTH.max, 6, report),
    disabled: p.disabled === true,
    label: (p.label ?? '').trim() || DEFAULT_LABEL,
    fontFamily: p.font_family,
    textColour: p.text_colour,
    boxColour: p.box_colour,
    borderColour: p.border_colour,
    focusColour: p.focus_colour,
    errorColour: p.error_colour,
    boxSize: bounded(p.box_size, 'Box size', 16, 120, 48, report),
    gap: bounded(p.gap, 'Gap', 0, 48, 8, report),
    radius: bounded(p.border_radius, 'Border radius', 0, 60, 8, report),
  };
}
