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
 * It reads GoTrueClient.js with a parser (build/gotrue-client.ts): members, constructor-bound
 * entries and setting-gated blocks come from the syntax tree, never from the file's layout. Names
 * are read from the members' source text with comments blanked (a name in a string counts too).
 * Anything but a plain method (constructor, accessor, field, static) is kept and scanned.
 */
import { blanked, parseGoTrueClient, withEdits, type BoundEntry, type ClassMember, type GoTrueClientSource } from './gotrue-client.js';

export type { BoundEntry, ClassMember };

export interface AuthSurface {
  /** Methods of GoTrueClient the code can reach. */
  kept: Set<string>;
  /** Methods whose bodies are replaced. */
  stubbed: string[];
  members: ClassMember[];
}

/** Property names used in `code`: `.name` and `['name']` (comments should be gone already). */
export function propertyNames(code: string): Set<string> {
  const names = new Set<string>();
  for (const m of code.matchAll(/\.\s*([A-Za-z_$][\w$]*)/g)) names.add(m[1]!);
  for (const m of code.matchAll(/\[\s*(["'`])([A-Za-z_$][\w$]*)\1\s*\]/g)) names.add(m[2]!);
  return names;
}

/**
 * Client settings the plugin turns off: names that the plugin's code only ever sets to `false`
 * (`detectSessionInUrl: false`) and that GoTrueClient takes from its settings
 * (`this.x = settings.x`).
 */
export function settingsTurnedOff(client: string | GoTrueClientSource, pluginCode: string): Set<string> {
  const { fromSettings } = typeof client === 'string' ? parseGoTrueClient(client) : client;
  const off = new Set<string>();
  for (const name of new Set(fromSettings)) {
    const uses = [...pluginCode.matchAll(new RegExp(`\\b${name}\\b\\s*(:\\s*([\\w$!]+))?`, 'g'))];
    if (uses.length && uses.every((u) => u[2] === 'false' || u[2] === '!1')) off.add(name);
  }
  return off;
}

/** The text of a member that can call something: comments, bound entries and blocks that never run (a setting that is off, `if (false)`) blanked. */
function reachingText(client: GoTrueClientSource, m: ClassMember, off: ReadonlySet<string>): string {
  const never = client.gated.filter((g) => g.terms.some((t) => t === false || (typeof t === 'string' && off.has(t))));
  return blanked(client.code.slice(m.start, m.end), m.start, [...never, ...client.bound]);
}

/** The methods reachable from the plugin's property names, and the rest. */
export function deriveSurface(
  source: string | GoTrueClientSource,
  pluginNames: ReadonlySet<string>,
  offSettings: ReadonlySet<string> = new Set(),
): AuthSurface & { client: GoTrueClientSource } {
  const client = typeof source === 'string' ? parseGoTrueClient(source) : source;
  const { members, bound } = client;
  const byName = new Map(members.map((m) => [m.name, m]));
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
  // constructor's `.bind(this)` entries only expose methods; they do not call them.
  useNames(pluginNames);
  for (const m of members) if (!m.stubbable) keep(m.name);
  useNames(propertyNames(blanked(client.code, 0, members)));

  while (queue.length) {
    const names = propertyNames(reachingText(client, byName.get(queue.shift()!)!, offSettings));
    for (const name of names) keep(name);
    useNames(names);
  }
  const stubbed = members.filter((m) => m.stubbable && !kept.has(m.name)).map((m) => m.name);
  return { kept, stubbed, members, client };
}

/**
 * The body that replaces a stubbed method's: a throw from one shared helper (STUB_HELPER), whose
 * error's stack names the method. A page carries one body per stubbed method, about fifty, so
 * each is as short as it can be (deriveSurface above says why a method is left out).
 */
export function stubBody(): string {
  return '{ throw __supabaseMfaNotInBuild(); }';
}

/** The helper stubBody calls, put at the top of GoTrueClient.js wherever a stub is written. */
export const STUB_HELPER = "function __supabaseMfaNotInBuild() { return new Error('GoTrueClient: this method is not in this build (the stack names it)'); }\n";

/** GoTrueClient.js with the bodies of `stubbed` replaced by a throw (stubBody). */
export function stubMethods(source: string, stubbed: readonly string[]): string {
  const names = new Set(stubbed);
  const { members } = parseGoTrueClient(source);
  return (
    STUB_HELPER +
    withEdits(
      source,
      members.filter((m) => names.has(m.name) && m.body).map((m) => ({ ...m.body!, text: stubBody() })),
    )
  );
}
