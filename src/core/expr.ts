// The small expression language of decision trees: conditions on facts, and `{{ ... }}` placeholders in
// fix commands. Knows no CUDA: only strings, versions, lists (`a;b`) and maps (`k=v;k=v`).
//
//   expr    := or
//   or      := and ("or" and)*          and := not ("and" not)*
//   not     := "not" not | compare      compare := term (("=="|"!="|"<"|"<="|">"|">=") term)?
//   term    := NUMBER | "string" | fact | log.fact | NAME "(" args ")" | "(" expr ")" | "otherwise"
//
// A fact that was not found is unknown (null); unknown spreads through functions and comparisons, and
// `and`/`or`/`not` use three-valued logic. `known(x)` is the one test that turns unknown into false.

import type { LiveFactSpec } from "./types.js";

export type Value = string | boolean | readonly string[] | null;

export type Expr =
  | { readonly t: "lit"; readonly v: string | boolean }
  | { readonly t: "fact"; readonly name: string; readonly log: boolean }
  | { readonly t: "call"; readonly fn: string; readonly args: readonly Expr[] }
  | { readonly t: "cmp"; readonly op: string; readonly a: Expr; readonly b: Expr }
  | { readonly t: "and" | "or"; readonly items: readonly Expr[] }
  | { readonly t: "not"; readonly e: Expr };

export interface FactScope {
  readonly live: Readonly<Record<string, string>>;
  readonly log: Readonly<Record<string, string>>;
  /** What each live fact is (the probes' catalogue, KnowledgeBase.liveFacts): an unknown one is said in its words. */
  readonly about?: Readonly<Record<string, LiveFactSpec>>;
}

export class ExprError extends Error {}

const FUNCTIONS: Readonly<Record<string, { readonly arity: readonly [number, number]; readonly about: string }>> = {
  known: { arity: [1, 1], about: "the fact was found (false, never unknown, when it was not)" },
  set: { arity: [1, 1], about: "the value is not empty" },
  major: { arity: [1, 1], about: "13.0.88 → 13" },
  minor: { arity: [1, 1], about: "13.0.88 → 13.0" },
  list: { arity: [1, 1], about: "a value as a list" },
  count: { arity: [1, 1], about: "items in a list" },
  unique: { arity: [1, 1], about: "a list without repeats" },
  sort: { arity: [1, 1], about: "a list sorted as versions" },
  first: { arity: [1, 1], about: "the first item (unknown for an empty list)" },
  last: { arity: [1, 1], about: "the last item" },
  min: { arity: [1, 1], about: "the lowest version in a list" },
  max: { arity: [1, 1], about: "the highest version in a list" },
  has: { arity: [2, 2], about: "the list holds the item" },
  subset: { arity: [2, 2], about: "every item of the first list is in the second" },
  intersects: { arity: [2, 2], about: "the lists share an item" },
  minus: { arity: [2, 2], about: "items of the first list not in the second" },
  join: { arity: [1, 2], about: "a list joined with a separator (default ;)" },
  select: { arity: [2, 2], about: "entries of a map whose key is the version or starts with it (select(toolkits, \"12\"))" },
  keys: { arity: [1, 1], about: "the keys of a map" },
  values: { arity: [1, 1], about: "the values of a map" },
  strip: { arity: [2, 2], about: "each item with a suffix removed (strip(x, \"+PTX\"))" },
  suffix: { arity: [2, 2], about: "each item with text appended" },
  startsWith: { arity: [2, 2], about: "the text starts with the prefix" },
  contains: { arity: [2, 2], about: "the text contains the part" },
  either: { arity: [2, 2], about: "the first value when known and not empty, else the second" },
  digits: { arity: [1, 1], about: "only the digits (13.0 → 130)" },
  arch: { arity: [1, 1], about: "each item as an sm number: compute_61 → 61, sm_90a → 90a, 9.0a → 90a" },
  ending: { arity: [2, 2], about: "the items that end with the suffix, without it (ending(x, \"+PTX\"): the PTX entries)" },
  union: { arity: [2, 2], about: "the items of both lists, without repeats" },
  supported: { arity: [2, 2], about: "the entries (9.0a, 6.1+PTX) whose sm number (90a, 61) is in the second list" },
  base: { arity: [1, 1], about: "each item without its variant letter: 90a → 90, 10.0f → 10.0, 9.0a+PTX → 9.0+PTX" },
};

export function functionNames(): string[] {
  return Object.keys(FUNCTIONS);
}

// ─── parsing ───────────────────────────────────────────────────────────────────────────────────────

