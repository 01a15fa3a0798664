/**
 * Bubble's value rules, as the harness applies them: what a state or return value may hold for
 * its declared type, what a code box receives for a field (defaults, checkboxes, dropdowns,
 * lists as Bubble's list object), and copies/comparisons of values for the event snapshots.
 */
import type { FieldSpec } from './plugin-model.js';

export const isDate = (v: unknown): v is Date => Object.prototype.toString.call(v) === '[object Date]';

/** null if `v` is a value Bubble accepts for a state/return of this type, else why not. */
export function checkBubbleValue(type: string, isList: boolean, v: unknown): string | null {
  if (isList) {
    if (!Array.isArray(v)) return `expected a list of ${type}, got ${preview(v)}`;
    for (let i = 0; i < v.length; i++) {
      if (v[i] === null || v[i] === undefined) return `list item ${i} is ${String(v[i])}`;
      const bad = checkBubbleValue(type, false, v[i]);
      if (bad) return `list item ${i}: ${bad}`;
    }
    return null;
  }
  if (v === undefined) return `undefined is not a Bubble value (use null for empty)`;
  if (v === null) return null;
  switch (type) {
    case 'text':
    case 'image':
    case 'file':
      return typeof v === 'string' ? null : `expected ${type} (string|null), got ${preview(v)}`;
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? null : `expected a number|null, got ${preview(v)}`;
    case 'boolean':
      return typeof v === 'boolean' ? null : `expected yes/no (boolean|null), got ${preview(v)}`;
    case 'date':
      return isDate(v) && !Number.isNaN(v.getTime()) ? null : `expected a date (Date|null), got ${preview(v)}`;
    default:
      return null;
  }
}

export function preview(v: unknown): string {
  if (Array.isArray(v)) return `array(${v.length})`;
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (isDate(v)) return `Date(${v.toISOString?.() ?? ''})`;
  return `${typeof v} ${String(v)}`;
}

/** A copy of a state value for snapshots (lists and dates are copied). */
export function copyValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copyValue);
  if (isDate(v)) return new Date(v.getTime());
  return v;
}

export interface BubbleList<T> {
  length(): number;
  get(start: number, length: number): T[];
}

/** Bubble's client-side list object. */
export function bubbleList<T>(items: readonly T[]): BubbleList<T> {
  const copy = [...items];
  return {
    length: () => copy.length,
    get: (start: number, length: number) => copy.slice(start, start + length),
  };
}

/** The value Bubble hands a code box for one field, from what the app builder set. */
export function bubbleFieldValue(f: FieldSpec, raw: unknown): unknown {
  let v = raw;
  if (v === undefined) {
    if (f.default_val !== undefined) v = f.default_val;
    else if (f.editor === 'Checkbox') return false;
    else return null;
  }
  if (v === null) return f.editor === 'Checkbox' ? false : null;
  if (f.is_list) {
    if (!Array.isArray(v)) throw new TypeError(`field ${f.name} is a list: pass an array`);
    return bubbleList(v);
  }
  switch (f.editor) {
    case 'Checkbox':
      if (typeof v === 'boolean') return v;
      if (v === 'true' || v === 'false') return v === 'true';
      throw new TypeError(`field ${f.name} (Checkbox) takes a boolean`);
    case 'Dropdown': {
      const options = (f.options ?? '').split(',').map((o) => o.trim());
      if (typeof v !== 'string' || !options.includes(v)) throw new TypeError(`field ${f.name} (Dropdown) takes one of ${options.join('|')}`);
      return v;
    }
    case 'StaticNumber':
      return Number(v);
    case 'DynamicValue':
      switch (f.value) {
        case 'number':
          if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) && raw === undefined) return Number(v); // default_val is stored as text
          if (typeof v !== 'number') throw new TypeError(`field ${f.name} (number) takes a number`);
          return v;
        case 'boolean':
          if (typeof v !== 'boolean') throw new TypeError(`field ${f.name} (yes/no) takes a boolean`);
          return v;
        case 'date':
          if (!isDate(v)) throw new TypeError(`field ${f.name} (date) takes a Date`);
          return v;
        case 'text':
          if (typeof v !== 'string') throw new TypeError(`field ${f.name} (text) takes a string`);
          return v;
        default:
          return v;
      }
    default:
      return v;
  }
}

/** Equality of state values: dates by time, lists item by item. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (isDate(a) && isDate(b)) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  return a === b;
}
