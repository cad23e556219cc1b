// Stage 3: cleaned lines → findings. One pass, constant memory: one scan for the patterns' required
// literals ("atoms") rejects most lines, and a passing line runs only the patterns whose atoms it holds; conditions on neighbours are kept as "line number where this context regex last matched"
// (before) and as a short queue of open windows (after). The matcher knows only what the notes say.

import type { Condition, Facts, Finding, KnowledgeBase, PatternSpec, Severity, Signature, Symptom } from "./types.js";
import { noteRegex, unionRegex, type NoteRegex, type RegexMatch, type RegexPlan } from "./note-regex.js";
import { planAtoms } from "./atoms.js";
import type { Cleaner } from "./clean.js";
import { MultiSearch } from "./multi-search.js";
import { settleOutcomes } from "./outcome.js";

interface CompiledCondition {
  readonly ctx: number; // index into the context regex table
  readonly where: Condition["where"];
  readonly within: number;
  readonly not: boolean;
}

interface CompiledPattern {
  readonly note: Signature;
  readonly re: NoteRegex;
  readonly spec: PatternSpec;
  readonly requires: readonly CompiledCondition[];
  /** "after" requirements: the finding is held until they are met or their window closes (then dropped). */
  readonly awaits: readonly CompiledCondition[];
  readonly flips: readonly { readonly to: Severity; readonly when: CompiledCondition }[];
  /** Regexes ("after" conditions) whose named groups on a following line add facts to the finding. */
  readonly next: readonly CompiledCondition[];
  /** More conditions = more specific: it wins a line over a plainer pattern. */
  readonly specificity: number;
  readonly order: number;
  /** Indexes into the atom table: the line must contain one of them (null: no atom, always tried). */
  readonly atoms: Int32Array | null;
  /** Its number among every gated regex (causes, symptoms, facts, error-like, contexts). */
  readonly slot: number;
}

/**
 * The literal pre-check: every pattern's required literals ("atoms", see atoms.ts) in one table, found by
 * one scan per line; patterns without an atom form a small residual regex tested the plain way.
 */
interface AtomTable {
  /** Finds the atoms in a line in one pass (null: no atoms). */
  readonly search: MultiSearch | null;
  /** For each atom, the other atoms of its kind that it contains (found at once when it is found). */
  readonly implied: readonly (readonly number[])[];
  /** For each atom, the slots of the regexes it gates. */
  readonly users: readonly Int32Array[];
  readonly size: number;
  /** The search's atom number → the table's index. */
  readonly fromSearch: Int32Array;
  /** Atoms shorter than the search takes (two CJK characters): found by indexOf, or a global 'i' regex (`folded`). */
  readonly short: readonly { readonly text: string; readonly index: number; readonly folded: RegExp | null }[];
}

export interface LineClaim {
  readonly kind: "cause" | "symptom";
  readonly note: Signature;
  readonly severity: Severity | undefined;
  readonly facts: Facts;
}

export interface MatchSink {
  /**
   * A settled finding: its severity no longer changes (findings with "after" windows are held until those
   * close, at most `within` lines later). `outcome`: the pattern's condition on the log's outcome, which
   * only the end of the log can settle (see outcome.ts).
   */
  finding(f: Finding, outcome?: Severity): void;
  symptom(s: Symptom): void;
  /** A line that looks like an error and that no cause or symptom note claims; `noteId`: the error-like note. */
  errorLike(line: number, text: string, noteId: string): void;
  fact(name: string, value: string): void;
}

/** An open "after" window: a severity flip, or facts a following line carries on (`to` absent). */
interface PendingFlip {
  readonly finding: MutableFinding;
  readonly to?: Severity;
  /** An "after" requirement of a held finding: the window marks it met. */
  readonly held?: Held;
  readonly when: CompiledCondition;
  readonly until: number;
  done?: boolean;
}

/** Whether pattern `a` wins a line over `b`: more conditions, then higher priority, then written first. */
function beats(a: CompiledPattern, b: CompiledPattern): boolean {
  if (a.specificity !== b.specificity) return a.specificity > b.specificity;
  if (a.note.priority !== b.note.priority) return a.note.priority > b.note.priority;
  return a.order < b.order;
}

interface MutableFinding {
  id: string;
  severity: Severity;
  line: number;
  text: string;
  facts: Facts;
}

/** A finding held until its "after" windows close: then it is handed on, or dropped for its fallback. */
interface Held {
  readonly finding: MutableFinding;
  readonly pattern: CompiledPattern;
  readonly until: number;
  /** Its "after" requirements not yet met (negated ones: not yet contradicted, counted apart). */
  unmet: number;
  broken: boolean;
  /** A held finding that wins this line if it settles (this one is then dropped). */
  readonly shadowedBy: Held | undefined;
  /** What the line is when this finding is dropped (a symptom, an error line), if not another finding. */
  fallback?: (() => void) | undefined;
  dropped?: boolean;
}

