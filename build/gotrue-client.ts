/**
 * GoTrueClient.js (auth-js's client class, as the package ships it) read with a JavaScript parser
 * (acorn), for the auth trim: its members with their source ranges, the methods its constructor
 * exposes through `.bind(this)` objects (`this.mfa = { verify: this._verify.bind(this), … }`), the
 * settings it copies (`this.x = settings.x`) and the `if` blocks that only run when one of them is
 * on. Nothing here depends on how the file is formatted. What it cannot read the way the trim
 * needs (no class GoTrueClient, a computed or private member name, a default export other than
 * the class) stops the build with a message that names this file: see
 * docs/upgrading-supabase-js.md.
 */
import { parse, type AnyNode, type ClassDeclaration, type Expression, type MethodDefinition, type ObjectExpression, type Program } from 'acorn';
import { full } from 'acorn-walk';

export interface ClassMember {
  name: string;
  /** The member's source range [start, end), signature to closing brace. */
  start: number;
  end: number;
  /** A method's body block `{ … }` [start, end); absent for class fields. */
  body?: { start: number; end: number };
  async: boolean;
  /** Plain method (not a constructor, accessor, field or static member): the only kind ever stubbed or moved. */
  stubbable: boolean;
}

/** A constructor-bound entry, e.g. path ['mfa', 'enroll'] → method '_enroll'. */
export interface BoundEntry {
  path: string[];
  method: string;
  /** Source range of the entry (`enroll: this._enroll.bind(this)`): it exposes the method, it calls nothing. */
  start: number;
  end: number;
}

/** `if (a && this.setting && b) { … }`: its block runs only when every term is true. */
export interface GatedBlock {
  /** The `if`, its condition and its block, up to an `else` (which runs when the block does not). */
  start: number;
  end: number;
  /** Each term of the condition's && chain: `this.<name>` as the name, `false` as false, anything else as null. */
  terms: Array<string | false | null>;
}

export interface GoTrueClientSource {
  source: string;
  /** `source` with every comment blanked (same offsets): what names are read from. */
  code: string;
  /** The class declaration's range. */
  classStart: number;
  classEnd: number;
  /** Module-level statements that run code before the class (e.g. `polyfillGlobalThis();`), not declarations or imports. */
  topLevelEffects: Array<{ start: number; end: number }>;
  members: ClassMember[];
  bound: BoundEntry[];
  /** Names the constructor copies from its settings: `this.x = settings.x`. */
  fromSettings: string[];
  gated: GatedBlock[];
}

const WHERE = 'build/gotrue-client.ts';

function unreadable(what: string): Error {
  return new Error(`auth-js: ${what} in GoTrueClient.js; ${WHERE} needs updating (docs/upgrading-supabase-js.md).`);
}

const isThisMember = (n: AnyNode | Expression | null | undefined): n is Extract<Expression, { type: 'MemberExpression' }> =>
  n?.type === 'MemberExpression' && n.object.type === 'ThisExpression' && !n.computed && n.property.type === 'Identifier';

const thisMemberName = (n: AnyNode | Expression | null | undefined): string | null =>
  isThisMember(n) && n.property.type === 'Identifier' ? n.property.name : null;

/** `this.<method>.bind(this)` → the method's name, else null. */
function boundMethod(n: AnyNode): string | null {
  if (n.type !== 'CallExpression' || n.arguments.length !== 1 || n.arguments[0]!.type !== 'ThisExpression') return null;
  const callee = n.callee;
  if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier' || callee.property.name !== 'bind') return null;
  return thisMemberName(callee.object);
}

/** A property key as a plain name (`a:` or `'a':`), else null. */
function keyName(key: AnyNode): string | null {
  if (key.type === 'Identifier') return key.name;
  return key.type === 'Literal' && typeof key.value === 'string' ? key.value : null;
}

/** Every `x = { … }` / `this.x = { … }` in the constructor, followed into nested objects. */
function boundEntries(ctor: MethodDefinition): BoundEntry[] {
  const entries: BoundEntry[] = [];
  const visit = (obj: ObjectExpression, path: string[]) => {
    for (const p of obj.properties) {
      if (p.type !== 'Property' || p.computed) continue;
      const key = keyName(p.key);
      if (key === null) continue;
      if (p.value.type === 'ObjectExpression') visit(p.value, [...path, key]);
      const method = boundMethod(p.value);
      if (method) entries.push({ path: [...path, key], method, start: p.start, end: p.end });
    }
  };
  full(ctor.value.body, (n) => {
    if (n.type !== 'AssignmentExpression' || n.operator !== '=' || n.right.type !== 'ObjectExpression') return;
    const name = n.left.type === 'Identifier' ? n.left.name : thisMemberName(n.left);
    if (name) visit(n.right, [name]);
  });
  return entries;
}