type Tok = { k: "num" | "str" | "name" | "op" | "end"; v: string; at: number };

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  const re = /\s*(?:(\d+(?:\.\d+)*(?:\+PTX|a)?)|"((?:[^"\\]|\\.)*)"|([A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)?)|(==|!=|<=|>=|<|>|\(|\)|,))/y;
  let i = 0;
  while (i < src.length) {
    if (/^\s*$/.test(src.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(src);
    if (!m) throw new ExprError(`unexpected "${src.slice(i).trim().slice(0, 12)}" at column ${i + 1}`);
    const at = m.index + m[0].length - m[0].trimStart().length;
    if (m[1] !== undefined) toks.push({ k: "num", v: m[1], at });
    else if (m[2] !== undefined) toks.push({ k: "str", v: m[2].replace(/\\(.)/g, "$1"), at });
    else if (m[3] !== undefined) toks.push({ k: "name", v: m[3], at });
    else toks.push({ k: "op", v: m[4]!, at });
    i = re.lastIndex;
  }
  toks.push({ k: "end", v: "", at: src.length });
  return toks;
}

export function parseExpr(src: string): Expr {
  const toks = tokenize(src);
  let p = 0;
  const peek = (): Tok => toks[p]!;
  const next = (): Tok => toks[p++]!;
  const expect = (v: string): void => {
    const t = next();
    if (t.v !== v || t.k === "str") throw new ExprError(`expected "${v}" at column ${t.at + 1}, found ${t.k === "end" ? "the end" : `"${t.v}"`}`);
  };
  const isWord = (w: string): boolean => peek().k === "name" && peek().v === w;
  const or = (): Expr => {
    const items = [and()];
    while (isWord("or")) (next(), items.push(and()));
    return items.length === 1 ? items[0]! : { t: "or", items };
  };
  const and = (): Expr => {
    const items = [not()];
    while (isWord("and")) (next(), items.push(not()));
    return items.length === 1 ? items[0]! : { t: "and", items };
  };
  const not = (): Expr => {
    if (isWord("not")) {
      next();
      return { t: "not", e: not() };
    }
    return compare();
  };
  const compare = (): Expr => {
    const a = term();
    const t = peek();
    if (t.k === "op" && ["==", "!=", "<", "<=", ">", ">="].includes(t.v)) {
      next();
      return { t: "cmp", op: t.v, a, b: term() };
    }
    return a;
  };
  const term = (): Expr => {
    const t = next();
    if (t.k === "num" || t.k === "str") return { t: "lit", v: t.v };
    if (t.k === "op" && t.v === "(") {
      const e = or();
      expect(")");
      return e;
    }
    if (t.k === "name") {
      if (["and", "or", "not"].includes(t.v)) throw new ExprError(`"${t.v}" cannot start a term (column ${t.at + 1})`);
      if (t.v === "otherwise" || t.v === "true") return { t: "lit", v: true };
      if (t.v === "false") return { t: "lit", v: false };
      if (peek().v === "(" && peek().k === "op") {
        const spec = FUNCTIONS[t.v];
        if (!spec) throw new ExprError(`unknown function "${t.v}" (known: ${functionNames().join(", ")})`);
        next();
        const args: Expr[] = [];
        if (peek().v !== ")") {
          args.push(or());
          while (peek().v === "," && peek().k === "op") (next(), args.push(or()));
        }
        expect(")");
        if (args.length < spec.arity[0] || args.length > spec.arity[1]) {
          throw new ExprError(`${t.v}() takes ${spec.arity[0] === spec.arity[1] ? spec.arity[0] : `${spec.arity[0]} to ${spec.arity[1]}`} argument(s), got ${args.length}`);
        }
        return { t: "call", fn: t.v, args };
      }
      if (t.v.startsWith("log.")) return { t: "fact", name: t.v.slice(4), log: true };
      if (t.v.includes(".")) throw new ExprError(`"${t.v}": only log.NAME may have a dot`);
      return { t: "fact", name: t.v, log: false };
    }
    throw new ExprError(t.k === "end" ? "the expression ends too early" : `unexpected "${t.v}" at column ${t.at + 1}`);
  };
  const e = or();
  if (peek().k !== "end") throw new ExprError(`unexpected "${peek().v}" at column ${peek().at + 1}`);
  return e;
}

/** Every fact an expression reads, as `name` (live) or `log.name`. */
export function factsOf(e: Expr, out: string[] = []): string[] {
  switch (e.t) {
    case "fact": {
      const n = e.log ? `log.${e.name}` : e.name;
      if (!out.includes(n)) out.push(n);
      break;
    }
    case "call": e.args.forEach((a) => factsOf(a, out)); break;
    case "cmp": factsOf(e.a, out); factsOf(e.b, out); break;
    case "and": case "or": e.items.forEach((a) => factsOf(a, out)); break;
    case "not": factsOf(e.e, out); break;
    case "lit": break;
  }
  return out;
}

// ─── evaluation ────────────────────────────────────────────────────────────────────────────────────

const VERSION = /^\d+(?:\.\d+)*$/;

function toList(v: Value): readonly string[] | null {
  if (v === null) return null;
  if (Array.isArray(v)) return v as readonly string[];
  if (typeof v === "boolean") return [String(v)];
  const s = v as string;
  return s.trim() === "" ? [] : s.split(";").map((x) => x.trim()).filter(Boolean);
}

export function toText(v: Value): string | null {
  if (v === null) return null;
  if (Array.isArray(v)) return (v as readonly string[]).join(";");
  return String(v);
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d < 0 ? -1 : 1;
  }
  return 0;
}

