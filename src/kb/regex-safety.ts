// Safety of note patterns, decided from the regex's syntax tree alone: the same verdict on every machine, every
// run, whatever the load (no clock, no sampling). Each pattern gets one of three outcomes:
//
//   rejected  it uses what a linear-time engine cannot run (lookaround, back-reference), or it has a shape that
//             makes a backtracking engine blow up (a repetition whose iterations can split the same text in
//             several ways, an ambiguous choice inside a loop, two loops that can trade the same run of text).
//             The diagnostic says how to rewrite it.
//   native    proved linear for a backtracking engine (V8's): its position automaton is deterministic (the next
//             character always picks one way on) and every loop is guarded (anchored at the start, or entered
//             only after a character the loop cannot take, so that two match attempts never share a run).
//   linear    anything else: run on RE2's linear-time automata (re2js), in the CLI and the page alike.
//
// The translation to RE2 syntax keeps JavaScript's meaning of `\s`, `.` and the rest (RE2's `\s` is ASCII only).

import { RegExpParser } from "@eslint-community/regexpp";
import type { AST } from "@eslint-community/regexpp";

export type Engine = "native" | "linear";

export type SafetyVerdict =
  | { readonly ok: true; readonly engine: Engine; readonly re2: string; readonly why: string }
  | { readonly ok: false; readonly message: string };

// ------------------------------------------------------------------ character sets as sorted code-point ranges

type Ranges = readonly (readonly [number, number])[];
const MAX_CP = 0x10ffff;

function norm(rs: [number, number][]): [number, number][] {
  rs.sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of rs) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}
const union = (...sets: Ranges[]): Ranges => norm(sets.flatMap((s) => s.map(([a, b]) => [a, b] as [number, number])));
function complement(s: Ranges): Ranges {
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of s) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CP) out.push([next, MAX_CP]);
  return out;
}
function intersects(a: Ranges, b: Ranges): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i]![1] < b[j]![0]) i++;
    else if (b[j]![1] < a[i]![0]) j++;
    else return true;
  }
  return false;
}
/** ASCII case folding, as the `i` flag folds without `u` (other letters: see `hasNonAsciiLetters`). */
function foldAscii(s: Ranges): Ranges {
  const extra: [number, number][] = [];
  for (const [lo, hi] of s) {
    for (const [a, z, d] of [[0x41, 0x5a, 32], [0x61, 0x7a, -32]] as const) {
      const l = Math.max(lo, a);
      const h = Math.min(hi, z);
      if (l <= h) extra.push([l + d, h + d]);
    }
  }
  return union(s, extra);
}

const DIGIT: Ranges = [[0x30, 0x39]];
const WORD: Ranges = [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];
// JavaScript's \s: WhiteSpace and LineTerminator.
const SPACE: Ranges = union([
  [0x09, 0x0d], [0x20, 0x20], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a], [0x2028, 0x2029],
  [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff],
]);
const DOT: Ranges = complement([[0x0a, 0x0a], [0x0d, 0x0d], [0x2028, 0x2029]]);

class Unsupported extends Error {}

function setOf(node: AST.CharacterSet | AST.Character | AST.CharacterClass): Ranges {
  switch (node.type) {
    case "Character":
      return [[node.value, node.value]];
    case "CharacterSet": {
      let base: Ranges;
      if (node.kind === "any") return DOT;
      if (node.kind === "digit") base = DIGIT;
      else if (node.kind === "word") base = WORD;
      else if (node.kind === "space") base = SPACE;
      else throw new Unsupported(`\\p{…} property classes need the u flag, which note patterns do not take`);
      return node.negate ? complement(base) : base;
    }
    case "CharacterClass": {
      const parts: Ranges[] = [];
      for (const el of node.elements) {
        if (el.type === "CharacterClassRange") parts.push([[el.min.value, el.max.value]]);
        else if (el.type === "Character" || el.type === "CharacterSet") parts.push(setOf(el));
        else throw new Unsupported(`set operations in a character class are not supported`);
      }
      const s = union(...parts);
      return node.negate ? complement(s) : s;
    }
  }
}

// ------------------------------------------------------------------ translation to RE2 syntax

