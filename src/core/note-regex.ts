// The one way a note's pattern runs, in the CLI and in the page alike. The knowledge-base compiler decided, from the
// pattern's syntax tree, which engine may run it (src/kb/regex-safety.ts): `native` patterns are proved linear for
// V8's backtracking engine and run as RegExp; every other pattern runs on re2js, RE2's linear-time automata.
// Either way the time to match a line is linear in its length: no clock, no budget, the same report under any load.

import { RE2JS } from "re2js";

export type Engine = "native" | "linear";

/** What the compiler stores for each regex: the JavaScript source (shown to people), its engine and RE2 form. */
export interface RegexPlan {
  readonly regex: string;
  readonly flags: string;
  readonly engine: Engine;
  /** The same pattern in RE2 syntax, with JavaScript's meaning of `\s`, `.` and case folding kept. */
  readonly re2: string;
  /** Its required literals (see atoms.ts `planAtoms`), worked out when the notes are compiled (absent: work them out). */
  readonly atoms?: readonly string[] | null;
}

export interface RegexMatch {
  readonly index: number;
  /** The named groups that took part in the match (undefined: the pattern names none). */
  readonly groups?: Readonly<Record<string, string | undefined>> | undefined;
}

export interface NoteRegex {
  readonly source: string;
  test(text: string): boolean;
  exec(text: string): RegexMatch | null;
  /** Every match, left to right, none overlapping (as `matchAll` with the g flag). */
  all(text: string): RegexMatch[];
  /** Where the first match ends (-1: none). */
  matchEnd(text: string): number;
}

class NativeRegex implements NoteRegex {
  private readonly once: RegExp;
  private readonly global: RegExp;
  constructor(readonly source: string, flags: string) {
    this.once = new RegExp(source, flags);
    this.global = new RegExp(source, flags + "g");
  }
  test(text: string): boolean {
    return this.once.test(text);
  }
  exec(text: string): RegexMatch | null {
    return this.once.exec(text);
  }
  all(text: string): RegexMatch[] {
    this.global.lastIndex = 0;
    return [...text.matchAll(this.global)];
  }
  matchEnd(text: string): number {
    const m = this.once.exec(text);
    return m ? m.index + m[0].length : -1;
  }
}

class LinearRegex implements NoteRegex {
  // Compiled on first use: most patterns are gated by literals a log seldom holds, and RE2's compile is the
  // costly part of starting up.
  private compiled: RE2JS | null = null;
  private groupNames: readonly (readonly [string, number])[] = [];
  constructor(readonly source: string, private readonly re2: string) {}
  private get re(): RE2JS {
    if (this.compiled === null) {
      this.compiled = RE2JS.compile(this.re2);
      this.groupNames = Object.entries(this.compiled.namedGroups() as Record<string, number>);
    }
    return this.compiled;
  }
  private get names(): readonly (readonly [string, number])[] {
    void this.re;
    return this.groupNames;
  }
  test(text: string): boolean {
    return this.re.test(text);
  }
  exec(text: string): RegexMatch | null {
    // The automaton answers yes/no fastest; groups are worked out only for a line that matches.
    if (!this.re.test(text)) return null;
    const m = this.re.matcher(text);
    return m.find() ? this.match(m) : null;
  }
  all(text: string): RegexMatch[] {
    if (!this.re.test(text)) return [];
    const m = this.re.matcher(text);
    const out: RegexMatch[] = [];
    while (m.find()) out.push(this.match(m));
    return out;
  }
  matchEnd(text: string): number {
    if (!this.re.test(text)) return -1;
    const m = this.re.matcher(text);
    return m.find() ? m.end() : -1;
  }
  private match(m: ReturnType<RE2JS["matcher"]>): RegexMatch {
    if (this.names.length === 0) return { index: m.start(), groups: undefined };
    const groups: Record<string, string | undefined> = {};
    for (const [name, i] of this.names) groups[name] = m.group(i) ?? undefined;
    return { index: m.start(), groups };
  }
}

/** Compiles a pattern on the engine its plan names. */
export function noteRegex(plan: RegexPlan): NoteRegex {
  return plan.engine === "native" ? new NativeRegex(plan.regex, plan.flags) : new LinearRegex(plan.regex, plan.re2);
}

/** Named groups become plain groups, in RE2 syntax, so that plans can be joined into one alternation. */
function re2WithoutNames(re2: string): string {
  return re2.replace(/\(\?P<[A-Za-z_]\w*>/g, "(?:");
}
function jsWithoutNames(source: string): string {
  return source.replace(/\(\?<(?![=!])[A-Za-z_$][\w$]*>/g, "(?:");
}

/**
 * One regex that matches where any of `plans` matches (`anchored`: at the start only). It stays native only when
 * every part is: an alternation of linear parts is linear (each start position tries each part once).
 */
export function unionRegex(plans: readonly RegexPlan[], anchored: boolean): NoteRegex | null {
  if (plans.length === 0) return null;
  const flags = plans[0]!.flags;
  if (plans.some((p) => p.flags !== flags)) throw new Error("unionRegex: parts with different flags");
  const js = `${anchored ? "^" : ""}(?:${plans.map((p) => `(?:${jsWithoutNames(p.regex)})`).join("|")})`;
  if (plans.every((p) => p.engine === "native")) return new NativeRegex(js, flags);
  const re2 = `${anchored ? "^" : ""}(?:${plans.map((p) => `(?:${re2WithoutNames(p.re2)})`).join("|")})`;
  return new LinearRegex(js, re2);
}
