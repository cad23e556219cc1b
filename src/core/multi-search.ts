// Finds which of many literal strings ("atoms") occur in a line, in one pass: Wu–Manber with blocks of two
// characters (a table of how far the window may jump, and the atoms that can end at a block). Atoms may be
// case-insensitive (ASCII letters fold). Plain JS, no node:* (the core runs in the browser too).

const TABLE = 1 << 14;
const MASK = TABLE - 1;

function fold(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

function hash(a: number, b: number): number {
  return ((a * 131) ^ b) & MASK;
}

/** The case variants of a character (an insensitive atom is entered under each). */
function variants(c: number, insensitive: boolean): number[] {
  if (!insensitive) return [c];
  const l = fold(c);
  return l >= 97 && l <= 122 ? [l, l - 32] : [c];
}

// The most frequent character pairs (case-folded) in build logs, most frequent first: an atom is keyed on
// its window of rarest pairs, so that the scan jumps further and verifies less.
const COMMON =
  "in/l -i/ordeexxtlihoe /tth  lat/abomudncbear/c**cle/-iluibme/ipa/hd_rcon/wtorkciwok/teench_prtpyirrdilhityy/erptcoopre12siveh/-dytstbu2/ngs/esnev/g leelnsitnv/sui^^geseld-crn/o.1/p3.dimpcu/.edn3iosr.val, acniagut_cnuckis/bti: e--pd  b86s b/t katuun6_waatda_6up64nd /pi wt.cp ianuxx8n e=ruet f \"usma__lsd/_eevx- sc/_ob1-x";
const commonness = new Map<string, number>();
for (let i = 0; i + 1 < COMMON.length; i += 2) {
  const pair = COMMON.slice(i, i + 2);
  if (!commonness.has(pair)) commonness.set(pair, COMMON.length - i);
}
function pairCost(a: number, b: number): number {
  return commonness.get(String.fromCharCode(fold(a), fold(b))) ?? 0;
}

export interface SearchAtom {
  readonly text: string;
  readonly insensitive: boolean;
}

export class MultiSearch {
  /** Window length: the shortest atom (at least 2). */
  private readonly m: number;
  private readonly shift: Uint8Array;
  /** Per block hash: the atoms whose m-prefix ends with that block (index lists). */
  private readonly bucket: (Int32Array | undefined)[];
  private readonly atoms: readonly SearchAtom[];
  private readonly lower: readonly string[];
  /** Where each atom's key window starts inside it. */
  private readonly offset: Int32Array;

  constructor(atoms: readonly SearchAtom[]) {
    this.atoms = atoms;
    this.lower = atoms.map((a) => a.text.toLowerCase());
    const m = Math.max(2, Math.min(...atoms.map((a) => a.text.length), 255));
    this.m = m;
    const shift = new Uint8Array(TABLE).fill(m - 1);
    const lists: number[][] = [];
    this.offset = new Int32Array(atoms.length);
    atoms.forEach((a, i) => {
      const t = a.text;
      let best = 0;
      let bestCost = Infinity;
      for (let o = 0; o + m <= t.length; o++) {
        let cost = 0;
        for (let j = o + 1; j < o + m; j++) cost += pairCost(t.charCodeAt(j - 1), t.charCodeAt(j)) * (j === o + m - 1 ? 3 : 1);
        if (cost < bestCost) {
          bestCost = cost;
          best = o;
        }
      }
      this.offset[i] = best;
      for (let j = 1; j < m; j++) {
        const s = m - 1 - j;
        for (const x of variants(t.charCodeAt(best + j - 1), a.insensitive)) {
          for (const y of variants(t.charCodeAt(best + j), a.insensitive)) {
            const h = hash(x, y);
            if (s < shift[h]!) shift[h] = s;
            if (s === 0 && !(lists[h] ??= []).includes(i)) lists[h]!.push(i);
          }
        }
      }
    });
    this.shift = shift;
    this.bucket = [];
    for (let h = 0; h < TABLE; h++) this.bucket[h] = lists[h] ? Int32Array.from(lists[h]!) : undefined;
  }

  /**
   * Calls `found(i, start)` for each atom `i` found in `text` at `start` (an atom may be reported more than
   * once; starts come nearly in order: sorted by where the atom's key window ends).
   */
  scan(text: string, found: (i: number, start: number) => void): boolean {
    const n = text.length;
    const m = this.m;
    const shift = this.shift;
    let any = false;
    let pos = m - 1;
    while (pos < n) {
      const h = ((text.charCodeAt(pos - 1) * 131) ^ text.charCodeAt(pos)) & MASK;
      const s = shift[h]!;
      if (s !== 0) {
        pos += s;
        continue;
      }
      const list = this.bucket[h]!;
      const end = pos - m + 1;
      for (let k = 0; k < list.length; k++) {
        const i = list[k]!;
        const a = this.atoms[i]!;
        const start = end - this.offset[i]!;
        if (start < 0) continue;
        if (a.insensitive ? this.matchesFolded(text, start, this.lower[i]!) : text.startsWith(a.text, start)) {
          found(i, start);
          any = true;
        }
      }
      pos++;
    }
    return any;
  }

  private matchesFolded(text: string, start: number, lower: string): boolean {
    if (start + lower.length > text.length) return false;
    for (let k = 0; k < lower.length; k++) {
      const c = text.charCodeAt(start + k);
      const l = lower.charCodeAt(k);
      if (c !== l && fold(c) !== l) return false;
    }
    return true;
  }
}
