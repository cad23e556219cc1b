// `cudafix patterns [--grep]`: the pattern set every log line is tested against (cause, symptom, fact,
// error-like and context regexes). Plain: one JS regex source per line. `--grep`: translated to POSIX ERE
// for `grep -E -f` (named groups → groups, \d → [0-9], \s → [[:space:]], lookarounds dropped: the ERE then
// matches a superset); a pattern that cannot be translated is skipped with a note on stderr.

import type { Command } from "commander";
import type { KnowledgeBase } from "../core/types.js";
import type { CliDeps } from "./deps.js";

export interface PatternsContext {
  readonly deps: CliDeps;
  readonly setExit: (code: number) => void;
}

export function registerPatterns(program: Command, ctx: PatternsContext): void {
  program
    .command("patterns")
    .description("print the pattern set every line is tested against (--grep: as POSIX ERE for grep -E -f)")
    .option("--grep", "translate to POSIX extended regular expressions, one per line")
    .action((opts: { grep?: boolean }) => {
      const { deps } = ctx;
      const sources = patternSources(deps.loadKb());
      let out = "";
      for (const { source, flags, id } of sources) {
        if (!opts.grep) {
          out += `${flags.includes("i") ? "(?i)" : ""}${source}\n`;
          continue;
        }
        const t = toEre(source, flags.includes("i"));
        if (t.ere === null) {
          deps.stderr.write(`cudafix patterns: skipped ${id}: ${t.note}: ${source}\n`);
          continue;
        }
        if (t.note) deps.stderr.write(`cudafix patterns: ${id}: ${t.note}\n`);
        out += t.ere + "\n";
      }
      deps.stdout.write(out);
      ctx.setExit(0);
    });
}

