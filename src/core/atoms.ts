// Required literals ("atoms") of a regex source: a set of strings such that every match of the regex
// contains at least one of them. The matcher uses them as a cheap pre-check (one scan for literals instead
// of an alternation of full patterns) and to run, on a line that passes, only the patterns whose atom is
// present. A pattern with no usable atom (too short, or none) returns null and is tested the plain way.

export const MIN_ATOM = 3;

type Atoms = string[] | null;

/** The atoms of `source` (JS syntax); `null` when some match need not contain a literal of MIN_ATOM chars. */
export function requiredAtoms(source: string, minLength = MIN_ATOM): string[] | null {
  try {
    const p = new AtomParser(source, minLength);
    const atoms = p.alternation();
    if (p.i !== source.length) return null;
    return atoms && atoms.length ? [...new Set(atoms)] : null;
  } catch {
    return null;
  }
}

class AtomParser {
  i = 0;
  constructor(
    private readonly s: string,
    private readonly min: number,
  ) {}

  /** alt ('|' alt)*: every alternative must have atoms; the union is the answer. */
  alternation(): Atoms {
    let out: string[] | null = [];
    for (;;) {
      const a = this.sequence();
      if (a === null) out = null;
      else if (out !== null) out.push(...a);
      if (this.s[this.i] === "|") {
        this.i++;
        continue;
      }
      return out;
    }
  }

  /** A sequence: the best of its mandatory literal runs and mandatory groups. */
  sequence(): Atoms {
    const s = this.s;
    let best: Atoms = null;
    let run = "";
    const consider = (cand: Atoms) => {
      if (cand === null || cand.length === 0 || cand.some((a) => a.length < this.min)) return;
      if (best === null || score(cand) > score(best)) best = cand;
    };
    const endRun = () => {
      if (run.length >= this.min) consider([run]);
      run = "";
    };
    while (this.i < s.length) {
      const c = s[this.i]!;
      if (c === "|" || c === ")") break;
      let lit: string | null = null; // a literal character
      let group: Atoms | undefined; // a group's atoms (null: none)
      let zeroWidth = false;
      if (c === "\\") {
        const e = s[this.i + 1] ?? "";
        this.i += 2;
        if (e === "x") {
          lit = String.fromCharCode(parseInt(s.slice(this.i, this.i + 2), 16));
          this.i += 2;
        } else if (e === "u" && s[this.i] !== "{") {
          lit = String.fromCharCode(parseInt(s.slice(this.i, this.i + 4), 16));
          this.i += 4;
        } else if (e === "t") lit = "\t";
        else if (e === "n") lit = "\n";
        else if (e === "r") lit = "\r";
        else if (e === "b" || e === "B") zeroWidth = true;
        else if (e === "p" || e === "P" || e === "u") {
          if (s[this.i] === "{") this.i = s.indexOf("}", this.i) + 1;
        } else if (e === "k") {
          this.i = s.indexOf(">", this.i) + 1;
        } else if (e === "c") this.i++;
        else if (/[dDsSwW0-9fv]/.test(e)) {
          /* a class or a backreference: not a literal */
        } else lit = e;
      } else if (c === "[") {
        this.i = classEnd(s, this.i) + 1;
        if (this.i === 0) throw new Error("bad class");
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
        if (look) zeroWidth = true;
        else group = inner;
      } else if (c === "^" || c === "$") {
        this.i++;
        zeroWidth = true;
      } else if (c === ".") {
        this.i++;
      } else if (c === "*" || c === "+" || c === "?" || c === "{") {
        throw new Error("stray quantifier");
      } else {
        lit = c;
        this.i++;
      }
      // A quantifier after the term?
      const q = this.quantifier();
      if (zeroWidth) {
        endRun();
        continue;
      }
      if (q === "optional") {
        endRun();
        continue;
      }
      if (lit !== null) {
        run += lit;
        if (q === "repeat") endRun(); // "ab+c": "ab" is required, "bc" too, but not "abc"
        continue;
      }
      endRun();
      if (group !== undefined) consider(group);
    }
    endRun();
    return best;
  }

  /** Consumes a quantifier: "optional" (may match zero times), "repeat" (one or more), or null. */
  quantifier(): "optional" | "repeat" | null {
    const s = this.s;
    const c = s[this.i];
    let kind: "optional" | "repeat" | null = null;
    if (c === "?" || c === "*") {
      kind = "optional";
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

/** Fewer, longer atoms are better: the shortest atom counts most. */
function score(atoms: string[]): number {
  const shortest = Math.min(...atoms.map((a) => a.length));
  return Math.min(shortest, 12) * 4 - atoms.length;
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
