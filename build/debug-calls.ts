/**
 * GoTrueClient logs through `this._debug(…)`, which does nothing unless the client is created with
 * a `debug` setting. Its 60-odd calls carry long message strings (about 1 KB gzip in a page).
 * When the plugin's code never passes `debug`, the build removes those call statements; the
 * `_debug` method itself stays, so anything that still calls it works.
 *
 * Only whole statements of a statement list are removed (`this._debug(…);` in a block), found by
 * parsing the source (acorn): a call used as a value, or the body of an `if` without braces, is
 * left as it is. Each becomes an empty statement `;`, so the code around it can never be joined by
 * automatic semicolon insertion.
 */
import { parse, type AnyNode, type Statement } from 'acorn';
import { full } from 'acorn-walk';

/**
 * The plugin's code may create its auth client with a `debug` setting: `debug` as a key
 * (`debug:`, shorthand `debug,`, quoted `'debug':`), read by brackets (`['debug']`) or assigned
 * (`.debug =`). Over-approximate: any of these keeps the log statements.
 */
export function debugLoggingUsed(pluginCode: string): boolean {
  return /\bdebug\s*[:,}]|(["'`])debug\1\s*[:\]]|\.\s*debug\s*=[^=]/.test(pluginCode);
}

/** `this._debug(…);` as a statement of its own. */
function isDebugStatement(s: AnyNode): boolean {
  if (s.type !== 'ExpressionStatement' || s.expression.type !== 'CallExpression') return false;
  const callee = s.expression.callee;
  return (
    callee.type === 'MemberExpression' &&
    !callee.computed &&
    !callee.optional &&
    callee.object.type === 'ThisExpression' &&
    callee.property.type === 'Identifier' &&
    callee.property.name === '_debug'
  );
}

/** The statements of a statement list (a block, the module, a switch case, a static block). */
function statementList(n: AnyNode): ReadonlyArray<Statement | AnyNode> {
  if (n.type === 'BlockStatement' || n.type === 'StaticBlock' || n.type === 'Program') return n.body;
  return n.type === 'SwitchCase' ? n.consequent : [];
}

/**
 * `source` without its `this._debug(…);` statements (each becomes `;` and the line breaks it
 * spanned, so every other line keeps its number), and how many went.
 */
export function withoutDebugCalls(source: string): { code: string; removed: number } {
  const ast = parse(source, { ecmaVersion: 'latest', sourceType: 'module' });
  const gone: Array<{ start: number; end: number }> = [];
  full(ast, (n) => {
    for (const s of statementList(n)) if (isDebugStatement(s)) gone.push({ start: s.start, end: s.end });
  });
  gone.sort((a, b) => a.start - b.start);
  let code = '';
  let at = 0;
  for (const g of gone) {
    code += `${source.slice(at, g.start)};${source.slice(g.start, g.end).replace(/[^\n]/g, '')}`;
    at = g.end;
  }
  return { code: code + source.slice(at), removed: gone.length };
}