/** The knowledge base compiled for matching: build once, share between streams. */
export class Matcher {
  readonly causes: readonly CompiledPattern[];
  readonly symptoms: readonly CompiledPattern[];
  readonly errorLike: readonly NoteRegex[];
  /** The error-like note of each error-like regex. */
  readonly errorLikeNotes: readonly string[];
  readonly facts: readonly CompiledPattern[];
  readonly contexts: readonly NoteRegex[];
  /** The log prefixes (`kind: prefix`), removed from the start of each line by the cleaner. */
  readonly prefixes: readonly RegexPlan[];
  readonly byId: ReadonlyMap<string, Signature>;

  constructor(kb: KnowledgeBase) {
    const contextIndex = new Map<string, number>();
    const contexts: NoteRegex[] = [];
    let slots = 0;
    const users: number[][] = [];
    const gated = (atoms: Int32Array | null): number => {
      const slot = slots++;
      if (atoms) for (const a of atoms) (users[a] ??= []).push(slot);
      return slot;
    };
    const errorLikeSlots: number[] = [];
    const atomsS = new Map<string, number>();
    const atomsI = new Map<string, number>();
    const atomList: { text: string; insensitive: boolean }[] = [];
    const residualS: RegexPlan[] = [];
    const residualI: RegexPlan[] = [];
    const atomsOf = (plan: RegexPlan, tryAlways = true): Int32Array | null => {
      const insensitive = plan.flags.includes("i");
      // Worked out when the notes were compiled (kb.json), or here for a plan made on the fly.
      const found = plan.atoms !== undefined ? plan.atoms : planAtoms(plan.regex, plan.flags);
      if (!found) {
        if (tryAlways) (insensitive ? residualI : residualS).push(plan);
        return null;
      }
      const table = insensitive ? atomsI : atomsS;
      return Int32Array.from(found, (a) => {
        const key = insensitive ? a.toLowerCase() : a;
        let i = table.get(key);
        if (i === undefined) {
          i = atomList.length;
          table.set(key, i);
          atomList.push({ text: key, insensitive });
        }
        return i;
      });
    };
    /** Per context: the widest "before" window that reads it (0: none). */
    const contextBefore: number[] = [];
    const ctx = (c: Condition): CompiledCondition => {
      let i = contextIndex.get(c.regex);
      if (i === undefined) {
        i = contexts.length;
        contextIndex.set(c.regex, i);
        const plan: RegexPlan = { regex: c.regex, flags: "", engine: c.engine, re2: c.re2 };
        contexts.push(noteRegex(plan));
        contextBefore.push(0);
      }
      if (c.where === "before") contextBefore[i] = Math.max(contextBefore[i]!, c.within);
      return { ctx: i, where: c.where, within: c.within, not: c.not };
    };
    const errorLikeAtoms: (Int32Array | null)[] = [];
    const causes: CompiledPattern[] = [];
    const symptoms: CompiledPattern[] = [];
    const facts: CompiledPattern[] = [];
    const errorLike: NoteRegex[] = [];
    const errorLikeNotes: string[] = [];
    const prefixes: RegexPlan[] = [];
    let order = 0;
    // The atoms of the messages a paste may glue mid-line (prefix patterns with `split`): a line without
    // one is not looked at for pieces. One such pattern without atoms: every long line is.
    const gluedAtoms: number[] = [];
    let gluedAnywhere = false;
    for (const note of kb.notes) {
      for (const spec of note.patterns) {
        if (note.kind === "prefix") {
          prefixes.push(spec);
          if (spec.split) {
            const atoms = atomsOf(spec, false);
            if (atoms === null) gluedAnywhere = true;
            else gluedAtoms.push(...atoms);
          }
          continue;
        }
        if (note.kind === "tree") continue;
        if (note.kind === "error-like") {
          errorLike.push(noteRegex(spec));
          errorLikeNotes.push(note.id);
          errorLikeAtoms.push(atomsOf(spec));
          errorLikeSlots.push(gated(errorLikeAtoms[errorLikeAtoms.length - 1]!));
          continue;
        }
        const requires = spec.requires.filter((c) => c.where !== "after").map(ctx);
        const awaits = spec.requires.filter((c) => c.where === "after").map(ctx);
        const flips = spec.flips.map((f) => ({ to: f.to, when: ctx(f.when) }));
        const next = (spec.next ?? []).map((n) => ctx({ regex: n.regex, engine: n.engine, re2: n.re2, where: "after", within: n.within, not: false }));
        const atoms = atomsOf(spec);
        const compiled: CompiledPattern = {
          note,
          spec,
          re: noteRegex(spec),
          requires,
          awaits,
          flips,
          next,
          specificity: requires.filter((c) => !c.not).length + awaits.filter((c) => !c.not).length,
          order: order++,
          atoms,
          slot: gated(atoms),
        };
        if (note.kind === "cause") causes.push(compiled);
        else if (note.kind === "symptom") symptoms.push(compiled);
        else if (note.kind === "fact") facts.push(compiled);
      }
    }
    // Contexts are not scanned for: one is read only when a pattern that names it has matched ("line",
    // "before": the recent lines are kept for that) or while its "after" window is open (then every line is
    // looked at). So a line holding only a context's words costs nothing.
    this.beforeWithin = Int32Array.from(contextBefore);
    this.recent = contextBefore.some((w) => w > 0) ? Math.max(...contextBefore) + 1 : 0;
    this.gluedSlot = gluedAnywhere || !gluedAtoms.length ? -1 : gated(Int32Array.from(new Set(gluedAtoms)));
    // What each slot gates, so that a line runs only the patterns its atoms opened (in the notes' order).
    const slotKind = new Uint8Array(slots);
    const slotIndex = new Int32Array(slots).fill(-1);
    const always: number[] = [];
    const own = (kind: number, list: readonly { readonly slot: number; readonly atoms: Int32Array | null }[]) =>
      list.forEach((p, i) => {
        slotKind[p.slot] = kind;
        slotIndex[p.slot] = i;
        if (p.atoms === null) always.push(p.slot);
      });
    own(SLOT_CAUSE, causes);
    own(SLOT_SYMPTOM, symptoms);
    own(SLOT_FACT, facts);
    own(SLOT_ERROR_LIKE, errorLikeSlots.map((slot, i) => ({ slot, atoms: errorLikeAtoms[i]! })));
    this.slotKind = slotKind;
    this.slotIndex = slotIndex;
    this.alwaysOpen = Int32Array.from(always.sort((a, b) => a - b));
    this.causes = causes;
    this.symptoms = symptoms;
    this.facts = facts;
    this.errorLike = errorLike;
    this.errorLikeNotes = errorLikeNotes;
    this.contexts = contexts;
    this.prefixes = prefixes;
    this.byId = new Map(kb.notes.map((n) => [n.id, n]));
    this.slots = slots;
    // Patterns with no atom are tried whole on every line, joined into one regex per flag set.
    this.residual = [unionRegex(residualS, false), unionRegex(residualI, false)].filter((r): r is NoteRegex => r !== null);
    const escape = (a: string) => a.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    const implied = atomList.map((a, i) =>
      atomList.flatMap((b, j) => (j !== i && b.insensitive === a.insensitive && a.text.includes(b.text) ? [j] : [])),
    );
    // The scan's window is its shortest atom: short case-sensitive atoms are found apart (indexOf), so that
    // a few short ones (two CJK characters) do not slow the scan of everything else.
    // (A short case-insensitive atom is found by a global 'i' regex of its letters: V8 runs those natively.)
    const inSearch = (a: { text: string; insensitive: boolean }) => a.text.length >= SEARCH_MIN;
    const long = atomList.flatMap((a, i) => (inSearch(a) ? [i] : []));
    this.atomTable = {
      search: long.length ? new MultiSearch(long.map((i) => atomList[i]!)) : null,
      fromSearch: Int32Array.from(long),
      short: atomList.flatMap((a, index) => (inSearch(a) ? [] : [{ text: a.text, index, folded: a.insensitive ? new RegExp(escape(a.text), "gi") : null }])),
      implied,
      users: atomList.map((_, i) => Int32Array.from(users[i] ?? [])),
      size: atomList.length,
    };
  }