function hex(cp: number): string {
  return `\\x{${cp.toString(16)}}`;
}
function rangeChar(cp: number): string {
  return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) ? String.fromCharCode(cp) : hex(cp);
}
function classOf(s: Ranges): string {
  if (s.length === 1 && s[0]![0] === s[0]![1]) return literal(s[0]![0]);
  return `[${s.map(([lo, hi]) => (lo === hi ? rangeChar(lo) : `${rangeChar(lo)}-${rangeChar(hi)}`)).join("")}]`;
}
function literal(cp: number): string {
  if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || cp === 0x20) return String.fromCharCode(cp);
  if (cp > 0x20 && cp < 0x7f) return `\\${String.fromCharCode(cp)}`;
  if (cp >= 0xa0 && !(cp >= 0xd800 && cp <= 0xdfff) && !SPACE.some(([a, b]) => cp >= a && cp <= b)) return String.fromCodePoint(cp);
  return hex(cp);
}

function toRe2(node: AST.Node): string {
  switch (node.type) {
    case "Pattern":
    case "Group":
      return node.type === "Group" ? `(?:${node.alternatives.map(toRe2).join("|")})` : node.alternatives.map(toRe2).join("|");
    case "CapturingGroup":
      return node.name ? `(?P<${node.name}>${node.alternatives.map(toRe2).join("|")})` : `(${node.alternatives.map(toRe2).join("|")})`;
    case "Alternative": {
      // Without the u flag an astral character is two code units; RE2 reads it as one code point.
      const out: string[] = [];
      const els = node.elements;
      for (let i = 0; i < els.length; i++) {
        const a = els[i]!;
        const b = els[i + 1];
        if (a.type === "Character" && b?.type === "Character" && a.value >= 0xd800 && a.value <= 0xdbff && b.value >= 0xdc00 && b.value <= 0xdfff) {
          out.push(String.fromCodePoint(0x10000 + ((a.value - 0xd800) << 10) + (b.value - 0xdc00)));
          i++;
        } else out.push(toRe2(a));
      }
      return out.join("");
    }
    case "Character":
      if (node.value >= 0xd800 && node.value <= 0xdfff) throw new Unsupported(`a lone surrogate \`${node.raw}\``);
      return literal(node.value);
    case "CharacterSet":
    case "CharacterClass":
      return classOf(setOf(node));
    case "Quantifier": {
      if (node.max !== Infinity && node.max > 1000) throw new Unsupported(`a repetition count above 1000 ({${node.min},${node.max}})`);
      if (node.min > 1000) throw new Unsupported(`a repetition count above 1000 ({${node.min},})`);
      const q =
        node.min === 0 && node.max === Infinity ? "*"
        : node.min === 1 && node.max === Infinity ? "+"
        : node.min === 0 && node.max === 1 ? "?"
        : node.max === Infinity ? `{${node.min},}`
        : node.min === node.max ? `{${node.min}}`
        : `{${node.min},${node.max}}`;
      // Every element translates to one RE2 atom (a literal, a class, a group), so the quantifier applies whole.
      return `${toRe2(node.element)}${q}${node.greedy ? "" : "?"}`;
    }
    case "Assertion":
      if (node.kind === "start") return "^";
      if (node.kind === "end") return "$";
      if (node.kind === "word") return node.negate ? "\\B" : "\\b";
      throw new Unsupported(
        `${node.kind === "lookahead" ? "lookahead" : "lookbehind"} \`${node.raw}\` cannot run in linear time; match the text itself instead, e.g. \`(?<!['"])foo\` → \`(?:^|[^'"])foo\`, and let a \`noMatch\` example show what it must not claim`,
      );
    case "Backreference":
      throw new Unsupported(`back-reference \`${node.raw}\` cannot run in linear time; spell the repeated text out`);
    default:
      throw new Unsupported(`\`${node.raw}\` is not supported`);
  }
}

// ------------------------------------------------------------------ the position (Glushkov) automaton

interface Frag {
  readonly nullable: boolean;
  readonly first: readonly number[];
  readonly last: readonly number[];
}

const MAX_POSITIONS = 4000;

class Automaton {
  readonly sets: Ranges[] = [];
  readonly follow: Set<number>[] = [];
  constructor(private readonly fold: boolean) {}

