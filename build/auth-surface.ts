/**
 * Which parts of auth-js's GoTrueClient a browser runtime can reach, derived from the code:
 * the property names the plugin's own code uses (`auth.signOut`, `auth.mfa.enroll`, …) select the
 * public methods and the `mfa` / `oauth` / `passkey` entries bound in the constructor, then the
 * methods those reach (`this._useSession`, …) are followed inside GoTrueClient until nothing new
 * turns up. Every other method keeps its name but gets a body that throws, so esbuild drops the
 * code only it used (OAuth, SSO, OTP, identities, Web3, password reset, …).
 *
 * Over-approximate by design: a name counts as used wherever it appears as a property (so an
 * unrelated `.verify` keeps `mfa.verify`), because keeping a method costs bytes while stubbing
 * one the plugin calls would break it. Adding a call in the plugin's code un-stubs the method on
 * the next build; nothing here lists methods by hand.
 *
 * It reads GoTrueClient.js as auth-js ships it (compiled TypeScript: one member per line at
 * four spaces of indentation, each closed by a line `    }`). A member it cannot recognise is
 * kept and scanned; if the class cannot be found at all, the build stops.
 */

export interface ClassMember {
  name: string;
  /** Index of the member's first line (signature) and of its closing `    }` line. */
  start: number;
  end: number;
  /** Plain method (not a constructor, accessor or static member): the only kind ever stubbed. */
  stubbable: boolean;
}

/** A constructor-bound entry, e.g. path ['mfa', 'enroll'] → method '_enroll'. */
export interface BoundEntry {
  path: string[];
  method: string;
}

export interface AuthSurface {
  /** Methods of GoTrueClient the code can reach. */
  kept: Set<string>;
  /** Methods whose bodies are replaced. */
  stubbed: string[];
  members: ClassMember[];
}