  /** The atom pre-check's tables (see atoms.ts). */
  readonly atomTable: AtomTable;
  /** Per slot: the kind of regex it gates (SLOT_*; 0: a context or the glued messages) and its index in that list. */
  readonly slotKind: Uint8Array;
  readonly slotIndex: Int32Array;
  /** The slots of patterns without atoms (tried on every line), in order. */
  readonly alwaysOpen: Int32Array;
  /** The slot opened by the atoms of glued messages (-1: every long line may hold one). */
  readonly gluedSlot: number;
  /** Per context: the widest "before" window that reads it (0: no "before" condition reads it). */
  readonly beforeWithin: Int32Array;
  /** How many recent lines a stream keeps for "before" conditions (0: none). */
  readonly recent: number;
  /** How many gated regexes there are. */
  readonly slots: number;
  /** Patterns with no atom: tested whole on every line (normally none or one or two, anchored). */
  readonly residual: readonly NoteRegex[];

  /** A fresh per-stream state. */
  stream(sink: MatchSink): LineMatcher {
    return new LineMatcher(this, sink);
  }

  /**
   * Every cause/symptom note whose pattern (with its conditions) claims `text` standing between `before` and
   * `after`, best first. The lines go through the LineMatcher the CLI streams a log through (one evaluator:
   * a note's examples, `explain` and the site's search see what the CLI sees); only at `text`'s line every
   * matching pattern is kept, not just the best. Severities are settled as in a report, outcome included.
   */
  claims(text: string, before: readonly string[] = [], after: readonly string[] = []): LineClaim[] {
    const target = before.length + 1;
    const delivered = new Map<object, Severity | undefined>();
    const others: Finding[] = [];
    const symptoms: Symptom[] = [];
    const sink: MatchSink = {
      finding: (f, outcome) => {
        if (f.line === target) delivered.set(f, outcome);
        else others.push(f);
      },
      symptom: (s) => void symptoms.push(s),
      errorLike: (line, t, id) => void others.push({ id, severity: "fatal", line, text: t, facts: {}, unexplained: true }),
      fact: () => {},
    };
    const stream = new LineMatcher(this, sink);
    stream.collectAt = target;
    [...before, text, ...after].forEach((l, i) => stream.lineText(i + 1, l));
    stream.end();
    const out: { claim: LineClaim; rank: number[] }[] = [];
    for (const c of stream.collected) {
      let severity: Severity | undefined;
      let facts: Facts = {};
      if (c.finding) {
        if (!delivered.has(c.finding)) continue; // an "after" requirement was not met
        const failed = delivered.get(c.finding);
        const f = failed ? settleOutcomes([{ finding: c.finding, failed }], others, symptoms)[0]! : c.finding;
        severity = f.severity;
        facts = f.facts;
      }
      const kind = c.p.note.kind === "cause" ? "cause" : "symptom";
      out.push({
        claim: { kind, note: c.p.note, severity: kind === "cause" ? severity : undefined, facts },
        rank: [kind === "cause" ? 1 : 0, c.p.specificity, c.p.note.priority, -c.p.order],
      });
    }
    out.sort((a, b) => compareRank(b.rank, a.rank));
    // One claim per note: its best pattern.
    const seen = new Set<string>();
    return out.filter((o) => !seen.has(o.claim.note.id) && seen.add(o.claim.note.id)).map((o) => o.claim);
  }
}

