// Required literals ("atoms") of a regex source: a set of strings such that every match of the regex
// contains at least one of them. The matcher uses them as a cheap pre-check (one scan for literals instead
// of an alternation of full patterns) and to run, on a line that passes, only the patterns whose atom is
// present. A pattern with no usable atom (too short, or none) returns null and is tested the plain way.
//
// Consecutive parts with a small finite language (a literal, `[:：]`, `(?:fatal )?`, `(?:gcc|g\+\+)`) are
// multiplied out, so that `-l(?:cudart|cufft)` gives `-lcudart`, `-lcufft` rather than the shorter names,
// and `: (?:not found|No such file)` beats a literal that every compiler command holds. Longer atoms make
// the scan jump further and open fewer patterns.

export const MIN_ATOM = 3;

/** The most strings a run of finite parts may multiply out to (beyond it, the run is cut there). */
const MAX_EXACT = 16;

type Atoms = string[] | null;

/** What a piece of regex says: the atoms every match holds (null: none), and its whole language if small. */
interface Piece {
  readonly atoms: Atoms;
  /** Every string the piece can match, when there are at most MAX_EXACT (null: more, or unbounded). */
  readonly exact: string[] | null;
}

/** The atoms of `source` (JS syntax); `null` when some match need not contain a literal of MIN_ATOM chars. */
export function requiredAtoms(source: string, minLength = MIN_ATOM): string[] | null {
  try {
    const p = new AtomParser(source, minLength);
    const { atoms } = p.alternation();
    if (p.i !== source.length) return null;
    return atoms && atoms.length ? [...new Set(atoms)] : null;
  } catch {
    return null;
  }
}

/**
 * The atoms the matcher gates a pattern with: its required literals of MIN_ATOM+ characters, else (for a
 * case-sensitive pattern) of 2+; none for a case-insensitive pattern whose literals are not ASCII (the 'i'
 * flag without 'u' folds ASCII letters only, so the scan could not fold them the same way).
 */
export function planAtoms(source: string, flags: string): string[] | null {
  const insensitive = flags.includes("i");
  let found = requiredAtoms(source);
  if (found && insensitive && found.some((a) => /[^\x00-\x7f]/.test(a))) found = null;
  if (!found && !insensitive) found = requiredAtoms(source, 2);
  return found;
}

function cross(a: readonly string[], b: readonly string[]): string[] | null {
  if (a.length * b.length > MAX_EXACT) return null;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return [...out];
}

class AtomParser {
  i = 0;
  constructor(
    private readonly s: string,
    private readonly min: number,
  ) {}

  /** alt ('|' alt)*: every alternative must have atoms; the union is the answer. */
  alternation(): Piece {
    let atoms: string[] | null = [];
    let exact: string[] | null = [];
    for (;;) {
      const a = this.sequence();
      if (a.atoms === null) atoms = null;
      else if (atoms !== null) atoms.push(...a.atoms);
      if (a.exact === null || exact === null || exact.length + a.exact.length > MAX_EXACT) exact = null;
      else exact = [...new Set([...exact, ...a.exact])];
      if (this.s[this.i] === "|") {
        this.i++;
        continue;
      }
      return { atoms, exact };
    }
  }

  /** A sequence: the best of its runs of finite parts (multiplied out) and of its mandatory groups' atoms. */
  sequence(): Piece {
    const s = this.s;
    let best: Atoms = null;
    /** The strings the current run of finite parts can be (`[""]`: an empty run). */
    let run: string[] = [""];
    /** Whether the whole sequence so far is one run (then the run is the sequence's language). */
    let whole = true;
    const consider = (cand: Atoms) => {
      if (cand === null || cand.length === 0 || cand.some((a) => a.length < this.min)) return;
      if (best === null || score(cand) > score(best)) best = cand;
    };
    const endRun = (next: string[] = [""]) => {
      consider(run);
      run = next;
    };
    /** Appends a part with language `exact` (null: not finite) to the run. */
    const append = (exact: string[] | null) => {
      if (exact === null) {
        whole = false;
        endRun();
        return;
      }
      const joined = cross(run, exact);
      if (joined === null) {
        whole = false;
        endRun(exact);
      } else run = joined;
    };
    while (this.i < s.length) {
      const c = s[this.i]!;
      if (c === "|" || c === ")") break;
      let part: Piece;
      if (c === "\\") {
        part = this.escape();
      } else if (c === "[") {
        const end = classEnd(s, this.i);
        if (end < 0) throw new Error("bad class");
        part = { atoms: null, exact: smallClass(s.slice(this.i + 1, end)) };
        this.i = end + 1;
      } else if (c === "(") {
        let look = false;
        if (s[this.i + 1] === "?") {
          const r = s.slice(this.i + 2, this.i + 4);
          if (r.startsWith(":")) this.i += 3;
          else if (r.startsWith("=") || r.startsWith("!")) {
            look = true;
            this.i += 3;
          } else if (r === "<=" || r === "<!") {
            look = true;
            this.i += 4;
          } else if (r.startsWith("<")) this.i = s.indexOf(">", this.i) + 1;
          else throw new Error("unknown group");
        } else this.i++;
        const inner = this.alternation();
        if (s[this.i] !== ")") throw new Error("unbalanced");
        this.i++;
        // A lookaround matches no text: it adds nothing to the run and holds no atom of the match.
        part = look ? { atoms: null, exact: [""] } : inner;
      } else if (c === "^" || c === "$") {
        this.i++;
        part = { atoms: null, exact: [""] };
      } else if (c === ".") {
        this.i++;
        part = { atoms: null, exact: null };
      } else if (c === "*" || c === "+" || c === "?" || c === "{") {
        throw new Error("stray quantifier");
      } else {
        this.i++;
        part = { atoms: null, exact: [c] };
      }
      const q = this.quantifier();
      if (q === "optional") {
        // x? is finite (x or nothing); x*, x{0,n}: cut the run.
        append(this.lastOptionalIsQuestion && part.exact !== null ? [...new Set(["", ...part.exact])] : null);
        continue;
      }
      if (q === "repeat") {
        // "ab+c": "ab" and "bc" are required, "abc" is not: the run ends after one round and a new one
        // starts with the last round.
        append(part.exact);
        if (part.exact !== null) {
          whole = false;
          endRun(part.exact);
        }
        consider(part.atoms);
        continue;
      }
      append(part.exact);
      consider(part.atoms);
    }
    const exact = whole ? run : null;
    endRun();
    return { atoms: best, exact };
  }