const MEMBER = /^ {4}(static |async |get |set |\*)*([\w$]+)\(.*\) \{$/;
const BOUND = /^\s*([\w$]+): this\.([\w$]+)\.bind\(this\),?$/;
const OPEN_OBJECT = /^\s*(?:this\.)?([\w$]+)(?::| =) \{$/;

/** Property names used in `code`: `.name` and `['name']` (comments should be gone already). */
export function propertyNames(code: string): Set<string> {
  const names = new Set<string>();
  for (const m of code.matchAll(/\.\s*([A-Za-z_$][\w$]*)/g)) names.add(m[1]!);
  for (const m of code.matchAll(/\[\s*(["'`])([A-Za-z_$][\w$]*)\1\s*\]/g)) names.add(m[2]!);
  return names;
}

/** Lines with the comments that occupy whole lines blanked (JSDoc blocks, `//` lines). */
function withoutCommentLines(lines: string[]): string[] {
  const out: string[] = [];
  let inBlock = false;
  for (const line of lines) {
    const t = line.trim();
    if (inBlock) {
      out.push('');
      if (t.includes('*/')) inBlock = false;
    } else if (t.startsWith('/*')) {
      out.push('');
      inBlock = !t.includes('*/');
    } else {
      out.push(t.startsWith('//') ? '' : line);
    }
  }
  return out;
}

export function parseGoTrueClient(source: string): { lines: string[]; code: string[]; members: ClassMember[]; bound: BoundEntry[] } {
  const lines = source.split('\n');
  const code = withoutCommentLines(lines);
  const classStart = code.findIndex((l) => /^class GoTrueClient \{$/.test(l));
  const classEnd = code.findIndex((l, i) => i > classStart && l === '}');
  if (classStart < 0 || classEnd < 0) throw new Error('auth-js: class GoTrueClient not found in GoTrueClient.js; build/auth-surface.ts needs updating.');
  const members: ClassMember[] = [];
  for (let i = classStart + 1; i < classEnd; i++) {
    const m = MEMBER.exec(code[i]!);
    if (!m) continue;
    const end = code.findIndex((l, j) => j > i && l === '    }');
    if (end < 0 || end > classEnd) throw new Error(`auth-js: the end of GoTrueClient.${m[2]} was not found; build/auth-surface.ts needs updating.`);
    const modifiers = m[1] ?? '';
    const stubbable = m[2] !== 'constructor' && !/static|get|set/.test(modifiers);
    members.push({ name: m[2]!, start: i, end, stubbable });
    i = end;
  }
  const ctor = members.find((m) => m.name === 'constructor');
  if (!ctor) throw new Error('auth-js: GoTrueClient has no constructor; build/auth-surface.ts needs updating.');
  return { lines, code, members, bound: boundEntries(code.slice(ctor.start + 1, ctor.end)) };
}

/** `this.mfa = { verify: this._verify.bind(this), recoveryCodes: { … } }` → paths to methods. */
function boundEntries(ctorLines: string[]): BoundEntry[] {
  const entries: BoundEntry[] = [];
  const stack: string[] = [];
  for (const line of ctorLines) {
    const open = OPEN_OBJECT.exec(line);
    if (open) {
      stack.push(open[1]!);
      continue;
    }
    const bound = BOUND.exec(line);
    if (bound && stack.length) entries.push({ path: [...stack, bound[1]!], method: bound[2]! });
    else if (/^\s*\}[,;]?$/.test(line) && stack.length) stack.pop();
  }
  return entries;
}

/**
 * Client settings the plugin turns off: names that the plugin's code only ever sets to `false`
 * (`detectSessionInUrl: false`) and that GoTrueClient takes from its settings
 * (`this.x = settings.x`).
 */
export function settingsTurnedOff(source: string, pluginCode: string): Set<string> {
  const fromSettings = new Set([...source.matchAll(/^\s*this\.([\w$]+) = settings\.\1;$/gm)].map((m) => m[1]!));
  const off = new Set<string>();
  for (const name of fromSettings) {
    const uses = [...pluginCode.matchAll(new RegExp(`\\b${name}\\b\\s*(:\\s*([\\w$!]+))?`, 'g'))];
    if (uses.length && uses.every((u) => u[2] === 'false' || u[2] === '!1')) off.add(name);
  }
  return off;
}

/**
 * A method body without the blocks that run only when a setting that is off is on, or never: an
 * `if (a && this.setting && b) {` or `if (false) {` line (a plain && chain) up to its closing brace
 * at the same indentation.
 */
function withoutGatedBlocks(body: string[], off: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < body.length; i++) {
    const gate = /^(\s*)if \(([^|?]*)\) \{$/.exec(body[i]!);
    const terms = gate?.[2]?.split('&&').map((t) => t.trim()) ?? [];
    if (gate && terms.some((t) => t === 'false' || off.has(/^this\.([\w$]+)$/.exec(t)?.[1] ?? ''))) {
      const close = body.findIndex((l, j) => j > i && l.startsWith(`${gate[1]}}`));
      if (close > i && body[close]!.trim() === '}') {
        i = close;
        continue;
      }
    }
    out.push(body[i]!);
  }
  return out;
}

/** The methods reachable from the plugin's property names, and the rest. */
export function deriveSurface(
  source: string,
  pluginNames: ReadonlySet<string>,
  offSettings: ReadonlySet<string> = new Set(),
): AuthSurface & { bound: BoundEntry[]; lines: string[] } {
  const { lines, code, members, bound } = parseGoTrueClient(source);
  const byName = new Map(members.map((m) => [m.name, m]));
  const boundLine = (l: string) => BOUND.test(l);
  const kept = new Set<string>();
  const queue: string[] = [];
  const keep = (name: string) => {
    if (!kept.has(name) && byName.has(name)) {
      kept.add(name);
      queue.push(name);
    }
  };
  const useNames = (names: ReadonlySet<string>) => {
    for (const m of members) if (!m.name.startsWith('_') && names.has(m.name)) keep(m.name);
    for (const e of bound) if (e.path.every((p) => names.has(p))) keep(e.method);
  };

  // Roots: what the plugin names, every member that is not a plain method (constructor,
  // accessors, statics), and whatever the class and module hold outside members. The
  // constructor's `.bind(this)` lines only expose methods; they do not call them.
  useNames(pluginNames);
  for (const m of members) if (!m.stubbable) keep(m.name);
  const inside = new Set<number>();
  for (const m of members) for (let i = m.start; i <= m.end; i++) inside.add(i);
  useNames(propertyNames(code.filter((_, i) => !inside.has(i)).join('\n')));

  while (queue.length) {
    const m = byName.get(queue.shift()!)!;
    const body = withoutGatedBlocks(code.slice(m.start, m.end + 1), offSettings)
      .filter((l) => !boundLine(l))
      .join('\n');
    const names = propertyNames(body);
    for (const name of names) keep(name);
    useNames(names);
  }
  const stubbed = members.filter((m) => m.stubbable && !kept.has(m.name)).map((m) => m.name);
  return { kept, stubbed, members, bound, lines };
}

/** GoTrueClient.js with the bodies of `stubbed` replaced by a throw that names the method. */
export function stubMethods(source: string, stubbed: readonly string[]): string {
  const { lines, members } = parseGoTrueClient(source);
  const names = new Set(stubbed);
  const out = [...lines];
  for (const m of members) {
    if (!names.has(m.name)) continue;
    const message = JSON.stringify(`GoTrueClient.${m.name} is not part of the Supabase MFA plugin for Bubble (build/auth-surface.ts).`);
    out[m.start] = `${lines[m.start]} throw new Error(${message});`;
    for (let i = m.start + 1; i < m.end; i++) out[i] = '';
  }
  return out.join('\n');
}
