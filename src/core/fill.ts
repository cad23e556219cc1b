// The one place where a value (a fact from a log, a live fact of this machine) is put into text that a
// person reads or runs. Values are data, never code:
//
// - every value must look like what its fact is (its declared shape: a version, a path, a symbol...);
// - in a shell block (sh, PowerShell, cmd) it is quoted for that shell, for the quoting state the
//   template is in at the placeholder (inside '...', "...", or bare);
// - in code whose shell is unknown (inline code, a `text` block) only characters that no shell treats
//   specially are filled;
// - in running Markdown it is escaped so it cannot format the report (no HTML, links, mentions).
//
// A value that fails any of these is not filled: the placeholder stays, in words (<symbol>), and the
// caller gets the reason to show. Knows no CUDA: shapes are generic kinds of text.

import { evaluateText, unknownInWords, type FactScope } from "./expr.js";

export type Shell = "sh" | "powershell" | "cmd";

/** Where a placeholder stands: running text, or code (a block's language, or none for inline code). */
export type Where = { readonly kind: "prose" } | { readonly kind: "code"; readonly lang?: string };

export type ShapeName = keyof typeof SHAPES;

interface Shape {
  readonly about: string;
  /** The characters it may hold (one character class). */
  readonly chars: RegExp;
  /** The whole value; every regex here is linear (no nested quantifier over overlapping classes). */
  readonly re: RegExp;
  readonly max: number;
}

// Letters and digits of any script: non-ASCII user names are common in paths. No shell treats them specially.
const L = "\\p{L}\\p{N}\\p{M}";
const PATH_CHARS = `[${L}_./\\\\:~+@=, ()-]`;

