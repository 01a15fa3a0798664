/**
 * auth-js keeps a legacy lock path for callers that pass a custom `lock` client setting (marked
 * for removal in its v3): without one, `this.lock` stays null, so every `if (this.lock != null)`
 * block and `_acquireLock` never run. When the plugin's code creates its client without `lock`,
 * the build turns those tests into `false` (esbuild then drops the blocks) and the trim plan
 * stubs what only they reached. About 0.3 KB gzip in every page.
 *
 * The build stops if auth-js starts setting `this.lock` in another way than the two assignments
 * this relies on (null in the constructor; the setting, inside `if (settings.lock != null)`).
 */
import { parse, type Expression, type Node, type SpreadElement } from 'acorn';
import { full } from 'acorn-walk';

/** An object literal that names no `lock` (keys, nested objects, anywhere in its text). */
function namesNoLock(code: string, obj: Node): boolean {
  return !/\block\b/.test(code.slice(obj.start, obj.end));
}

/** A spread the plugin's settings may use: `...(cond ? { … } : { … })` of literals naming no lock. */
function plainSpread(code: string, s: SpreadElement): boolean {
  const a = s.argument;
  const literal = (e: Expression) => e.type === 'ObjectExpression' && namesNoLock(code, e);
  return a.type === 'ObjectExpression' ? namesNoLock(code, a) : a.type === 'ConditionalExpression' && literal(a.consequent) && literal(a.alternate);
}

/**
 * The plugin's code may pass a `lock` setting: a client created with arguments other than one
 * object literal, one naming `lock`, one spreading anything but literals (`...options`; a spread
 * of `cond ? { … } : { … }` is read like the rest of the literal), or through supabase-js's
 * createClient. Code the parser cannot read counts as passing one (the legacy path stays).
 */
export function customLockPassed(pluginCode: string): boolean {
  if (/\bcreateClient\s*\(/.test(pluginCode)) return true;
  let ast: Node;
  try {
    ast = parse(pluginCode, { ecmaVersion: 'latest', sourceType: 'module' });
  } catch {
    return true;
  }
  let created = 0;
  let custom = false;
  full(ast, (n) => {
    if (n.type !== 'NewExpression' || n.callee.type !== 'Identifier' || !['AuthClient', 'GoTrueClient'].includes(n.callee.name)) return;
    created++;
    const [arg, ...rest] = n.arguments;
    const plain =
      rest.length === 0 &&
      arg?.type === 'ObjectExpression' &&
      arg.properties.every((p) => (p.type === 'SpreadElement' ? plainSpread(pluginCode, p) : !/\block\b/.test(pluginCode.slice(p.start, p.end))));
    if (!plain) custom = true;
  });
  return created === 0 || custom;
}

/** GoTrueClient.js with the legacy lock tests made `false` (same lines). */
export function withoutLegacyLock(source: string): string {
  const assignments = [...source.matchAll(/\bthis\.lock = ([^;]+);/g)].map((m) => m[1]);
  if (assignments.length !== 2 || assignments[0] !== 'null' || assignments[1] !== 'settings.lock' || !source.includes('if (settings.lock != null) {')) {
    throw new Error("auth-js's GoTrueClient now sets this.lock differently; update build/legacy-lock.ts.");
  }
  return source.replace(/\b(this|settings)\.lock != null\b/g, 'false');
}
