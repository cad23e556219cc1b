// Stage 2: a decoded line → the text(s) the patterns see. Removes ANSI colour codes, the trailing '\r'
// of CRLF logs, and the log prefixes the knowledge base declares; splits '\r' progress bars into the
// states they overwrote. Leading and trailing white space is trimmed.

// CSI sequences (colours, cursor moves), OSC sequences (titles, hyperlinks), and lone two-byte escapes.
import { unionRegex, type NoteRegex, type RegexPlan } from "./note-regex.js";

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
const MAX_PREFIXES = 4;

export class Cleaner {
  private readonly prefix: NoteRegex[];

  /** `prefixes`: the patterns of `kind: prefix` notes; each is tried at the start of a line. */
  constructor(prefixes: readonly RegexPlan[]) {
    const byFlags = new Map<string, RegexPlan[]>();
    for (const p of prefixes) byFlags.set(p.flags, [...(byFlags.get(p.flags) ?? []), p]);
    this.prefix = [...byFlags.values()].map((list) => unionRegex(list, true)!);
  }

  /** The one text to match for a line with no '\r' inside (the usual case, no array); null otherwise. */
  single(text: string): string | null {
    const n = text.length;
    if (n > 0 && text.charCodeAt(n - 1) === 13) text = text.slice(0, -1);
    if (text.includes("\x1b")) text = text.replace(ANSI, "");
    if (text.includes("\r")) return null;
    return this.strip(text);
  }

  /** The texts to match for one line: usually one; several when '\r' overwrote parts of it. */
  segments(text: string): string[] {
    if (text.length > 0 && text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
    if (text.includes("\x1b")) text = text.replace(ANSI, "");
    if (!text.includes("\r")) return [this.strip(text)];
    const out: string[] = [];
    for (const part of text.split("\r")) {
      const s = this.strip(part);
      if (s.length > 0) out.push(s);
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
