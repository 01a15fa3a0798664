/**
 * Bubble's `properties` argument: every declared field by name (with Bubble's defaults and value
 * shapes), plus `bubble` style getters for update and preview. Reading anything else is a
 * violation; reading a field whose data is loading throws Bubble's 'not ready'.
 */
import { bubbleFieldValue } from './bubble-values.js';
import type { FieldSpec } from './plugin-model.js';
import type { CallRecord, FieldValues, Violate } from './records.js';

/** What the properties need of the element instance they are read for. */
export interface PropertiesOwner {
  readonly canvas: HTMLElement;
  readonly loading: ReadonlySet<string>;
}

const STYLE_GETTERS = [
  'width',
  'height',
  'font_face',
  'font_size',
  'font_color',
  'font_alignment',
  'bgcolor',
  'border_color',
  'border_width',
  'border_style',
  'border_roundness',
  'padding_top',
  'padding_left',
  'padding_right',
  'padding_bottom',
];

function styleGetters(canvas: HTMLElement): Record<string, () => unknown> {
  const style: Record<string, () => unknown> = {};
  for (const g of STYLE_GETTERS)
    style[g] = () =>
      g === 'width' ? canvas.offsetWidth || parseInt(canvas.style.width, 10) : g === 'height' ? canvas.offsetHeight || parseInt(canvas.style.height, 10) : null;
  return style;
}

export function bubbleProperties(opts: {
  owner: PropertiesOwner | null;
  fields: FieldSpec[];
  values: FieldValues;
  call: CallRecord;
  withStyle: boolean;
  violate: Violate;
  /** The page's Error (Bubble throws its 'not ready' from the page). */
  PageError: ErrorConstructor;
}): Record<string, unknown> {
  const { owner, call, violate } = opts;
  const target: Record<string, unknown> = {};
  for (const f of opts.fields) target[f.name] = bubbleFieldValue(f, opts.values[f.name]);
  if (opts.withStyle && owner) target.bubble = styleGetters(owner.canvas);
  const declared = new Set(Object.keys(target));
  return new Proxy(target, {
    get: (t, p, r) => {
      if (typeof p === 'symbol') return Reflect.get(t, p, r);
      if (!declared.has(p)) {
        violate('undeclared_property', call.where, `properties.${p} is not a field of this code box (fields: ${[...declared].join(', ') || 'none'})`);
        return undefined;
      }
      if (owner?.loading.has(p)) {
        if (call.done)
          violate(
            'not_ready_after_return',
            call.where,
            `properties.${p} was read after the code box returned, while its data was loading: Bubble cannot re-run it`,
          );
        call.notReadyHit = true;
        throw new opts.PageError('not ready');
      }
      return Reflect.get(t, p, r);
    },
    set: (_t, p) => {
      violate('undeclared_property', call.where, `properties.${String(p)} was assigned: Bubble's properties are read-only`);
      return true;
    },
  });
}