/** Every regex the matcher tests lines against, de-duplicated (prefix patterns and trees excluded). */
export function patternSources(kb: KnowledgeBase): { source: string; flags: string; id: string }[] {
  const seen = new Set<string>();
  const out: { source: string; flags: string; id: string }[] = [];
  const add = (source: string, flags: string, id: string) => {
    const key = `${flags}/${source}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ source, flags, id });
  };
  for (const note of kb.notes) {
    if (note.kind === "prefix" || note.kind === "tree") continue;
    for (const p of note.patterns) {
      add(p.regex, p.flags, note.id);
      for (const c of p.requires) add(c.regex, "", `${note.id} (condition)`);
      for (const f of p.flips) add(f.when.regex, "", `${note.id} (condition)`);
    }
  }
  return out;
}

const CLASS_ESCAPES: Record<string, string> = {
  d: "0-9",
  s: "[:space:]",
  w: "[:alnum:]_",
};
const ERE_SPECIAL = new Set([..."^.[]$()|*+?{}\\"]);

/**
 * JS regex source → POSIX ERE (as GNU grep -E reads it). Returns `ere: null` with a note when a construct
 * has no ERE form (backreferences, \p{…}); lookarounds are dropped with a note (a superset).
 */
export function toEre(source: string, ignoreCase = false): { ere: string | null; note?: string } {
  let out = "";
  let note: string | undefined;
  const lit = (ch: string): string => {
    if (ignoreCase && /[a-z]/i.test(ch)) return `[${ch.toLowerCase()}${ch.toUpperCase()}]`;
    return ERE_SPECIAL.has(ch) ? `\\${ch}` : ch;
  };
  let i = 0;
  const n = source.length;
  while (i < n) {
    const ch = source[i]!;
    if (ch === "\\") {
      const e = source[i + 1] ?? "";
      i += 2;
      if (e === "d") out += "[0-9]";
      else if (e === "D") out += "[^0-9]";
      else if (e === "s") out += "[[:space:]]";
      else if (e === "S") out += "[^[:space:]]";
      else if (e === "w") out += "[[:alnum:]_]";
      else if (e === "W") out += "[^[:alnum:]_]";
      else if (e === "b" || e === "B") out += `\\${e}`;
      else if (e === "t") out += "\t";
      else if (e === "x" || e === "u") {
        const len = e === "x" ? 2 : 4;
        out += lit(String.fromCharCode(parseInt(source.slice(i, i + len), 16)));
        i += len;
      } else if (/[1-9kpPcn r0]/.test(e)) return { ere: null, note: `\\${e} has no ERE form` };
      else out += lit(e);
      continue;
    }
    if (ch === "[") {
      const end = classEnd(source, i);
      if (end < 0) return { ere: null, note: "unterminated character class" };
      const cls = translateClass(source.slice(i + 1, end), ignoreCase);
      if (cls === null) return { ere: null, note: "character class has no ERE form" };
      out += cls;
      i = end + 1;
      continue;
    }
    if (ch === "(" && source[i + 1] === "?") {
      const rest = source.slice(i + 2);
      if (rest.startsWith(":")) {
        out += "(";
        i += 3;
      } else if (/^<[A-Za-z_$][\w$]*>/.test(rest)) {
        out += "(";
        i += 2 + rest.indexOf(">") + 1;
      } else if (/^(?:[=!]|<[=!])/.test(rest)) {
        // A lookaround: drop the whole group (the ERE matches a superset).
        const end = groupEnd(source, i);
        if (end < 0) return { ere: null, note: "unbalanced group" };
        note = "lookaround dropped (matches a superset)";
        i = end + 1;
        if (source[i] === "?" || source[i] === "*" || source[i] === "+") i++;
      } else return { ere: null, note: "unsupported group" };
      continue;
    }
    if ((ch === "*" || ch === "+" || ch === "?" || ch === "}") && source[i + 1] === "?") {
      out += ch; // lazy quantifier: ERE has none; same set of matching lines
      i += 2;
      continue;
    }
    if (ch === "{" && !/^\{\d+(?:,\d*)?\}/.test(source.slice(i))) {
      out += "\\{";
      i++;
      continue;
    }
    if (ch === "}" && !/\{\d+(?:,\d*)?$/.test(source.slice(0, i))) {
      out += "\\}";
      i++;
      continue;
    }
    out += "^$.|()*+?{}".includes(ch) ? ch : lit(ch);
    i++;
  }
  return note ? { ere: out, note } : { ere: out };
}

function classEnd(s: string, start: number): number {
  let i = start + 1;
  if (s[i] === "^") i++;
  for (; i < s.length; i++) {
    if (s[i] === "\\") i++;
    else if (s[i] === "]") return i;
  }
  return -1;
}

function groupEnd(s: string, start: number): number {
  let depth = 0;
  for (let i = start; i < s.length; i++) {
    const c = s[i];
    if (c === "\\") i++;
    else if (c === "[") i = classEnd(s, i);
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i;
    if (i < 0) return -1;
  }
  return -1;
}

/** The inside of a JS [...] → an ERE bracket expression (']' first, '-' last, escapes resolved). */
function translateClass(body: string, ignoreCase: boolean): string | null {
  let negate = false;
  let i = 0;
  if (body[0] === "^") {
    negate = true;
    i = 1;
  }
  const items: string[] = [];
  let rbracket = false;
  let dash = false;
  let caret = false;
  const addChar = (c: string) => {
    if (c === "]") rbracket = true;
    else if (c === "-") dash = true;
    else if (c === "^") caret = true;
    else {
      items.push(c);
      if (ignoreCase && /[a-z]/i.test(c)) items.push(c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase());
    }
  };
  const readChar = (): string | null => {
    const c = body[i]!;
    if (c !== "\\") {
      i++;
      return c;
    }
    const e = body[i + 1] ?? "";
    i += 2;
    if (e in CLASS_ESCAPES) return `\u0000${e}`;
    if (e === "t") return "\t";
    if (e === "n" || e === "r") return e === "n" ? "\n" : "\r";
    if (e === "x") {
      const v = String.fromCharCode(parseInt(body.slice(i, i + 2), 16));
      i += 2;
      return v;
    }
    if (/[DSWbpP]/.test(e)) return null;
    return e;
  };
  while (i < body.length) {
    const a = readChar();
    if (a === null) return null;
    if (a.startsWith("\u0000")) {
      items.push(CLASS_ESCAPES[a[1]!]!);
      continue;
    }
    if (body[i] === "-" && i + 1 < body.length) {
      i++;
      const b = readChar();
      if (b === null || b.startsWith("\u0000")) return null;
      if (a === "]" || b === "]" || a === "-" || b === "-") return null;
      items.push(`${a}-${b}`);
      if (ignoreCase && /^[a-z]$/i.test(a) && /^[a-z]$/i.test(b)) items.push(`${a.toLowerCase()}-${b.toLowerCase()}`, `${a.toUpperCase()}-${b.toUpperCase()}`);
      continue;
    }
    addChar(a);
  }
  let inner = (rbracket ? "]" : "") + items.join("") + (caret ? "^" : "") + (dash ? "-" : "");
  if (inner === "") return negate ? "[^]" : null;
  if (!negate && inner.startsWith("^")) inner = inner.slice(1) + "^";
  return `[${negate ? "^" : ""}${inner}]`;
}