  position(s: Ranges): Frag {
    if (this.sets.length >= MAX_POSITIONS) throw new TooBig();
    const p = this.sets.length;
    this.sets.push(this.fold ? foldAscii(s) : s);
    this.follow.push(new Set());
    return { nullable: false, first: [p], last: [p] };
  }

  link(from: readonly number[], to: readonly number[]): void {
    for (const f of from) for (const t of to) this.follow[f]!.add(t);
  }

  seq(parts: Frag[]): Frag {
    let acc: Frag = { nullable: true, first: [], last: [] };
    for (const b of parts) {
      this.link(acc.last, b.first);
      acc = {
        nullable: acc.nullable && b.nullable,
        first: acc.nullable ? [...acc.first, ...b.first] : acc.first,
        last: b.nullable ? [...acc.last, ...b.last] : b.last,
      };
    }
    return acc;
  }

  alt(parts: Frag[]): Frag {
    return { nullable: parts.some((p) => p.nullable), first: parts.flatMap((p) => p.first), last: parts.flatMap((p) => p.last) };
  }

  build(node: AST.Node): Frag {
    switch (node.type) {
      case "Pattern":
      case "Group":
      case "CapturingGroup":
        return this.alt(node.alternatives.map((a) => this.build(a)));
      case "Alternative":
        return this.seq(node.elements.map((e) => this.build(e)));
      case "Character":
      case "CharacterSet":
      case "CharacterClass":
        return this.position(setOf(node));
      case "Assertion":
        return { nullable: true, first: [], last: [] };
      case "Quantifier": {
        const copies: Frag[] = [];
        for (let i = 0; i < node.min; i++) copies.push(this.build(node.element));
        if (node.max === Infinity) {
          const loop = this.build(node.element);
          this.link(loop.last, loop.first);
          copies.push({ ...loop, nullable: true });
          return this.seq(copies);
        }
        // Optional copies nest: x{1,3} = x(x(x)?)?
        let tail: Frag | null = null;
        for (let i = node.max - node.min; i > 0; i--) {
          const c = this.build(node.element);
          tail = tail ? { ...this.seq([c, tail]), nullable: true } : { ...c, nullable: true };
        }
        return this.seq(tail ? [...copies, tail] : copies);
      }
      default:
        throw new Unsupported(`\`${node.raw}\` is not supported`);
    }
  }

  /** Strongly connected components of the follow graph (Tarjan); returns each position's component. */
  components(): { comp: Int32Array; loops: Set<number> } {
    const n = this.sets.length;
    const index = new Int32Array(n).fill(-1);
    const low = new Int32Array(n);
    const comp = new Int32Array(n).fill(-1);
    const onStack = new Uint8Array(n);
    const stack: number[] = [];
    let counter = 0;
    let comps = 0;
    const sizes: number[] = [];
    const visit = (v: number): void => {
      // Iterative DFS, so a long pattern cannot overflow the call stack.
      const work: [number, number[]][] = [[v, [...this.follow[v]!]]];
      index[v] = low[v] = counter++;
      stack.push(v);
      onStack[v] = 1;
      while (work.length) {
        const top = work[work.length - 1]!;
        const [u, next] = top;
        if (next.length) {
          const w = next.pop()!;
          if (index[w] === -1) {
            index[w] = low[w] = counter++;
            stack.push(w);
            onStack[w] = 1;
            work.push([w, [...this.follow[w]!]]);
          } else if (onStack[w]) low[u] = Math.min(low[u]!, index[w]!);
          continue;
        }
        work.pop();
        if (work.length) {
          const parent = work[work.length - 1]![0];
          low[parent] = Math.min(low[parent]!, low[u]!);
        }
        if (low[u] === index[u]) {
          let size = 0;
          for (;;) {
            const w = stack.pop()!;
            onStack[w] = 0;
            comp[w] = comps;
            size++;
            if (w === u) break;
          }
          sizes.push(size);
          comps++;
        }
      }
    };
    for (let v = 0; v < n; v++) if (index[v] === -1) visit(v);
    const loops = new Set<number>();
    for (let v = 0; v < n; v++) if (sizes[comp[v]!]! > 1 || this.follow[v]!.has(v)) loops.add(comp[v]!);
    return { comp, loops };
  }
}

