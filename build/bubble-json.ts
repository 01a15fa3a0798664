/**
 * JSON the way Bubble's GitHub sync writes it: keys sorted (by code unit, at every level),
 * 4-space indent, no final newline. Writing the same bytes means a sync round trip (push to
 * Bubble, Bubble writes back) shows no diff. See docs/bubble-format.md ("JSON habits").
 */
export function bubbleJson(value: unknown): string {
  return write(value, '');
}

function write(value: unknown, indent: string): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`bubbleJson: ${String(value)} has no JSON form`);
    return text;
  }
  const inner = `${indent}    `;
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    return `[\n${value.map((v) => inner + write(v, inner)).join(',\n')}\n${indent}]`;
  }
  // Object.keys would put integer-like keys ("0", "1", …) first in numeric order; Bubble sorts
  // them as text like every other key.
  const keys = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (!keys.length) return '{}';
  return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${write((value as Record<string, unknown>)[k], inner)}`).join(',\n')}\n${indent}}`;
}