/** Adds a match's named groups to `facts`, keeping facts already there. `copy`: detach the strings from the line. */
function mergeFacts(facts: Facts, hit: RegexMatch, copy = false): void {
  const groups = hit.groups;
  if (!groups) return;
  for (const k in groups) {
    const v = groups[k];
    if (v !== undefined && facts[k] === undefined) facts[k] = copy && v.length > 12 ? (v + "\u0000").slice(0, -1) : v;
  }
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

const emptySet = new WeakMap<PatternSpec, boolean>();
function noSet(spec: PatternSpec): boolean {
  let v = emptySet.get(spec);
  if (v === undefined) emptySet.set(spec, (v = Object.keys(spec.set).length === 0));
  return v;
}

function factsOf(m: RegexMatch, spec: PatternSpec): Facts {
  const facts: Facts = {};
  if (m.groups) for (const [k, v] of Object.entries(m.groups)) if (v !== undefined) facts[k] = v;
  for (const [k, v] of Object.entries(spec.set)) facts[k] = v;
  return facts;
}

/** Room for the arrival order of a region's hits in a packed sort key (start × HIT_SLOTS + arrival < 2^53). */
const HIT_SLOTS = 2 ** 22;

/** Atoms at least this long are found by the one scan (its window); shorter ones by indexOf. */
const SEARCH_MIN = 5;

const NO_PIECES: readonly string[] = [];
/** Characters of recent lines held for "before" conditions before every context is brought up to date. */
const RECENT_CHARS = 4 << 20;

/** A remembered line: a slice of the text it came in, not yet cleaned, or its cleaned text(s). */
interface RecentLine {
  no: number;
  src: string | null;
  start: number;
  end: number;
  cleaned: string | readonly string[] | null;
  chars: number;
}

const SLOT_CAUSE = 1;
const SLOT_SYMPTOM = 2;
const SLOT_FACT = 3;
const SLOT_ERROR_LIKE = 4;

export class LineMatcher {
  private pending: PendingFlip[] = [];
  /** Findings held until their "after" windows close, in the order they were made. */
  private held: Held[] = [];
  /**
   * Called when a finding that may become a root cause is made on a line (fatal now, or held for the lines
   * after it, or waiting for the log's outcome), before it is settled and handed on.
   */
  onMade: ((line: number) => void) | null = null;
  /** Claims mode (Matcher.claims): at this line every matching pattern is emitted, not only the best. */
  collectAt = -1;
  readonly collected: { readonly p: CompiledPattern; readonly finding?: MutableFinding }[] = [];
  /** The residual pre-filter (patterns with no atom). */
  private readonly residual: readonly NoteRegex[];
  /** Atoms present in the current line (1) and the list of those set, to clear them after the line. */
  private readonly present: Uint8Array;
  private readonly touched: number[] = [];

  constructor(
    private readonly m: Matcher,
    private readonly sink: MatchSink,
  ) {
    this.lastSeen = new Float64Array(m.contexts.length).fill(-Infinity);
    this.readTo = new Float64Array(m.contexts.length);
    this.ring = m.recent > 0 ? Array.from({ length: m.recent }, () => ({ no: -1, src: null, start: 0, end: 0, cleaned: null, chars: 0 })) : null;
    this.residual = m.residual;
    this.present = new Uint8Array(m.atomTable.size);
    this.open = new Uint8Array(m.slots);
    this.openSlots = new Int32Array(m.slots);
    this.rankedSlots = new Int32Array(m.slots + m.alwaysOpen.length);
  }

  /** The slots opened for the current line (`opened` of them), and the same with the ungated ones, sorted. */
  private readonly openSlots: Int32Array;
  private opened = 0;
  private readonly rankedSlots: Int32Array;
  private ranked = -1;

  /** For the current line: 1 for each gated regex one of whose atoms is present. */
  private readonly open: Uint8Array;

  /** Classifies one line. `segments` are the cleaned texts of line `no` (see Cleaner). */
  line(no: number, segments: readonly string[]): void {
    if (this.pending.length || this.held.length) this.expire(no);
    this.current(no, segments);
    for (let k = 0; k < segments.length; k++) {
      this.curPiece = k;
      this.segment(no, segments[k]!);
    }
    this.remember(no, null, 0, 0, segments);
  }

  /** `line` for a line with one cleaned text (the usual case; no array). */
  lineText(no: number, text: string): void {
    if (this.pending.length || this.held.length) this.expire(no);
    this.current(no, NO_PIECES);
    this.segment(no, text);
    this.remember(no, null, 0, 0, text);
  }

  private segment(no: number, text: string): void {
    if (text.length === 0) return;
    if (this.scan(text) || this.residualPasses(text)) this.classify(no, text);
    else if (this.pending.length) this.checkPending(text);
    if (this.touched.length) this.clear();
  }

  // ---- The recent lines, for "before" conditions. A context is read on them only when a pattern that names
  // it has matched (newest line first, each line at most once per context), so the lines that merely hold a
  // context's words cost nothing. Lines are kept as slices of the text they came in (no copy); when more
  // than RECENT_CHARS are held, every context is brought up to date and the text is let go.

  /** The current line's pieces: for a later piece, the earlier ones of the same line count as "before". */
  private curNo = -1;
  private curPieces: readonly string[] = NO_PIECES;
  private curPiece = 0;
  private cleaner: Cleaner | null = null;
  private readonly ring: RecentLine[] | null;
  /** Lines remembered so far (the ring's write position is `seq % ring.length`). */
  private seq = 0;
  /** Lines below this one (by `seq`) have been read by every context: their text is let go. */
  private floor = 0;
  private heldChars = 0;
  /** Per context: the newest line it was found on (-Infinity: none yet), and up to which `seq` it was read. */
  private readonly lastSeen: Float64Array;
  private readonly readTo: Float64Array;

  private current(no: number, pieces: readonly string[]): void {
    this.curNo = no;
    this.curPieces = pieces;
    this.curPiece = 0;
  }

  /** Keeps line `no`: `src.slice(start, end)` still to be cleaned, or its cleaned text(s). */
  private remember(no: number, src: string | null, start: number, end: number, cleaned: string | readonly string[] | null): void {
    const ring = this.ring;
    if (ring === null) return;
    const e = ring[this.seq % ring.length]!;
    if (this.seq - ring.length >= this.floor) this.heldChars -= e.chars;
    e.no = no;
    e.src = src;
    e.start = start;
    e.end = end;
    e.cleaned = cleaned;
    e.chars = src !== null ? end - start : typeof cleaned === "string" ? cleaned.length : (cleaned ?? NO_PIECES).reduce((n, t) => n + t.length, 0);
    this.seq++;
    this.heldChars += e.chars;
    if (this.heldChars > RECENT_CHARS) this.letGo();
  }

  /** Reads every line held with every context, then drops the text. */
  private letGo(): void {
    const ring = this.ring!;
    const within = this.m.beforeWithin;
    for (let i = 0; i < within.length; i++) if (within[i]! > 0) this.readBack(i, -Infinity);
    for (const e of ring) {
      e.src = null;
      e.cleaned = null;
      e.chars = 0;
    }
    this.floor = this.seq;
    this.heldChars = 0;
  }

  /** Brings context `i` up to date: the newest remembered line (from line `minNo` on) that it matches. */
  private readBack(i: number, minNo: number): void {
    const ring = this.ring;
    if (ring === null) return;
    const re = this.m.contexts[i]!;
    const from = Math.max(this.readTo[i]!, this.seq - ring.length, this.floor);
    for (let q = this.seq - 1; q >= from; q--) {
      const e = ring[q % ring.length]!;
      if (e.no < minNo || e.no <= this.lastSeen[i]!) break;
      if (this.matchesLine(re, e)) {
        this.lastSeen[i] = e.no;
        break;
      }
    }
    this.readTo[i] = this.seq;
  }

  private matchesLine(re: NoteRegex, e: RecentLine): boolean {
    if (typeof e.cleaned === "string") return e.cleaned.length > 0 && re.test(e.cleaned);
    const pieces = e.cleaned ?? (e.src !== null ? (e.cleaned = this.cleaner!.pieces(e.src.slice(e.start, e.end))) : NO_PIECES);
    for (const t of pieces) if (t.length > 0 && re.test(t)) return true;
    return false;
  }

  /** Whether context `i` matched a line in the `within` lines before line `no` (or an earlier piece of it). */
  private seenBefore(i: number, no: number, within: number): boolean {
    if (this.curNo === no) {
      const re = this.m.contexts[i]!;
      for (let k = 0; k < this.curPiece; k++) if (this.curPieces[k]!.length > 0 && re.test(this.curPieces[k]!)) return true;
    }
    this.readBack(i, no - this.m.beforeWithin[i]!);
    return no - this.lastSeen[i]! <= within;
  }

  /** End of input: open windows close; severities decided by "after" conditions stay as they are. */
  end(): void {
    this.settle(Infinity);
    this.pending = [];
  }

  private readonly markFn = (i: number): void => this.mark(this.m.atomTable.fromSearch[i]!);

  /** Finds the atoms present in `text` (one pass); true if any. */
  private scan(text: string): boolean {
    const t = this.m.atomTable;
    let any = t.search !== null && t.search.scan(text, this.markFn);
    for (const a of t.short) {
      if (a.folded !== null ? ((a.folded.lastIndex = 0), a.folded.test(text)) : text.includes(a.text)) {
        this.mark(a.index);
        any = true;
      }
    }
    return any;
  }

  // Hits of one region: atom start positions and atom indexes (reused between regions).
  private hitStart = new Int32Array(1024);
  private hitAtom = new Int32Array(1024);
  private hits = 0;
  private hitsSorted = true;
  private readonly hitFn = (i: number, start: number): void => this.addHit(this.m.atomTable.fromSearch[i]!, start);

  private addHit(atom: number, start: number): void {
    if (this.hits === this.hitStart.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.hitStart = grow(this.hitStart);
      this.hitAtom = grow(this.hitAtom);
    }
    if (this.hits > 0 && start < this.hitStart[this.hits - 1]!) this.hitsSorted = false;
    this.hitStart[this.hits] = start;
    this.hitAtom[this.hits] = atom;
    this.hits++;
  }

  /**
   * A run of plain lines (each followed by '\n'; no ESC, no '\r' but before a '\n': trimmed with the rest), line `firstNo` first: one scan for the
   * atoms over the whole run; only the lines that hit are cut out, cleaned and classified. Returns the
   * number of lines, or -1 when some pattern has no atom (then every line must be tested: line by line).
   */
  region(text: string, firstNo: number, cleaner: Cleaner): number {
    if (this.residual.length) return -1;
    const t = this.m.atomTable;
    this.hits = 0;
    this.hitsSorted = true;
    if (t.search !== null) t.search.scan(text, this.hitFn);
    for (const a of t.short) {
      if (a.folded !== null) {
        const re = a.folded;
        re.lastIndex = 0;
        for (let m = re.exec(text); m !== null; m = re.exec(text)) {
          this.hitsSorted = false;
          this.addHit(a.index, m.index);
          re.lastIndex = m.index + 1;
        }
        continue;
      }
      for (let at = text.indexOf(a.text); at >= 0; at = text.indexOf(a.text, at + 1)) {
        this.hitsSorted = false; // after the search's hits: sort
        this.addHit(a.index, at);
      }
    }
    if (!this.hitsSorted) this.sortHits();
    const hitStart = this.hitStart;
    const gluedSlot = this.m.gluedSlot;
    let h = 0;
    let p = 0;
    let no = firstNo;
    this.cleaner = cleaner;
    for (;;) {
      const nl = text.indexOf("\n", p);
      if (nl < 0) break;
      if (h < this.hits && hitStart[h]! < nl) {
        while (h < this.hits && hitStart[h]! < nl) this.mark(this.hitAtom[h++]!);
        const pieces = cleaner.pieces(text.slice(p, nl), gluedSlot < 0 || this.open[gluedSlot] === 1);
        if (this.pending.length || this.held.length) this.expire(no);
        this.current(no, pieces);
        for (let k = 0; k < pieces.length; k++) {
          this.curPiece = k;
          if (pieces[k]!.length > 0) this.classify(no, pieces[k]!);
        }
        this.clear();
        if (this.ring !== null) this.remember(no, null, 0, 0, pieces);
      } else {
        if (this.pending.length && (this.expire(no), this.pending.length)) {
          // An "after" window is open: its context may be on any line.
          for (const piece of cleaner.pieces(text.slice(p, nl))) if (piece.length > 0) this.checkPending(piece);
        }
        if (this.ring !== null) this.remember(no, text, p, nl, null);
      }
      p = nl + 1;
      no++;
    }
    return no - firstNo;
  }

  private sortHits(): void {
    const n = this.hits;
    if (n >= HIT_SLOTS) {
      const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => this.hitStart[x]! - this.hitStart[y]!);
      const s = Int32Array.from(order, (i) => this.hitStart[i]!);
      const a = Int32Array.from(order, (i) => this.hitAtom[i]!);
      this.hitStart.set(s);
      this.hitAtom.set(a);
      return;
    }
    // One numeric sort of (start, arrival) packed into a double: by start, ties in the order they came (stable).
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = this.hitStart[i]! * HIT_SLOTS + i;
    keys.sort();
    const s = new Int32Array(n);
    const a = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const i = keys[k]! % HIT_SLOTS;
      s[k] = this.hitStart[i]!;
      a[k] = this.hitAtom[i]!;
    }
    this.hitStart.set(s);
    this.hitAtom.set(a);
  }

  private mark(i: number): void {
    const present = this.present;
    if (present[i] === 1) return;
    this.set(i);
    for (const j of this.m.atomTable.implied[i]!) if (present[j] === 0) this.set(j);
  }

  private set(i: number): void {
    this.present[i] = 1;
    this.touched.push(i);
    const users = this.m.atomTable.users[i]!;
    const open = this.open;
    for (let k = 0; k < users.length; k++) {
      const slot = users[k]!;
      if (open[slot] === 0) {
        open[slot] = 1;
        this.openSlots[this.opened++] = slot;
      }
    }
  }

  private clear(): void {
    for (const i of this.touched) this.present[i] = 0;
    this.touched.length = 0;
    for (let k = 0; k < this.opened; k++) this.open[this.openSlots[k]!] = 0;
    this.opened = 0;
    this.ranked = -1;
  }

  /** The open slots of the current line, patterns without atoms included, in slot (= notes') order. */
  private candidates(): Int32Array {
    if (this.ranked >= 0) return this.rankedSlots.subarray(0, this.ranked);
    const always = this.m.alwaysOpen;
    const n = this.opened + always.length;
    const out = this.rankedSlots;
    out.set(this.openSlots.subarray(0, this.opened));
    out.set(always, this.opened);
    // Insertion sort: a line opens a handful of slots (a typed array's sort costs more to call than this).
    for (let i = 1; i < n; i++) {
      const v = out[i]!;
      let j = i - 1;
      while (j >= 0 && out[j]! > v) {
        out[j + 1] = out[j]!;
        j--;
      }
      out[j + 1] = v;
    }
    this.ranked = n;
    return out.subarray(0, n);
  }

  /** Whether a pattern with these atoms can match the current line (no atoms: it must be tried). */
  private gate(slot: number, atoms: Int32Array | null): boolean {
    return atoms === null || this.open[slot] === 1;
  }

  private residualPasses(text: string): boolean {
    for (const re of this.residual) if (re.test(text)) return true;
    return false;
  }

  /** The "after" windows opened by earlier lines, read on this line (any line while one is open). */
  private checkPending(text: string): void {
    const m = this.m;
    for (const p of this.pending) {
        if (p.done || (p.when.not && !p.held)) continue;
        const re = m.contexts[p.when.ctx]!;
        if (p.held) {
          if (re.test(text)) {
            if (p.when.not) p.held.broken = true;
            else p.held.unmet--;
            p.done = true;
          }
        } else if (p.to === undefined) {
          const hit = re.exec(text);
          if (hit) {
            mergeFacts(p.finding.facts, hit, true);
            p.done = true;
          }
        } else if (re.test(text)) p.finding.severity = p.to;
    }
  }

  private classify(no: number, text: string): void {
    const m = this.m;
    if (this.pending.length) this.checkPending(text);
    if (no === this.collectAt) this.claimAll(no, text);
    else this.pick(no, text);
    const cand = this.candidates();
    for (let c = 0; c < cand.length; c++) {
      if (m.slotKind[cand[c]!] !== SLOT_FACT) continue;
      const p = m.facts[m.slotIndex[cand[c]!]!]!;
      for (const hit of p.re.all(text)) {
        const groups = hit.groups;
        if (noSet(p.spec)) {
          // The usual case, without building an object: the named groups, in order.
          if (groups) for (const k in groups) if (groups[k] !== undefined) this.sink.fact(k, groups[k]!);
        } else for (const [k, v] of Object.entries(factsOf(hit, p.spec))) this.sink.fact(k, v);
      }
    }
  }

  /** The line's best cause (or else its symptom or error-like status); a unit's provisional cause is held. */
  private pick(no: number, text: string): void {
    const m = this.m;
    let best: CompiledPattern | null = null;
    let bestMatch: RegexMatch | null = null;
    // The best pattern whose "after" requirements are still open (it wins only if they are met).
    let prov: CompiledPattern | null = null;
    let provMatch: RegexMatch | null = null;
    const cand = this.candidates();
    const kind = m.slotKind;
    for (let c = 0; c < cand.length; c++) {
      if (kind[cand[c]!] !== SLOT_CAUSE) continue;
      const p = m.causes[m.slotIndex[cand[c]!]!]!;
      const cur = p.awaits.length ? prov : best;
      if (cur && (p.specificity < cur.specificity || (p.specificity === cur.specificity && p.note.priority <= cur.note.priority))) continue;
      const hit = p.re.exec(text);
      if (hit && this.requiresHold(p, no, text)) {
        if (p.awaits.length) {
          prov = p;
          provMatch = hit;
        } else {
          best = p;
          bestMatch = hit;
        }
      }
    }
    if (prov && best && !beats(prov, best)) prov = null;
    const held = prov && provMatch ? this.emitFinding(prov, provMatch, no, text).held : null;
    if (best && bestMatch) {
      this.emitFinding(best, bestMatch, no, text, held ?? undefined);
      return;
    }
    let deliver: (() => void) | undefined;
    for (let c = 0; c < cand.length; c++) {
      if (kind[cand[c]!] !== SLOT_SYMPTOM) continue;
      const p = m.symptoms[m.slotIndex[cand[c]!]!]!;
      if (p.re.test(text) && this.requiresHold(p, no, text)) {
        const symptom: Symptom = { id: p.note.id, line: no, text };
        deliver = () => this.sink.symptom(symptom);
        break;
      }
    }
    if (!deliver) {
      const el = m.errorLike;
      for (let c = 0; c < cand.length; c++) {
        if (kind[cand[c]!] !== SLOT_ERROR_LIKE) continue;
        const i = m.slotIndex[cand[c]!]!;
        if (el[i]!.test(text)) {
          const id = m.errorLikeNotes[i]!;
          deliver = () => this.sink.errorLike(no, text, id);
          break;
        }
      }
    }
    if (held) held.fallback = deliver;
    else deliver?.();
  }

  /** Claims mode: every cause and symptom pattern that claims the line, each emitted as it would be alone. */
  private claimAll(no: number, text: string): void {
    for (const p of this.m.causes) {
      if (!this.gate(p.slot, p.atoms)) continue;
      const hit = p.re.exec(text);
      if (hit && this.requiresHold(p, no, text)) this.collected.push({ p, finding: this.emitFinding(p, hit, no, text).finding });
    }
    for (const p of this.m.symptoms) {
      if (this.gate(p.slot, p.atoms) && p.re.test(text) && this.requiresHold(p, no, text)) this.collected.push({ p });
    }
  }

  private requiresHold(p: CompiledPattern, no: number, text: string): boolean {
    for (const c of p.requires) if (!this.holdsNow(c, no, text)) return false;
    return true;
  }

  private holdsNow(c: CompiledCondition, no: number, text: string): boolean {
    let found: boolean;
    if (c.where === "line") found = this.m.contexts[c.ctx]!.test(text);
    else if (c.where === "before") found = this.seenBefore(c.ctx, no, c.within);
    else return false; // "after" cannot be known yet; only flips use it
    return c.not ? !found : found;
  }

  /**
   * Makes the finding of pattern `p` on line `no`. With "after" windows (flips, carried facts, requirements)
   * it is held until they close, so that whoever receives it sees its final severity. `shadowedBy`: a held
   * finding that takes the line instead of this one if its requirements are met.
   */
  private emitFinding(p: CompiledPattern, hit: RegexMatch, no: number, text: string, shadowedBy?: Held): { finding: MutableFinding; held: Held | null } {
    const finding: MutableFinding = {
      id: p.note.id,
      severity: p.spec.severity ?? p.note.severity ?? "fatal",
      line: no,
      text,
      facts: factsOf(hit, p.spec),
    };
    let until = shadowedBy ? shadowedBy.until : -1;
    for (const f of p.flips) {
      if (f.when.where === "after") {
        if (f.when.not) continue;
        this.pending.push({ finding, to: f.to, when: f.when, until: no + f.when.within });
        until = Math.max(until, no + f.when.within);
      } else if (this.holdsNow(f.when, no, text)) {
        finding.severity = f.to;
      }
    }
    for (const n of p.next) {
      this.pending.push({ finding, when: n, until: no + n.within });
      until = Math.max(until, no + n.within);
    }
    for (const a of p.awaits) until = Math.max(until, no + a.within);
    if (this.onMade !== null && (finding.severity === "fatal" || until >= no || p.spec.outcome !== undefined)) this.onMade(no);
    if (until < no) {
      this.deliver(finding, p);
      return { finding, held: null };
    }
    const held: Held = { finding, pattern: p, until, unmet: p.awaits.filter((a) => !a.not).length, broken: false, shadowedBy };
    for (const a of p.awaits) this.pending.push({ finding, when: a, until: no + a.within, held });
    this.held.push(held);
    return { finding, held };
  }

  private deliver(finding: MutableFinding, p: CompiledPattern): void {
    this.sink.finding(finding, p.spec.outcome?.failed);
  }

  /** Hands on (or drops) the held findings whose windows closed before line `no`. */
  private settle(no: number): void {
    if (!this.held.length) return;
    const keep: Held[] = [];
    for (const h of this.held) {
      if (h.until >= no) keep.push(h);
      else if (h.unmet > 0 || h.broken) {
        h.dropped = true;
        h.fallback?.();
      } else if (!h.shadowedBy || h.shadowedBy.dropped) this.deliver(h.finding, h.pattern);
    }
    this.held = keep;
  }

  private expire(no: number): void {
    this.pending = this.pending.filter((p) => p.until >= no && !p.done);
    this.settle(no);
  }
}