class TooBig extends Error {}

/** Two positions of `list` whose characters overlap (the engine must guess between them), or null. */
function overlapping(sets: readonly Ranges[], list: Iterable<number>): [number, number] | null {
  const arr = [...new Set(list)];
  for (let i = 0; i < arr.length; i++) for (let j = i + 1; j < arr.length; j++) if (intersects(sets[arr[i]!]!, sets[arr[j]!]!)) return [arr[i]!, arr[j]!];
  return null;
}

// ------------------------------------------------------------------ the dangerous shapes (rejected)

/** A repetition (max > 1) whose iterations can split one text several ways: (a+)+, (a*)*, (?:x{1,9}){1,9}. */
function ambiguousRepetition(node: AST.Node, fold: boolean): string | null {
  let found: string | null = null;
  const walk = (n: AST.Node): void => {
    if (found) return;
    if (n.type === "Quantifier" && n.max > 1) {
      const a = new Automaton(fold);
      let body: Frag;
      try {
        body = a.build(n.element);
      } catch (e) {
        if (e instanceof TooBig) {
          found = `the repetition \`${n.raw}\` is too large to check; bound it more tightly`;
          return;
        }
        throw e;
      }
      if (body.nullable) {
        found = `the repeated part of \`${n.raw}\` can match nothing, so its iterations can be split in endless ways; make each round consume a character, e.g. \`(a*)*\` → \`a*\`, \`(?:,?\\d*)+\` → \`\\d*(?:,\\d*)*\``;
        return;
      }
      // Characters with which the body could go on from a point where it could also have ended.
      const goOn = body.last.flatMap((x) => [...a.follow[x]!]);
      const firstSet = union(...body.first.map((p) => a.sets[p]!));
      const goOnSet = union(...goOn.map((p) => a.sets[p]!));
      if (intersects(firstSet, goOnSet)) {
        found = `the iterations of \`${n.raw}\` can split the same text in several ways (the part repeated inside can also start the next round); repeat one unambiguous unit, e.g. \`(?:a+)+\` → \`a+\`, \`(?:\\w+\\s?)+\` → \`\\w+(?:\\s\\w+)*\``;
        return;
      }
      // The body with its loop-back edges must choose deterministically.
      a.link(body.last, body.first);
      const pair = overlapping(a.sets, body.first) ?? a.follow.map((f) => overlapping(a.sets, f)).find((x) => x) ?? null;
      if (pair) {
        found = `inside the repetition \`${n.raw}\` two branches can take the same character, so a failing line makes the engine try every combination; make the alternatives start differently, e.g. \`(?:a|ab)*\` → \`(?:ab?)*\``;
        return;
      }
    }
    for (const key of ["alternatives", "elements", "element"] as const) {
      const v = (n as unknown as Record<string, unknown>)[key];
      if (Array.isArray(v)) (v as AST.Node[]).forEach(walk);
      else if (v && typeof v === "object") walk(v as AST.Node);
    }
  };
  walk(node);
  return found;
}

/**
 * Two loops that can trade the same run of text (`.*a.*`, `[^']*[^"]*`): the second can take over what the first
 * gives back, so each failing attempt costs the square of the line. Reported with the loops' text.
 */