/** `a && b && c` → [a, b, c]. */
function andTerms(e: Expression): Expression[] {
  return e.type === 'LogicalExpression' && e.operator === '&&' ? [...andTerms(e.left), ...andTerms(e.right)] : [e];
}

function gatedBlocks(cls: ClassDeclaration): GatedBlock[] {
  const out: GatedBlock[] = [];
  full(cls.body, (n) => {
    if (n.type !== 'IfStatement') return;
    const terms = andTerms(n.test).map((t) => (t.type === 'Literal' && t.value === false ? false : thisMemberName(t)));
    out.push({ start: n.start, end: n.consequent.end, terms });
  });
  return out;
}

function member(m: ClassDeclaration['body']['body'][number]): ClassMember {
  if (m.type === 'StaticBlock') return { name: 'static', start: m.start, end: m.end, async: false, stubbable: false };
  if (m.computed || m.key.type !== 'Identifier') throw unreadable(`a class member with a computed or private name (at offset ${m.start})`);
  const name = m.key.name;
  if (m.type === 'PropertyDefinition') return { name, start: m.start, end: m.end, async: false, stubbable: false };
  const body = m.value.body;
  return {
    name,
    start: m.start,
    end: m.end,
    body: { start: body.start, end: body.end },
    async: m.value.async,
    stubbable: m.kind === 'method' && !m.static,
  };
}

export function parseGoTrueClient(source: string): GoTrueClientSource {
  const comments: Array<[number, number]> = [];
  let ast: Program;
  try {
    ast = parse(source, { ecmaVersion: 'latest', sourceType: 'module', onComment: (_block, _text, start, end) => comments.push([start, end]) });
  } catch (e) {
    throw unreadable(`a syntax the parser does not read (${(e as Error).message})`);
  }
  const code = blanked(
    source,
    0,
    comments.map(([start, end]) => ({ start, end })),
  );
  const cls = ast.body.find((n): n is ClassDeclaration => n.type === 'ClassDeclaration' && n.id?.name === 'GoTrueClient');
  if (!cls) throw unreadable('no class GoTrueClient');
  const exported = ast.body.find((n) => n.type === 'ExportDefaultDeclaration');
  if (exported?.type !== 'ExportDefaultDeclaration' || exported.declaration.type !== 'Identifier' || exported.declaration.name !== 'GoTrueClient') {
    throw unreadable('a default export other than the class GoTrueClient');
  }
  const members = cls.body.body.map(member);
  const ctor = cls.body.body.find((m): m is MethodDefinition => m.type === 'MethodDefinition' && m.kind === 'constructor');
  if (!ctor) throw unreadable('no constructor of GoTrueClient');
  const fromSettings: string[] = [];
  full(ctor.value.body, (n) => {
    if (n.type !== 'AssignmentExpression' || n.operator !== '=' || n.right.type !== 'MemberExpression') return;
    const name = thisMemberName(n.left);
    const r = n.right;
    if (name && !r.computed && r.object.type === 'Identifier' && r.object.name === 'settings' && r.property.type === 'Identifier' && r.property.name === name) {
      fromSettings.push(name);
    }
  });
  const topLevelEffects = ast.body.filter((n) => n.end <= cls.start && n.type === 'ExpressionStatement').map((n) => ({ start: n.start, end: n.end }));
  return { source, code, classStart: cls.start, classEnd: cls.end, topLevelEffects, members, bound: boundEntries(ctor), fromSettings, gated: gatedBlocks(cls) };
}

/** `source` with each range [start, end) replaced by its text (ranges must not overlap). */
export function withEdits(source: string, edits: ReadonlyArray<{ start: number; end: number; text: string }>): string {
  let out = '';
  let at = 0;
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    if (e.start < at) throw new Error(`${WHERE}: overlapping edits of GoTrueClient.js at offset ${e.start}`);
    out += source.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + source.slice(at);
}

/** `text` with the ranges blanked (newlines kept), for reading names around them. */
export function blanked(text: string, offset: number, ranges: ReadonlyArray<{ start: number; end: number }>): string {
  const edits = ranges
    .map((r) => ({ start: Math.max(r.start - offset, 0), end: Math.min(r.end - offset, text.length) }))
    .filter((r) => r.start < r.end)
    .sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const r of edits) {
    const start = Math.max(r.start, at);
    if (start >= r.end) continue;
    out += text.slice(at, start) + text.slice(start, r.end).replace(/[^\n]/g, ' ');
    at = r.end;
  }
  return out + text.slice(at);
}
