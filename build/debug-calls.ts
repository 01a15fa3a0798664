/**
 * GoTrueClient logs through `this._debug(…)`, which does nothing unless the client is created with
 * a `debug` setting. Its 60-odd calls carry long message strings (about 1 KB gzip in a page).
 * When the plugin's code never passes `debug`, the build removes those call statements; the
 * `_debug` method itself stays, so anything that still calls it works.
 *
 * Only whole statements are removed (`this._debug(…);` alone from its start to its `;`): a call
 * used as a value is left as it is. Arguments are skipped with a small scanner that knows
 * strings, template literals (with `${…}`), comments and nested brackets, so a `)` inside a
 * message never ends a call early.
 */

const CALL = 'this._debug(';

/**
 * The plugin's code may create its auth client with a `debug` setting: `debug` as a key
 * (`debug:`, shorthand `debug,`, quoted `'debug':`), read by brackets (`['debug']`) or assigned
 * (`.debug =`). Over-approximate: any of these keeps the log statements.
 */
export function debugLoggingUsed(pluginCode: string): boolean {
  return /\bdebug\s*[:,}]|(["'`])debug\1\s*[:\]]|\.\s*debug\s*=[^=]/.test(pluginCode);
}

/** Index just past the bracket that closes the one opened at `open - 1`; -1 if the source ends first. */
export function skipBalanced(src: string, open: number): number {
  const closers: string[] = [')'];
  let i = open;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '"' || c === "'") {
      i = skipQuoted(src, i);
    } else if (c === '`') {
      closers.push('`');
      i++;
      i = skipTemplateText(src, i, closers);
    } else if (c === '/' && src[i + 1] === '/') {
      const nl = src.indexOf('\n', i);
      i = nl < 0 ? src.length : nl;
    } else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      i = end < 0 ? src.length : end + 2;
    } else if (c === '(' || c === '[' || c === '{') {
      closers.push(c === '(' ? ')' : c === '[' ? ']' : '}');
      i++;
    } else if (c === ')' || c === ']' || c === '}') {
      if (closers.pop() !== c) return -1;
      i++;
      if (!closers.length) return i;
      // Back inside a template literal after `${…}`.
      if (c === '}' && closers.at(-1) === '`') i = skipTemplateText(src, i, closers);
    } else {
      i++;
    }
  }
  return -1;
}

function skipQuoted(src: string, start: number): number {
  const q = src[start]!;
  let i = start + 1;
  while (i < src.length && src[i] !== q) i += src[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** From inside a template literal's text: past its closing backtick, or just past a `${`. */
function skipTemplateText(src: string, start: number, closers: string[]): number {
  let i = start;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\') i += 2;
    else if (c === '`') {
      closers.pop();
      return i + 1;
    } else if (c === '$' && src[i + 1] === '{') {
      closers.push('}');
      return i + 2;
    } else i++;
  }
  return i;
}

/**
 * The code before `lineStart` ends a statement or opens/closes a block, skipping blank and `//`
 * lines: so the call is a statement of its own, never the body of a brace-less `if`/`else`. A
 * line with a comment after its code is not read past (its `;` may be in the comment): no.
 */
function afterStatement(source: string, lineStart: number): boolean {
  for (let end = lineStart - 1; end > 0; ) {
    const start = source.lastIndexOf('\n', end - 1) + 1;
    const line = source.slice(start, end).trim();
    if (line !== '' && !line.startsWith('//')) return /[;{}]$/.test(line) && !line.includes('//') && !line.includes('/*');
    end = start - 1;
  }
  return true;
}

/**
 * What follows the statement cannot join the code before it once the statement is gone: code
 * starting with ( [ ` + - or / would continue the previous line when no semicolon ends it (ASI).
 */
function safeToJoin(source: string, after: number): boolean {
  let i = after;
  for (;;) {
    while (i < source.length && /\s/.test(source[i]!)) i++;
    if (source.startsWith('//', i)) i = source.indexOf('\n', i) < 0 ? source.length : source.indexOf('\n', i);
    else if (source.startsWith('/*', i)) i = source.indexOf('*/', i) < 0 ? source.length : source.indexOf('*/', i) + 2;
    else break;
  }
  return i >= source.length || !'([`+-/'.includes(source[i]!);
}

/**
 * `source` without its `this._debug(…);` statements (each becomes the blank lines it spanned, so
 * every other line keeps its number), and how many went.
 */
export function withoutDebugCalls(source: string): { code: string; removed: number } {
  let out = '';
  let from = 0;
  let removed = 0;
  for (let at = source.indexOf(CALL); at >= 0; at = source.indexOf(CALL, at + 1)) {
    if (at < from) continue;
    const lineStart = source.lastIndexOf('\n', at) + 1;
    const statementStart = /^\s*$/.test(source.slice(lineStart, at)) && afterStatement(source, lineStart);
    const end = skipBalanced(source, at + CALL.length);
    if (!statementStart || end < 0 || source[end] !== ';' || !safeToJoin(source, end + 1)) continue;
    out += source.slice(from, lineStart) + source.slice(lineStart, end + 1).replace(/[^\n]+/g, '');
    from = end + 1;
    removed++;
  }
  return { code: out + source.slice(from), removed };
}