function tradingLoops(a: Automaton, comp: Int32Array, loops: Set<number>): string | null {
  const n = a.sets.length;
  const loopSet = new Map<number, Ranges>();
  for (let v = 0; v < n; v++) if (loops.has(comp[v]!)) loopSet.set(comp[v]!, union(loopSet.get(comp[v]!) ?? [], a.sets[v]!));
  for (const [c1, u1] of loopSet) {
    // Walk out of loop c1 through positions whose characters c1 could also have taken.
    const seen = new Set<number>();
    const queue: { v: number; entry: Ranges | null }[] = [];
    for (let v = 0; v < n; v++) {
      if (comp[v] !== c1) continue;
      for (const w of a.follow[v]!) if (comp[w] !== c1 && intersects(a.sets[w]!, u1)) queue.push({ v: w, entry: null });
    }
    while (queue.length) {
      const { v, entry } = queue.pop()!;
      if (seen.has(v)) continue;
      seen.add(v);
      const here = entry ?? a.sets[v]!;
      const c2 = comp[v]!;
      if (loops.has(c2) && c2 !== c1) {
        // The second loop can run over the characters that let the walk leave the first.
        const u2 = loopSet.get(c2)!;
        if (intersects(u2, u1) && intersects(u2, here) && cycleWithin(a, comp, c1, u2)) return "two repeated parts can take the same characters with nothing between them that only one of them accepts (like `.*x.*`); put a character the first cannot take between them, e.g. `[^:]*:.*` instead of `.*:.*`";
      }
      for (const w of a.follow[v]!) if (intersects(a.sets[w]!, u1)) queue.push({ v: w, entry: here });
    }
  }
  return null;
}

/**
 * Whether loop `c` can come round to a point where it may be left using only characters that `u` also takes. If
 * every such round needs a character outside `u` (`(?:\w+\.)*` before `\w*`: the `.`), the second loop can take
 * over at most one round of what the first gives back, so a failing attempt stays linear.
 */
function cycleWithin(a: Automaton, comp: Int32Array, c: number, u: Ranges): boolean {
  const inside = (v: number) => comp[v] === c && intersects(a.sets[v]!, u);
  for (let e = 0; e < a.sets.length; e++) {
    if (!inside(e) || ![...a.follow[e]!].some((w) => comp[w] !== c)) continue; // an exit point of the loop
    const seen = new Set<number>();
    const stack = [...a.follow[e]!].filter(inside);
    while (stack.length) {
      const v = stack.pop()!;
      if (v === e) return true;
      if (seen.has(v)) continue;
      seen.add(v);
      for (const w of a.follow[v]!) if (inside(w)) stack.push(w);
    }
  }
  return false;
}

// ------------------------------------------------------------------ the verdict

function anchoredAtStart(p: AST.Pattern): boolean {
  return p.alternatives.every((alt) => {
    const first = alt.elements[0];
    return first !== undefined && first.type === "Assertion" && first.kind === "start";
  });
}

/**
 * Where a character can continue the match two ways, a backtracking engine may try both. That stays linear in two
 * cases, and only these are allowed on the native engine (the reason why not otherwise):
 * - a choice outside every loop: each way is tried at most once per attempt, so it costs a constant factor (the
 *   product of such factors is capped);
 * - one loop that may be left on a character it also takes (`[^\s"]*[/\\]nvcc`, `[^\]\s]+:\d+\]`), when what follows
 *   is deterministic and its loops cannot take that character: each exit point is tried once, and the scans from
 *   different exit points cover different text. At most one such loop per pattern.
 */
function boundedChoices(a: Automaton, first: readonly number[], comp: Int32Array, loops: Set<number>): string | null {
  const n = a.sets.length;
  const conflictsAt = (list: Iterable<number>): number[] => {
    const arr = [...new Set(list)];
    const involved = new Set<number>();
    for (let i = 0; i < arr.length; i++) for (let j = i + 1; j < arr.length; j++) if (intersects(a.sets[arr[i]!]!, a.sets[arr[j]!]!)) involved.add(arr[i]!).add(arr[j]!);
    return [...involved];
  };
  const reach = (from: number): Set<number> => {
    const seen = new Set<number>();
    const stack = [from];
    while (stack.length) {
      const v = stack.pop()!;
      if (seen.has(v)) continue;
      seen.add(v);
      for (const w of a.follow[v]!) stack.push(w);
    }
    return seen;
  };
  let factor = conflictsAt(first).length || 1;
  let exits = 0;
  for (let p = 0; p < n; p++) {
    const involved = conflictsAt(a.follow[p]!);
    if (involved.length === 0) continue;
    if (!loops.has(comp[p]!)) {
      factor *= involved.length;
      if (factor > 64) return "too many ways to continue the match";
      continue;
    }
    // A loop of one position, choosing between going round and leaving.
    const single = a.follow[p]!.has(p) && [...a.follow[p]!].every((w) => w === p || comp[w] !== comp[p]);
    const out = involved.filter((w) => w !== p);
    if (!single || out.length !== 1 || !involved.includes(p)) return "a character can continue a repetition two ways";
    const exit = out[0]!;
    const exitChars = a.sets[exit]!.filter(() => true);
    const rest = reach(exit);
    for (const v of rest) {
      if (comp[v] === comp[p]) return "a repetition can be left and entered again on the same character";
      if (conflictsAt(a.follow[v]!).length) return "a character can continue the match two ways after leaving a repetition";
      if (loops.has(comp[v]!) && intersects(a.sets[v]!, exitChars)) return "a repetition after a loop's exit can take the exit's character";
    }
    if (++exits > 1) return "two repetitions can each be left on a character they also take";
  }
  return null;
}

