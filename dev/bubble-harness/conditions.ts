/**
 * The page's conditional groups ("This element is visible when …"): an element with
 * `data-show-when="<instance>.<state> == <value>"` (or `!=`) is shown only while that holds.
 * Values compare as Bubble's editor writes them: yes/no for booleans, empty for nothing, lists
 * joined with commas.
 */

/** What a condition reads of an element instance. */
export interface ConditionSource {
  readonly name: string;
  readonly states: Record<string, unknown>;
}

function conditionText(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return Array.isArray(v) ? v.join(',') : String(v);
}

/** Whether `expr` holds; an expression that is malformed or names no instance is false. */
export function evaluateCondition(expr: string, instances: readonly ConditionSource[]): boolean {
  const m = /^\s*([\w-]+)\.(\w+)\s*(==|!=)\s*(.*?)\s*$/.exec(expr);
  if (!m) return false;
  const inst = instances.find((i) => i.name === m[1]);
  if (!inst) return false;
  const equal = conditionText(inst.states[m[2]!]) === m[4];
  return m[3] === '==' ? equal : !equal;
}

/** Shows or hides every `[data-show-when]` element of `doc`. */
export function refreshConditions(doc: Document, instances: readonly ConditionSource[]): void {
  for (const el of Array.from(doc.querySelectorAll<HTMLElement>('[data-show-when]'))) {
    const show = evaluateCondition(el.getAttribute('data-show-when') ?? '', instances);
    el.hidden = !show;
    el.style.display = show ? '' : 'none';
  }
}
