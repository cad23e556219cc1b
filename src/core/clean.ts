// Stage 2: a decoded line → the text(s) the patterns see. Removes ANSI colour codes, the trailing '\r'
// of CRLF logs, and the log prefixes the knowledge base declares; splits '\r' progress bars into the
// states they overwrote. Leading and trailing white space is trimmed.

// CSI sequences (colours, cursor moves), OSC sequences (titles, hyperlinks), and lone two-byte escapes.
import { unionRegex, type NoteRegex, type RegexPlan } from "./note-regex.js";
import { planAtoms } from "./atoms.js";

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
const MAX_PREFIXES = 4;

/** A glued message is looked for only in lines at least this long (a paste that lost its newlines). */
const MIN_GLUED = 100;

export class Cleaner {
  private readonly prefix: NoteRegex[];
  /** Starts of messages a paste glued onto the line before (`split: true` patterns of prefix notes). */
  private readonly glued: NoteRegex | null;

  /** `prefixes`: the patterns of `kind: prefix` notes; each is tried at the start of a line (`split` ones anywhere). */
  constructor(prefixes: readonly (RegexPlan & { readonly split?: true })[]) {
    const byFlags = new Map<string, RegexPlan[]>();
    for (const p of prefixes) if (!p.split) byFlags.set(p.flags, [...(byFlags.get(p.flags) ?? []), p]);
    this.prefix = [...byFlags.values()].map((list) => unionRegex(list, true)!);
    const glued = prefixes.filter((p) => p.split);
    this.glued = glued.length ? unionRegex(glued, false) : null;
    // Literals every glued message contains, by the matcher's own rule (kb.json carries them): a line with
    // none of them is not tried (most long lines are compiler command lines). A pattern without: every
    // long line is tried. (Case-insensitive ones are looked for as written, so they count as without.)
    const atoms: string[] = [];
    for (const p of glued) {
      const found = p.flags.includes("i") ? null : p.atoms !== undefined ? p.atoms : planAtoms(p.regex, p.flags);
      if (found === null) {
        atoms.length = 0;
        break;
      }
      atoms.push(...found);
    }
    // (An atom holding another is found whenever that one is: only the shorter is looked for.)
    const set = [...new Set(atoms)];
    const minimal = set.filter((a) => !set.some((b) => b !== a && a.includes(b)));
    this.gluedAtoms = glued.length && minimal.length ? minimal : null;
  }

  /** Literals one of which a glued message contains (null: no such set). */
  private readonly gluedAtoms: readonly string[] | null;

  /** Whether a long line holds a message glued on after its start (then it is matched in pieces). */
  private gluedAt(text: string): number {
    if (this.glued === null || text.length < MIN_GLUED) return -1;
    if (this.gluedAtoms !== null && !this.gluedAtoms.some((a) => text.includes(a))) return -1;
    const m = this.glued.exec(text);
    return m && m.index > 0 ? m.index : -1;
  }

  /**
   * The pieces of a line whose newlines a paste lost, each stripped; one piece for any other line.
   * `mayBeGlued` false: the caller knows the line holds none of the glued messages' literals.
   */
  pieces(text: string, mayBeGlued = true): string[] {
    const s = this.strip(text);
    if (!mayBeGlued || this.gluedAt(s) < 0) return [s];
    const cuts: number[] = [];
    for (let from = 1; cuts.length < 64 && from < s.length; ) {
      const m = this.glued!.exec(from === 0 ? s : s.slice(from));
      if (!m) break;
      cuts.push(from + m.index);
      from += m.index + 1;
    }
    const out: string[] = [];
    let start = 0;
    for (const at of [...cuts, s.length]) {
      const piece = this.strip(s.slice(start, at));
      if (piece.length) out.push(piece);
      start = at;
    }
    return out.length ? out : [s];
  }

  /** The one text to match for a line with no '\r' inside (the usual case, no array); null otherwise. */
  single(text: string): string | null {
    const n = text.length;
    if (n > 0 && text.charCodeAt(n - 1) === 13) text = text.slice(0, -1);
    if (text.includes("\x1b")) text = text.replace(ANSI, "");
    if (text.includes("\r")) return null;
    const s = this.strip(text);
    return this.gluedAt(s) < 0 ? s : null;
  }

  /** The texts to match for one line: usually one; several when '\r' overwrote parts of it. */
  segments(text: string): string[] {
    if (text.length > 0 && text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
    if (text.includes("\x1b")) text = text.replace(ANSI, "");
    if (!text.includes("\r")) return this.pieces(text);
    const out: string[] = [];
    for (const part of text.split("\r")) {
      for (const s of this.pieces(part)) if (s.length > 0) out.push(s);
    }
    return out.length ? out : [""];
  }

  strip(text: string): string {
    let s = text.trim();
    for (let i = 0; i < MAX_PREFIXES && this.prefix.length; i++) {
      let end = 0;
      for (const re of this.prefix) if ((end = re.matchEnd(s)) > 0) break;
      if (end <= 0) break;
      s = s.slice(end).trimStart();
    }
    return s;
  }
}
