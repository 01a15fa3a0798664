/**
 * The plugin's keys as Bubble hands them out: header placeholders, the client's context.keys
 * (client-safe keys only) and a server action's context.keys (every key). Reading a secure key in
 * the browser, or a key the plugin does not declare, is a violation.
 */
import type { KeySpec, PluginModel } from './plugin-model.js';
import type { Violate } from './records.js';

/** Key values by caption; blank values are left out, as Bubble does. */
export type KeyValues = Record<string, string | undefined>;

/** Key values given by caption or key ID, by caption; throws on a key the plugin lacks (test misuse). */
export function keysByCaption(model: PluginModel, keys: KeyValues): KeyValues {
  const out: KeyValues = {};
  for (const [k, v] of Object.entries(keys)) {
    const spec = model.keys.find((x) => x.caption === k || x.id === k);
    if (!spec) throw new TypeError(`test error: the plugin has no key "${k}" (have: ${model.keys.map((x) => x.caption).join(', ')})`);
    if (v !== undefined && v !== null && v !== '') out[spec.caption] = v;
  }
  return out;
}

/** `_*_KEY CAPTION_*_` in a header becomes the key's value (visible to anyone: secure keys must never appear). */
export function substituteKeys(html: string, model: PluginModel, keys: KeyValues, violate: Violate, where: string): string {
  return html.replace(/_\*_(.+?)_\*_/g, (_m, caption: string) => {
    const k: KeySpec | undefined = model.keys.find((x) => x.caption === caption);
    if (!k) {
      violate('header', where, `placeholder _*_${caption}_*_ names no key`);
      return '';
    }
    if (k.type === 'secure') violate('secure_key_read', where, `a header substitutes the secure key "${caption}" into the page`);
    return keys[caption] ?? '';
  });
}

/** context.keys in the browser: only client_safe ones; reading a secure or undeclared key is a violation. */
export function clientKeys(model: PluginModel, keys: KeyValues, violate: Violate, where: string): Record<string, string> {
  const target: Record<string, string> = {};
  const secure = new Set<string>();
  const declared = new Set<string>();
  for (const k of model.keys) {
    declared.add(k.caption);
    if (k.type === 'secure') secure.add(k.caption);
    else if (keys[k.caption] !== undefined) target[k.caption] = keys[k.caption]!;
  }
  const check = (p: string | symbol) => {
    if (typeof p === 'symbol') return;
    if (secure.has(p)) violate('secure_key_read', where, `context.keys["${p}"] is a secure key: it never reaches the browser`);
    else if (!declared.has(p)) violate('undeclared_key', where, `context.keys["${p}"] is not a key of this plugin`);
  };
  return new Proxy(target, {
    get: (t, p, r) => {
      check(p);
      return Reflect.get(t, p, r);
    },
    has: (t, p) => {
      check(p);
      return Reflect.has(t, p);
    },
  });
}

/** context.keys on the server: every key, secure ones included (by caption or ID in `source`); an undeclared one is a violation. */
export function serverKeys(model: PluginModel, source: KeyValues, violate: Violate, where: string): Record<string, string> {
  const keyValues: Record<string, string> = {};
  for (const k of model.keys) {
    const v = source[k.caption] ?? source[k.id];
    if (v) keyValues[k.caption] = v;
  }
  const declared = new Set(model.keys.map((k) => k.caption));
  return new Proxy(keyValues, {
    get: (t, p, r) => {
      if (typeof p === 'string' && !declared.has(p)) violate('undeclared_key', where, `context.keys["${p}"] is not a key of this plugin`);
      return Reflect.get(t, p, r);
    },
  });
}