/** Guarded: every way from the pattern's start into a loop passes a character that loop cannot take. */
function guarded(a: Automaton, start: readonly number[], comp: Int32Array, loops: Set<number>): boolean {
  const n = a.sets.length;
  const loopSet = new Map<number, Ranges>();
  for (let v = 0; v < n; v++) if (loops.has(comp[v]!)) loopSet.set(comp[v]!, union(loopSet.get(comp[v]!) ?? [], a.sets[v]!));
  for (const [c, u] of loopSet) {
    const seen = new Uint8Array(n);
    const stack = start.filter((v) => comp[v] === c || intersects(a.sets[v]!, u));
    while (stack.length) {
      const v = stack.pop()!;
      if (seen[v]) continue;
      seen[v] = 1;
      if (comp[v] === c) return false;
      for (const w of a.follow[v]!) if (!seen[w] && (comp[w] === c || intersects(a.sets[w]!, u))) stack.push(w);
    }
  }
  return true;
}

const parser = new RegExpParser({ ecmaVersion: 2025 });

/**
 * The one verdict for a note pattern (flags: "" or "i"). Deterministic: a pure function of its arguments.
 * `anchored`: the pattern is only ever tried at the start of a line (log prefixes).
 */
export function regexSafety(source: string, flags: string, options: { anchored?: boolean } = {}): SafetyVerdict {
  let ast: AST.Pattern;
  try {
    ast = parser.parsePattern(source, 0, source.length, { unicode: false, unicodeSets: false });
  } catch (e) {
    return { ok: false, message: `regex does not parse: ${(e as Error).message}` };
  }
  const fold = flags.includes("i");
  let re2: string;
  try {
    re2 = (fold ? "(?i)" : "") + toRe2(ast);
  } catch (e) {
    if (e instanceof Unsupported) return { ok: false, message: `regex uses ${e.message}` };
    throw e;
  }
  const shape = ambiguousRepetition(ast, fold);
  if (shape) return { ok: false, message: `regex can backtrack catastrophically: ${shape}` };
  const a = new Automaton(fold);
  let frag: Frag;
  try {
    frag = a.build(ast);
  } catch (e) {
    if (e instanceof TooBig) return { ok: true, engine: "linear", re2, why: "too many positions to prove it linear for a backtracking engine" };
    throw e;
  }
  const { comp, loops } = a.components();
  const trade = tradingLoops(a, comp, loops);
  if (trade) return { ok: false, message: `regex can backtrack catastrophically: ${trade}` };
  // Case folding beyond ASCII is left to RE2: the sets above fold ASCII only, which is exact for a set that holds
  // all of the non-ASCII range or none of it (JavaScript's `i` never folds a non-ASCII letter to an ASCII one).
  const NON_ASCII: Ranges = [[0x80, MAX_CP]];
  if (fold && a.sets.some((s) => intersects(s, NON_ASCII) && intersects(complement(s), NON_ASCII))) {
    return { ok: true, engine: "linear", re2, why: "case folding of non-ASCII letters" };
  }
  const choices = boundedChoices(a, frag.first, comp, loops);
  if (choices) return { ok: true, engine: "linear", re2, why: choices };
  if (!options.anchored && !anchoredAtStart(ast) && !guarded(a, frag.first, comp, loops)) return { ok: true, engine: "linear", re2, why: "a loop can be entered from many start positions over the same text" };
  return { ok: true, engine: "native", re2, why: "deterministic and guarded: linear for a backtracking engine" };
}
