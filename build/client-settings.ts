/**
 * Which auth-js client settings the plugin's code may pass. The build closes auth-js code paths
 * that only a setting the plugin never passes opens (build/legacy-lock.ts, build/plain-storage.ts),
 * so "never passed" must be read strictly: anything the reader is not sure of counts as passed.
 */
import { parse, type Expression, type Node, type SpreadElement } from 'acorn';
import { full } from 'acorn-walk';

/** A word that names the setting, anywhere in a stretch of code (keys, nested objects, values). */
const naming = (setting: string) => new RegExp(`\\b${setting}\\b`);

/** A spread the plugin's settings may use: `...(cond ? { … } : { … })` of literals not naming it. */
function plainSpread(code: string, s: SpreadElement, names: RegExp): boolean {
  const a = s.argument;
  const literal = (e: Expression) => e.type === 'ObjectExpression' && !names.test(code.slice(e.start, e.end));
  return a.type === 'ObjectExpression' ? literal(a) : a.type === 'ConditionalExpression' && literal(a.consequent) && literal(a.alternate);
}

/**
 * The plugin's code may pass `setting` to its auth client: a client created with arguments other
 * than one object literal, one naming the setting, one spreading anything but literals
 * (`...options`; a spread of `cond ? { … } : { … }` is read like the rest of the literal), or
 * through supabase-js's createClient. Code the parser cannot read, or that creates no client,
 * counts as passing it.
 */
export function settingPassed(pluginCode: string, setting: string): boolean {
  if (/\bcreateClient\s*\(/.test(pluginCode)) return true;
  const names = naming(setting);
  let ast: Node;
  try {
    ast = parse(pluginCode, { ecmaVersion: 'latest', sourceType: 'module' });
  } catch {
    return true;
  }
  let created = 0;
  let passed = false;
  full(ast, (n) => {
    if (n.type !== 'NewExpression' || n.callee.type !== 'Identifier' || !['AuthClient', 'GoTrueClient'].includes(n.callee.name)) return;
    created++;
    const [arg, ...rest] = n.arguments;
    const plain =
      rest.length === 0 &&
      arg?.type === 'ObjectExpression' &&
      arg.properties.every((p) => (p.type === 'SpreadElement' ? plainSpread(pluginCode, p, names) : !names.test(pluginCode.slice(p.start, p.end))));
    if (!plain) passed = true;
  });
  return created === 0 || passed;
}