export const SHAPES = {
  version: { about: "a version number", chars: /[0-9A-Za-z.+_-]/u, re: /^[0-9][0-9A-Za-z.+_-]*$/u, max: 64 },
  number: { about: "a whole number", chars: /[0-9]/u, re: /^[0-9]+$/u, max: 32 },
  path: { about: "a file path", chars: new RegExp(PATH_CHARS, "u"), re: new RegExp(`^${PATH_CHARS}+$`, "u"), max: 4096 },
  symbol: { about: "a linker symbol", chars: /[A-Za-z0-9_.@]/u, re: /^[A-Za-z_.][A-Za-z0-9_.@]*$/u, max: 4096 },
  identifier: { about: "an identifier", chars: /[A-Za-z0-9_]/u, re: /^[A-Za-z_][A-Za-z0-9_]*$/u, max: 256 },
  module: { about: "a Python module name", chars: /[A-Za-z0-9_.]/u, re: /^[A-Za-z_][A-Za-z0-9_]*(?:[.][A-Za-z_][A-Za-z0-9_]*)*$/u, max: 256 },
  library: { about: "a library name", chars: /[A-Za-z0-9_.+-]/u, re: /^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/u, max: 256 },
  word: { about: "a single word (a flag value, a tool name)", chars: /[A-Za-z0-9_.+-]/u, re: /^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/u, max: 128 },
  arch: { about: "a GPU architecture", chars: /[A-Za-z0-9_.+]/u, re: /^(?:(?:sm|compute|lto)_)?[0-9]+(?:[.][0-9]+)?[af]?(?:\+PTX)?$/u, max: 32 },
  archSpec: {
    about: "a GPU architecture entry as a tool printed it (8.6+PTX, sm_90a, Ampere, 8.0,8.6)",
    chars: /[A-Za-z0-9_.+,;/<> ]/u,
    re: /^[A-Za-z0-9_.+<>/]+(?:[,; ]+[A-Za-z0-9_.+<>/]+)*$/u,
    max: 128,
  },
  archList: {
    about: "a list of GPU architectures",
    chars: /[A-Za-z0-9_.+;, "']/u,
    re: /^["']?[A-Za-z0-9_.+]+(?:[;, ][A-Za-z0-9_.+]+)*["']?$/u,
    max: 512,
  },
  host: { about: "a host name", chars: /[A-Za-z0-9.:-]/u, re: /^[A-Za-z0-9][A-Za-z0-9.-]*(?::[0-9]+)?$/u, max: 253 },
  /** Live facts of this machine and computed values: any one line of text (quoted for the shell it lands in). */
  text: { about: "one line of text", chars: /[^\p{Cc}\p{Cf}\u2028\u2029]/u, re: /^[^\p{Cc}\p{Cf}\u2028\u2029]*$/u, max: 4096 },
} as const satisfies Record<string, Shape>;

export function isShapeName(s: string): s is ShapeName {
  return Object.prototype.hasOwnProperty.call(SHAPES, s);
}

export function shellOf(lang: string | undefined): Shell | null {
  switch ((lang ?? "").toLowerCase()) {
    case "sh": case "bash": case "shell": case "console": case "zsh": case "shell-session":
      return "sh";
    case "powershell": case "ps1": case "pwsh": case "ps":
      return "powershell";
    case "cmd": case "bat": case "batch": case "bat-file": case "winbatch":
      return "cmd";
    default:
      return null;
  }
}

/** Why a value does not fit its shape, or null when it does. Never echoes the value itself. */
export function shapeProblem(value: string, shape: ShapeName): string | null {
  const s: Shape = SHAPES[shape];
  if (value.length > s.max) return `it is longer than ${s.max} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(value)) return "it holds control characters";
  if (value.startsWith("-")) return "it starts with - and would be read as an option";
  if (!s.re.test(value)) {
    const bad = [...new Set([...value].filter((ch) => !s.chars.test(ch)))];
    const shown = bad.slice(0, 8).map(describeChar).join(" ");
    return `it does not look like ${s.about}${shown ? ` (it holds ${shown})` : ""}`;
  }
  return null;
}

function describeChar(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x21 || (cp >= 0x7f && cp <= 0xa0) || /[\p{Cf}\p{Z}]/u.test(ch)) return `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  return ch;
}

// ─── quoting for a shell ─────────────────────────────────────────────────────────────────────────

/** The quoting state the template is in where a placeholder stands. `other`: a state we do not fill in. */
type State = "bare" | "single" | "double" | "comment" | "other";

interface Lexer {
  /** Feeds literal template text; keeps the state across calls. */
  feed(s: string): void;
  state(): State;
}

function shLexer(): Lexer {
  // A stack: $( … ) inside "…" opens a bare context again.
  const stack: ("bare" | "single" | "double" | "comment" | "backtick" | "ansi")[] = ["bare"];
  let escape = false;
  let prev = "\n";
  // A here-document expands $( ) and backticks whatever quoting a value has: nothing after `<<` is filled.
  let heredoc = false;
  const top = () => stack[stack.length - 1]!;
  return {
    feed(s) {
      for (let i = 0; i < s.length; i++) {
        const ch = s[i]!;
        const t = top();
        if (escape) {
          escape = false;
          prev = "x";
          continue;
        }
        if (t === "comment") {
          if (ch === "\n") stack.pop();
        } else if (t === "single") {
          if (ch === "'") stack.pop();
        } else if (t === "ansi") {
          if (ch === "\\") escape = true;
          else if (ch === "'") stack.pop();
        } else if (t === "double") {
          if (ch === "\\") escape = true;
          else if (ch === '"') stack.pop();
          else if (ch === "`") stack.push("backtick");
          else if (ch === "$" && s[i + 1] === "(") {
            stack.push("bare");
            i++;
          }
        } else {
          // bare or backtick
          if (ch === "\\") escape = true;
          else if (ch === "<" && s[i + 1] === "<") {
            // `<<<` is a here-string (one word, quoted as usual); `<<` starts a here-document.
            if (s[i + 2] === "<") i += 2;
            else heredoc = true;
          }
          else if (ch === "'") stack.push(prev === "$" ? "ansi" : "single");
          else if (ch === '"') stack.push("double");
          else if (ch === "`") {
            if (t === "backtick") stack.pop();
            else stack.push("backtick");
          } else if (ch === "#" && /[\s;&|(]/.test(prev)) stack.push("comment");
          else if (ch === "$" && s[i + 1] === "(") {
            stack.push("bare");
            i++;
            prev = "(";
            continue;
          } else if (ch === ")" && stack.length > 1 && t === "bare") stack.pop();
        }
        prev = ch;
      }
    },
    state() {
      const t = top();
      if (heredoc || t === "backtick" || t === "ansi") return "other";
      return t;
    },
  };
}

const PS_SINGLE = "'\u2018\u2019\u201A\u201B";
const PS_DOUBLE = '"\u201C\u201D\u201E';

function psLexer(): Lexer {
  const stack: ("bare" | "single" | "double" | "comment" | "here")[] = ["bare"];
  let escape = false;
  let prev = "\n";
  const top = () => stack[stack.length - 1]!;
  return {
    feed(s) {
      for (let i = 0; i < s.length; i++) {
        const ch = s[i]!;
        const t = top();
        if (escape) {
          escape = false;
          prev = "x";
          continue;
        }
        if (t === "comment") {
          if (ch === "\n") stack.pop();
        } else if (t === "here") {
          /* here-strings are not filled */
        } else if (t === "single") {
          if (PS_SINGLE.includes(ch)) {
            if (PS_SINGLE.includes(s[i + 1] ?? "")) i++;
            else stack.pop();
          }
        } else if (t === "double") {
          if (ch === "`") escape = true;
          else if (PS_DOUBLE.includes(ch)) {
            if (PS_DOUBLE.includes(s[i + 1] ?? "")) i++;
            else stack.pop();
          } else if (ch === "$" && s[i + 1] === "(") {
            stack.push("bare");
            i++;
          }
        } else {
          if (ch === "`") escape = true;
          else if (ch === "@" && (PS_SINGLE + PS_DOUBLE).includes(s[i + 1] ?? "")) stack.push("here");
          else if (PS_SINGLE.includes(ch)) stack.push("single");
          else if (PS_DOUBLE.includes(ch)) stack.push("double");
          else if (ch === "#" && /[\s;|(]/.test(prev)) stack.push("comment");
          else if (ch === "(" && prev === "$") stack.push("bare");
          else if (ch === ")" && stack.length > 1) stack.pop();
        }
        prev = ch;
      }
    },
    state() {
      const t = top();
      return t === "here" ? "other" : t;
    },
  };
}

function cmdLexer(): Lexer {
  let inQuote = false;
  let escape = false;
  return {
    feed(s) {
      for (const ch of s) {
        if (ch === "\n") {
          inQuote = false;
          escape = false;
        } else if (escape) escape = false;
        else if (ch === '"') inQuote = !inQuote;
        else if (!inQuote && ch === "^") escape = true;
      }
    },
    state: () => (inQuote ? "double" : "bare"),
  };
}

function lexerFor(shell: Shell): Lexer {
  return shell === "sh" ? shLexer() : shell === "powershell" ? psLexer() : cmdLexer();
}

/** The value as it must be written at this point of a shell template, or the reason it cannot be. */
export function quoteFor(shell: Shell, state: State, value: string): { text: string } | { problem: string } {
  if (/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(value)) return { problem: "it holds control characters" };
  if (state === "other") return { problem: `it stands where ${shellName(shell)} would expand it (a backtick, a here-document or here-string)` };
  if (shell === "sh") {
    if (state === "comment") return { text: value };
    if (state === "single") return { text: value.replace(/'/g, `'\\''`) };
    if (state === "double") {
      if (!/[$`"\\!]/.test(value)) return { text: value };
      return { text: `"'${value.replace(/'/g, `'\\''`)}'"` };
    }
    if (new RegExp(`^[${L}_@%+=:,./-]+$`, "u").test(value)) return { text: value };
    return { text: `'${value.replace(/'/g, `'\\''`)}'` };
  }
  if (shell === "powershell") {
    const singles = new RegExp(`[${PS_SINGLE}]`, "gu");
    if (state === "comment") return { text: value };
    if (state === "single") return { text: value.replace(singles, (q) => q + q) };
    if (state === "double") return { text: value.replace(new RegExp(`[\`$${PS_DOUBLE}]`, "gu"), (c) => `\`${c}`) };
    if (new RegExp(`^[${L}_.:/\\\\+=%-]+$`, "u").test(value) && !value.startsWith("@")) return { text: value };
    return { text: `'${value.replace(singles, (q) => q + q)}'` };
  }
  // cmd has no quoting that stops %VAR% or !VAR! expansion: such values are never filled.
  if (/[%!"]/.test(value)) return { problem: "cmd would expand a percent sign or an exclamation mark, or end a quote, in it" };
  if (state === "double" || state === "comment") return { text: value };
  if (new RegExp(`^[${L}_.:\\\\/+=@#~-]+$`, "u").test(value)) return { text: value };
  return { problem: "cmd cannot take it outside double quotes (it holds spaces or characters cmd interprets)" };
}

function shellName(shell: Shell): string {
  return shell === "sh" ? "the shell" : shell === "powershell" ? "PowerShell" : "cmd";
}

/** Characters no shell (sh, PowerShell, cmd) treats specially: what code of an unknown shell may hold. */
const INERT = new RegExp(`^[${L}_./\\\\:+=-]+(?:@[${L}_./\\\\:+=-]*)*$`, "u");

// ─── filling ─────────────────────────────────────────────────────────────────────────────────────

export interface Unfilled {
  readonly name: string;
  readonly reason: string;
}

export interface FillResult {
  readonly text: string;
  /** Placeholders left unfilled because their value was unsafe (not the ones whose fact is unknown). */
  readonly unfilled: Unfilled[];
  /** Placeholders whose fact is unknown. */
  readonly missing: string[];
}

/** Resolves a placeholder's source (`symbol`, `either(python, "python3")`) to a value and its shape. */
export type Resolve = (src: string) => { readonly value: string | null; readonly shape: ShapeName; readonly name: string; readonly missingAs?: string };

export const PLACEHOLDER = /\{\{\s*(.+?)\s*\}\}/g;

/** The placeholder shown in place of a value: `<name>` (in running Markdown it goes in as code, never as HTML). */
export function keep(name: string): string {
  return /^[A-Za-z_][\w.]*$/.test(name) ? `<${name}>` : "<a value not known here>";
}

/**
 * Fills the placeholders of one piece of text whose place is `where`. For code of a known shell the
 * piece is the whole block (its quoting state is followed from the start). `escape` is applied to each
 * filled value (for Markdown prose); code needs none, since no shape allows a backtick.
 */
export function fillText(text: string, where: Where, resolve: Resolve, escape: (v: string) => string = (v) => v, post: (v: string) => string = (v) => v): FillResult {
  const unfilled: Unfilled[] = [];
  const missing: string[] = [];
  const shell = where.kind === "code" ? shellOf(where.lang) : null;
  const lexer = shell ? lexerFor(shell) : null;
  let out = "";
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    const literal = text.slice(last, m.index);
    lexer?.feed(literal);
    out += literal;
    last = m.index! + m[0].length;
    const src = m[1]!;
    const r = resolve(src);
    const held = keep(r.name);
    if (r.value === null) {
      missing.push(r.name);
      // An unknown value may read as an instruction in words; in running Markdown, as code.
      const shown = r.missingAs ?? held;
      out += where.kind === "prose" ? escape(shown) : shown;
      lexer?.feed("x");
      continue;
    }
    const bad = shapeProblem(r.value, r.shape);
    if (bad) {
      unfilled.push({ name: r.name, reason: bad });
      out += where.kind === "prose" ? escape(held) : held;
      lexer?.feed("x");
      continue;
    }
    if (shell && lexer) {
      const q = quoteFor(shell, lexer.state(), r.value);
      if ("problem" in q) {
        unfilled.push({ name: r.name, reason: `it cannot be quoted safely for ${shell}: ${q.problem}` });
        out += held;
      } else out += post(q.text);
      lexer.feed("x");
      continue;
    }
    if (where.kind === "code") {
      // Inline code that is the placeholder alone shows a value (`{{arch}}`); any other code may be run.
      const valueOnly = where.lang === undefined && text.trim() === m[0];
      if (valueOnly ? r.value.includes("`") : r.value !== "" && !INERT.test(r.value)) {
        unfilled.push({ name: r.name, reason: "it holds characters a shell would interpret, in code whose shell is not known" });
        out += held;
      } else out += post(r.value);
      continue;
    }
    out += escape(post(r.value));
  }
  out += text.slice(last);
  return { text: out, unfilled, missing };
}

/** A resolver over plain facts (a finding's), each checked against its declared shape (`text` when none). */
export function factResolver(facts: Readonly<Record<string, string>>, shapes: Readonly<Record<string, string>>): Resolve {
  return (src) => {
    const name = src.trim();
    const shape = shapes[name];
    const value = Object.prototype.hasOwnProperty.call(facts, name) ? facts[name]! : null;
    return { name, value, shape: shape && isShapeName(shape) ? shape : "text" };
  };
}

// ─── Markdown ─────────────────────────────────────────────────────────────────────────────────────

/**
 * A value in running Markdown: an inline code span long enough to hold it, so it cannot format the report,
 * open HTML, make a link, or mention anyone (GitHub does not read mentions in code).
 */
export function markdownText(v: string): string {
  const text = v.replace(/\r?\n/g, " ");
  if (!text) return "";
  // Versions and numbers (12.6, 2.5.1+cu121) hold no markup character: they read better bare.
  if (/^[A-Za-z0-9][A-Za-z0-9.+-]*$/.test(text)) return text;
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") || text.startsWith(" ") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Splits Markdown into fenced blocks, inline code and prose, and fills each as its place asks. */
export function fillMarkdown(md: string, resolve: Resolve, format: "markdown" | "text", post: (v: string) => string = (v) => v): FillResult {
  const unfilled: Unfilled[] = [];
  const missing: string[] = [];
  const proseEscape = format === "markdown" ? markdownText : (v: string) => v;
  const take = (r: FillResult): string => {
    unfilled.push(...r.unfilled);
    missing.push(...r.missing);
    return r.text;
  };
  const out: string[] = [];
  const lines = md.split("\n");
  let prose: string[] = [];
  const flushProse = (): void => {
    if (prose.length) out.push(fillInline(prose.join("\n"), resolve, proseEscape, take, post));
    prose = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/.exec(lines[i]!);
    if (!open) {
      prose.push(lines[i]!);
      continue;
    }
    flushProse();
    const marker = open[2]!;
    const body: string[] = [];
    let j = i + 1;
    const closes = new RegExp(`^\\s*${marker[0] === "`" ? "`" : "~"}{${marker.length},}\\s*$`);
    while (j < lines.length && !closes.test(lines[j]!)) body.push(lines[j++]!);
    out.push(lines[i]!);
    if (body.length) out.push(take(fillText(body.join("\n"), { kind: "code", lang: open[3] || "" }, resolve, undefined, post)));
    if (j < lines.length) out.push(lines[j]!);
    i = j;
  }
  flushProse();
  return { text: out.join("\n"), unfilled, missing };
}

/** Prose with inline code spans (backtick runs pair up within a paragraph). */
function fillInline(text: string, resolve: Resolve, escape: (v: string) => string, take: (r: FillResult) => string, post: (v: string) => string): string {
  let out = "";
  let i = 0;
  const runs = /`+|\n[ \t]*\n/g;
  let proseStart = 0;
  while (i < text.length) {
    runs.lastIndex = i;
    const m = runs.exec(text);
    if (!m) break;
    if (m[0].startsWith("\n")) {
      i = m.index + m[0].length;
      continue;
    }
    // An opening run: find the closing run of the same length in the same paragraph.
    const close = new RegExp(`(?<!\`)${m[0]}(?!\`)|\\n[ \\t]*\\n`, "g");
    close.lastIndex = m.index + m[0].length;
    const c = close.exec(text);
    if (!c || c[0].startsWith("\n")) {
      i = m.index + m[0].length;
      continue;
    }
    out += take(fillText(text.slice(proseStart, m.index), { kind: "prose" }, resolve, escape, post));
    out += m[0] + take(fillText(text.slice(m.index + m[0].length, c.index), { kind: "code" }, resolve, undefined, post)) + c[0];
    proseStart = i = c.index + c[0].length;
  }
  out += take(fillText(text.slice(proseStart), { kind: "prose" }, resolve, escape, post));
  return out;
}

/** One line per unfilled placeholder, for the report: "<symbol> was not filled in: it does not look like …". */
export function unfilledLines(unfilled: readonly Unfilled[], from = "the log"): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const u of unfilled) {
    const key = `${u.name}\u0000${u.reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(`${keep(u.name)} was not filled in from ${from}: ${u.reason}.`);
  }
  return out;
}

/** The fact shapes the knowledge base declares (on its reference note `facts`), by fact name. */
export function factShapesOf(notes: ReadonlyMap<string, { readonly factShapes?: Readonly<Record<string, string>> }>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of notes.values()) if (n.factShapes) Object.assign(out, n.factShapes);
  return out;
}

// ─── the terminal ─────────────────────────────────────────────────────────────────────────────────

// Every escape sequence: CSI (7- and 8-bit) with its parameters; OSC, DCS, SOS, PM, APC strings up to
// BEL or ST, or to the end when unterminated; ESC with intermediates and a final byte (ESC c, ESC #8,
// ESC ( 0); then any C0 (but TAB), DEL, C1 left over, and the bidirectional overrides that reorder
// what the reader sees.
// eslint-disable-next-line no-control-regex
const TERMINAL_SEQUENCES = /(?:\x1b\[|\u009b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?|(?:\x1b[\]PX^_]|[\u0090\u0098\u009d\u009e\u009f])[^\x07\x1b\u009c]*(?:\x07|\x1b\\|\u009c)?|\x1b[\x20-\x2f]*[\x30-\x7e]?|[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Text that did not come from cudafix, made safe to print on a terminal: every control sequence removed. */
export function terminalSafe(s: string): string {
  return s.replace(TERMINAL_SEQUENCES, "");
}

// ─── decision-tree commands ───────────────────────────────────────────────────────────────────────

/**
 * A tree leaf's fix command with its `{{ expr }}` placeholders filled from live and log facts, each value
 * quoted for the command's shell (a venv path with a space or `;` stays one word). A value that cannot be
 * quoted for that shell stays a placeholder.
 */
export function fillCommand(text: string, shell: Shell, scope: FactScope, shapes: Readonly<Record<string, string>> = {}): FillResult {
  const r = fillText(text, { kind: "code", lang: shell }, exprResolver(scope, shapes));
  if (!r.unfilled.length) return r;
  // Why a value was left out, as a comment of the command's own shell: it travels with the command
  // (report, JSON, --copy). Words only: a comment line must not become a command in any shell.
  const notes = [...new Set(r.unfilled.map((u) => `${u.name} was not filled in: ${u.reason.replace(/ \(it holds [^)]*\)/, "")}`.replace(/[^\p{L}\p{N} .:,-]/gu, "")))];
  const comment = shell === "cmd" ? "rem " : "# ";
  return { ...r, text: `${r.text}\n${notes.map((n) => comment + n).join("\n")}` };
}

/** Resolves `{{ expr }}` over live and log facts; a bare `log.NAME` keeps its declared shape. */
export function exprResolver(scope: FactScope, shapes: Readonly<Record<string, string>> = {}): Resolve {
  return (src) => {
    const t = evaluateText(src, scope);
    const name = src.trim();
    const log = /^log\.([A-Za-z_]\w*)$/.exec(name);
    const shape = log ? shapes[log[1]!] : undefined;
    const value = t === "" ? null : t;
    return { name, value, shape: shape && isShapeName(shape) ? shape : "text", ...(value === null ? { missingAs: unknownInWords(src, scope) } : {}) };
  };
}