function cmpValues(a: string, b: string): number {
  if (VERSION.test(a) && VERSION.test(b)) return compareVersions(a, b);
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortVersions(l: readonly string[]): string[] {
  return [...l].sort((x, y) => cmpValues(x.replace(/\+PTX$/, "").replace(/[a-z]$/, ""), y.replace(/\+PTX$/, "").replace(/[a-z]$/, "")));
}

function mapEntries(v: Value): [string, string][] | null {
  const l = toList(v);
  return l && l.map((item) => {
    const i = item.indexOf("=");
    return i < 0 ? [item, ""] : [item.slice(0, i), item.slice(i + 1)];
  });
}

export function evaluate(e: Expr, scope: FactScope): Value {
  switch (e.t) {
    case "lit": return e.v;
    case "fact": {
      const src = e.log ? scope.log : scope.live;
      return Object.prototype.hasOwnProperty.call(src, e.name) ? src[e.name]! : null;
    }
    case "not": {
      const v = truth(evaluate(e.e, scope));
      return v === null ? null : !v;
    }
    case "and": {
      let unknown = false;
      for (const i of e.items) {
        const v = truth(evaluate(i, scope));
        if (v === false) return false;
        if (v === null) unknown = true;
      }
      return unknown ? null : true;
    }
    case "or": {
      let unknown = false;
      for (const i of e.items) {
        const v = truth(evaluate(i, scope));
        if (v === true) return true;
        if (v === null) unknown = true;
      }
      return unknown ? null : false;
    }
    case "cmp": {
      const a = toText(evaluate(e.a, scope));
      const b = toText(evaluate(e.b, scope));
      if (a === null || b === null) return null;
      const c = cmpValues(a, b);
      switch (e.op) {
        case "==": return c === 0;
        case "!=": return c !== 0;
        case "<": return c < 0;
        case "<=": return c <= 0;
        case ">": return c > 0;
        default: return c >= 0;
      }
    }
    case "call": return call(e.fn, e.args.map((a) => (e.fn === "known" ? evaluate(a, scope) : evaluate(a, scope))));
  }
}

/** A value as a condition: booleans as they are, "true"/"false" text, a non-empty value is true. */
export function truth(v: Value): boolean | null {
  if (v === null) return null;
  if (typeof v === "boolean") return v;
  if (Array.isArray(v)) return v.length > 0;
  const s = (v as string).trim().toLowerCase();
  return !(s === "" || s === "false" || s === "0" || s === "no");
}

function call(fn: string, args: Value[]): Value {
  const [a = null, b = null] = args;
  if (fn === "known") return a !== null;
  if (fn === "either") {
    const t = toText(a);
    return t !== null && t !== "" ? a : b;
  }
  if (args.some((x) => x === null)) return null;
  const la = (): readonly string[] => toList(a)!;
  const lb = (): readonly string[] => toList(b)!;
  const ta = (): string => toText(a)!;
  const tb = (): string => toText(b)!;
  switch (fn) {
    case "set": return ta().trim() !== "";
    case "major": {
      const m = /^\s*(\d+)/.exec(ta());
      return m ? m[1]! : null;
    }
    case "minor": {
      const m = /^\s*(\d+(?:\.\d+)?)/.exec(ta());
      return m ? m[1]! : null;
    }
    case "list": return la();
    case "count": return String(la().length);
    case "unique": return [...new Set(la())];
    case "sort": return sortVersions(la());
    case "first": return la()[0] ?? null;
    case "last": return la()[la().length - 1] ?? null;
    case "min": return sortVersions(la())[0] ?? null;
    case "max": return sortVersions(la()).at(-1) ?? null;
    case "has": return la().includes(tb());
    case "subset": return la().every((x) => lb().includes(x));
    case "intersects": return la().some((x) => lb().includes(x));
    case "minus": return la().filter((x) => !lb().includes(x));
    case "join": return la().join(args.length > 1 ? tb() : ";");
    case "select": {
      const k = tb();
      return mapEntries(a)!.filter(([key]) => key === k || key.startsWith(`${k}.`)).map(([key, v]) => `${key}=${v}`);
    }
    case "keys": return mapEntries(a)!.map(([k]) => k);
    case "values": return mapEntries(a)!.map(([, v]) => v);
    case "strip": return la().map((x) => (x.endsWith(tb()) ? x.slice(0, -tb().length) : x));
    case "suffix": return la().map((x) => x + tb());
    case "startsWith": return ta().startsWith(tb());
    case "contains": return ta().includes(tb());
    case "digits": return ta().replace(/\D/g, "");
    case "ending": return la().filter((x) => x.endsWith(tb())).map((x) => x.slice(0, x.length - tb().length));
    case "union": return [...new Set([...la(), ...lb()])];
    case "supported": return la().filter((x) => lb().includes(x.replace(/\+PTX$/, "").replace(/^(\d+)\.(\d)/, "$1$2")));
    case "arch": return la().map((x) => x.replace(/^(?:compute|sm|lto)_/, "").replace(/^(\d+)\.(\d)/, "$1$2"));
    case "base": return la().map((x) => x.replace(/^(\d+(?:\.\d+)?)[a-z](?=\+PTX$|$)/, "$1"));
    default: throw new ExprError(`unknown function "${fn}"`);
  }
}

/** A value as the reader sees it in a report. */
export function showValue(v: Value): string {
  if (v === null) return "unknown";
  if (typeof v === "boolean") return String(v);
  const t = toText(v)!;
  return t === "" ? '""' : t;
}

const PLACEHOLDER = /\{\{\s*(.+?)\s*\}\}/g;

/** `{{ expr }}` placeholders in a text; the parse errors, for the compiler. */
export function placeholderErrors(text: string): { expr: string; error: string; facts: string[] }[] {
  const out: { expr: string; error: string; facts: string[] }[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) {
    try {
      out.push({ expr: m[1]!, error: "", facts: factsOf(parseExpr(m[1]!)) });
    } catch (e) {
      out.push({ expr: m[1]!, error: (e as Error).message, facts: [] });
    }
  }
  return out;
}

/** A placeholder's expression as text; null when it does not parse or its value is unknown. */
export function evaluateText(src: string, scope: FactScope): string | null {
  let v: Value = null;
  try {
    v = evaluate(parseExpr(src), scope);
  } catch {
    v = null;
  }
  return v === null ? null : toText(v);
}

/** Fills `{{ expr }}` placeholders; an unknown value shows as `‹name›` (or `‹…›`) and is listed in `missing`. */
export function fillPlaceholders(text: string, scope: FactScope, emptyAs: string | null = null): { text: string; missing: string[] } {
  const missing: string[] = [];
  const out = text.replace(PLACEHOLDER, (_, src: string) => {
    const t = evaluateText(src, scope);
    if (t === "" && emptyAs !== null) return emptyAs;
    if (t === null || t === "") {
      missing.push(src);
      return unknownInWords(src, scope);
    }
    return t;
  });
  return { text: out, missing };
}

/**
 * What a placeholder says when its value is unknown or empty here: an instruction in words, from the first
 * fact of the expression that is not known (the probes' catalogue gives each a phrase), never the raw expression.
 */
export function unknownInWords(src: string, scope: FactScope): string {
  let names: string[] = [];
  try {
    names = factsOf(parseExpr(src));
  } catch {
    /* an expression the compiler would have rejected: say so in words below */
  }
  const value = (f: string): string | undefined => (f.startsWith("log.") ? scope.log[f.slice(4)] : scope.live[f]);
  const missing = names.find((f) => !value(f)) ?? names[0];
  if (!missing) return "<a value not known here>";
  if (missing.startsWith("log.")) return `<the ${words(missing.slice(4))}: the log does not show it>`;
  return scope.about?.[missing]?.unknown ?? `<the ${words(missing)}: not found on this machine>`;
}

/** camelCase → words: "buildRequiresTorch" → "build requires torch". */
function words(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}