  /** An escape at `i`: a literal character, a zero-width assertion, or a class (not finite). */
  private escape(): Piece {
    const s = this.s;
    const e = s[this.i + 1] ?? "";
    this.i += 2;
    let lit: string | null = null;
    if (e === "x") {
      lit = String.fromCharCode(parseInt(s.slice(this.i, this.i + 2), 16));
      this.i += 2;
    } else if (e === "u" && s[this.i] !== "{") {
      lit = String.fromCharCode(parseInt(s.slice(this.i, this.i + 4), 16));
      this.i += 4;
    } else if (e === "t") lit = "\t";
    else if (e === "n") lit = "\n";
    else if (e === "r") lit = "\r";
    else if (e === "b" || e === "B") return { atoms: null, exact: [""] };
    else if (e === "p" || e === "P" || e === "u") {
      if (s[this.i] === "{") this.i = s.indexOf("}", this.i) + 1;
    } else if (e === "k") {
      this.i = s.indexOf(">", this.i) + 1;
    } else if (e === "c") this.i++;
    else if (/[dDsSwW0-9fv]/.test(e)) {
      /* a class or a backreference: not a literal */
    } else lit = e;
    return { atoms: null, exact: lit === null ? null : [lit] };
  }

  /** Whether the optional quantifier just read was `?` (finite) rather than `*` or `{0,n}`. */
  private lastOptionalIsQuestion = false;

  /** Consumes a quantifier: "optional" (may match zero times), "repeat" (one or more), or null. */
  quantifier(): "optional" | "repeat" | null {
    const s = this.s;
    const c = s[this.i];
    let kind: "optional" | "repeat" | null = null;
    this.lastOptionalIsQuestion = false;
    if (c === "?" || c === "*") {
      kind = "optional";
      this.lastOptionalIsQuestion = c === "?";
      this.i++;
    } else if (c === "+") {
      kind = "repeat";
      this.i++;
    } else if (c === "{") {
      const m = /^\{(\d+)(,\d*)?\}/.exec(s.slice(this.i));
      if (!m) return null; // a literal '{'... treated by the caller as the next term
      this.i += m[0].length;
      const lo = Number(m[1]);
      kind = lo === 0 ? "optional" : m[2] === undefined && lo === 1 ? null : "repeat";
    } else return null;
    if (s[this.i] === "?") this.i++; // lazy
    return kind;
  }
}

/**
 * The members of a character class written as a short list of plain characters (`[:：]`, `[/\\]`, `[Ee]`);
 * null for anything else (ranges, negation, `\s`, more than four members).
 */
function smallClass(body: string): string[] | null {
  if (body.startsWith("^")) return null;
  const out: string[] = [];
  for (let i = 0; i < body.length; i++) {
    let ch = body[i]!;
    if (ch === "\\") {
      const e = body[++i] ?? "";
      if (/[\w]/.test(e)) return null; // \s, \d, \w, \n, \x..: not worth enumerating
      ch = e;
    } else if (ch === "-" && i > 0 && i < body.length - 1) return null; // a range
    if (!out.includes(ch)) out.push(ch);
    if (out.length > 4) return null;
  }
  return out.length ? out : null;
}

/** Fewer, longer atoms are better: the shortest atom counts most. */
function score(atoms: string[]): number {
  const shortest = Math.min(...atoms.map((a) => a.length));
  return Math.min(shortest, 12) * 8 - atoms.length;
}

function classEnd(s: string, start: number): number {
  let i = start + 1;
  if (s[i] === "^") i++;
  if (s[i] === "]") return -1; // "[]": JS's empty class; not used by notes
  for (; i < s.length; i++) {
    if (s[i] === "\\") i++;
    else if (s[i] === "]") return i;
  }
  return -1;
}
