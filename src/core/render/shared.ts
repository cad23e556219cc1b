// What every renderer needs and none of them owns: cutting text to a length, log text made safe for display,
// Markdown building blocks and escaping, masking of user names, a note's sections with a finding's facts
// filled in (as Markdown or as terminal text), and the questions every renderer asks of a report ("which
// finding is the root cause?"). Pure: report data in, text out.

import { factResolver, factShapesOf, fillMarkdown, terminalSafe, type Unfilled } from "../fill.js";
import type { Facts, Finding, Report, Signature } from "../types.js";

export { terminalSafe };

/** `s` cut to `n` characters, the cut shown with an ellipsis. */
export function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** The finding that is the report's root cause. */
export function rootFinding(report: Pick<Report, "rootCause" | "findings">): Finding | undefined {
  const root = report.rootCause;
  return root ? report.findings.find((f) => isRoot(report, f)) : undefined;
}

/** Whether `f` is the report's root cause (the same note at the same line). */
export function isRoot(report: Pick<Report, "rootCause">, f: Pick<Finding, "id" | "line">): boolean {
  const root = report.rootCause;
  return root !== null && f.id === root.id && f.line === root.line;
}

/** Findings grouped by note id, in order of first appearance (for "×N" summaries). */
export function groupById(findings: readonly Finding[]): Map<string, Finding[]> {
  const m = new Map<string, Finding[]>();
  for (const f of findings) {
    const g = m.get(f.id);
    if (g) g.push(f);
    else m.set(f.id, [f]);
  }
  return m;
}

/** A heading's anchor on the docs pages: "How to fix" → "how-to-fix". */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

// ---------------------------------------------------------------------------------------------------
// Log text

/** Log text for display: colours and the overwritten part of a progress bar removed. */
export function displayLine(raw: string): string {
  // eslint-disable-next-line no-control-regex
  const noAnsi = raw.replace(/\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g, "");
  const parts = noAnsi.replace(/\r+$/, "").split("\r");
  // eslint-disable-next-line no-control-regex
  return (parts[parts.length - 1] ?? "").replace(/[\x00-\x08\x0b-\x1f\x7f]/g, "");
}

// ---------------------------------------------------------------------------------------------------
// Masking

/** Account names too generic to blank out wherever they appear ("root cause", "Ubuntu 24.04"). */
const GENERIC_ACCOUNTS = new Set(["root", "user", "users", "admin", "administrator", "runner", "ubuntu", "nobody", "home", "default", "public"]);

/** Home folders and user names → placeholders: `/home/alice/x` → `/home/<user>/x`, `C:\Users\Bob\x` → `C:\Users\<user>\x`. */
export function mask(text: string, users: readonly string[] = []): string {
  let s = text
    .replace(/(\/home\/|\/Users\/)(?!<user>)[^/\s'"`:;,)\]]+/g, "$1<user>")
    // root's home is a home folder too: /root/.cache → ~/.cache (only a path's first component).
    .replace(/(^|[\s'"`(=:,[])\/root(?=\/)/gm, "$1~")
    .replace(/\b([A-Za-z]:)(\\\\|\\|\/)(Users|Documents and Settings)\2(?!<user>)[^\\/\s'"`:;,)\]]+/gi, "$1$2$3$2<user>");
  for (const name of users) {
    const n = name.trim();
    if (n.length < 3 || GENERIC_ACCOUNTS.has(n.toLowerCase())) continue;
    // Not a path's first component: USER=dev must leave /dev/nvidia0 as it is.
    s = s.replace(new RegExp(`(?<![\\w.-])(?<!(?:^|[\\s'"\`(=:,[])/)${escapeRegex(n)}(?![\\w-])`, "gim"), "<user>");
  }
  return s;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// ---------------------------------------------------------------------------------------------------
// Markdown building blocks

/** Inline code that survives backticks in its content. */
export function code(s: string): string {
  const text = s.replace(/\r?\n/g, " ");
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") || (text.startsWith(" ") && text.endsWith(" ") && text.trim()) ? " " : "";
  return text ? `${fence}${pad}${text}${pad}${fence}` : "";
}

/** A fenced block whose fence is longer than any backtick run inside. */
export function fence(body: string, lang = ""): string {
  const longest = Math.max(2, ...[...body.matchAll(/`{3,}/g)].map((m) => m[0].length));
  const f = "`".repeat(longest + 1);
  return `${f}${lang}\n${body.replace(/\n+$/, "")}\n${f}`;
}

/** Text that goes into a table cell: one line, pipes escaped. */
export function cell(s: string): string {
  return s.replace(/\r?\n/g, " ").replace(/\|/g, "\\|").trim();
}

/** Plain text (log data) in running Markdown: markup characters escaped so a log line cannot format the report (`cell` escapes pipes). */
export function plain(s: string): string {
  return s.replace(/([\\`*_[\]<>~])/g, "\\$1");
}


// ---------------------------------------------------------------------------------------------------
// Note sections, facts filled in

/**
 * A note section as Markdown with a finding's facts filled in by the one fill (fill.ts): shape-checked,
 * quoted for the block's shell, escaped where it lands; masking (home folders, user names) comes last.
 */
export function noteMarkdown(md: string, facts: Facts, notes: ReadonlyMap<string, Signature>, m: (s: string) => string = (s) => s): { text: string; unfilled: Unfilled[] } {
  const r = fillMarkdown(md.trim(), factResolver(facts, factShapesOf(notes)), "markdown", m);
  return { text: r.text, unfilled: r.unfilled };
}

/** `{{fact}}` placeholders → the facts' values, through the one fill (fill.ts); unknown ones show as `<fact>`. */
export function fillFacts(text: string, facts: Readonly<Record<string, string>>, shapes: Readonly<Record<string, string>> = {}): string {
  return fillMarkdown(text, factResolver(facts, shapes), "markdown").text;
}

/** Marks a line that must not be wrapped (a command to copy); `wrapLines` removes it. */
export const KEEP = "\u0001";
const ANSI = /\x1b\[[0-9;]*m/g;

function visible(s: string): number {
  return s.replace(ANSI, "").length;
}

/**
 * Wraps each line longer than `width` at spaces, continuing under its indentation (under the text of a
 * bullet, `✓ `, `- `, `line N: `); a word longer than the width stays whole on its own line. Lines marked
 * as commands are left as they are. `hang`: the continuation indent, when the caller knows it (a table).
 */
export function wrapLines(text: string, width: number, hang?: number): string {
  return text
    .split("\n")
    .map((line) => {
      const kept = /^( *)\u0001/.exec(line);
      if (kept) return kept[1] + line.slice(kept[0].length);
      if (visible(line) <= width) return line;
      const head = /^((?:\x1b\[[0-9;]*m)*)( *)/.exec(line)!;
      const indent = head[2]!.length;
      const rest = line.slice(head[0].length);
      const plain = rest.replace(ANSI, "");
      const bullet = /^(?:[-*•✓●○⇄?▶✗·] |\d+\. |line \d+: )/.exec(plain);
      // (A continuation that would leave under 20 columns starts 4 in instead.)
      const want = hang ?? indent + (bullet ? bullet[0].length : 0);
      const cont = " ".repeat(want <= Math.max(width - 20, width / 2) ? want : Math.min(indent + 4, want));
      const out: string[] = [];
      let cur = head[1]! + " ".repeat(indent);
      let curLen = indent;
      let empty = true;
      let gap = "";
      // Split keeping the spaces: inside a line they stay as they were (log text, aligned columns).
      for (const part of rest.split(/( +)/)) {
        if (!part) continue;
        if (part.startsWith(" ")) {
          gap = part;
          continue;
        }
        const w = visible(part);
        if (!empty && curLen + gap.length + w > width) {
          out.push(cur);
          cur = cont + part;
          curLen = cont.length + w;
        } else {
          cur += (empty ? "" : gap) + part;
          curLen += (empty ? 0 : gap.length) + w;
        }
        gap = "";
        empty = false;
      }
      out.push(cur);
      return out.join("\n");
    })
    .join("\n");
}


/**
 * Markdown of a note section → plain terminal text: fences become indented blocks, markup is dropped.
 * `reflow`: the source's line breaks inside a paragraph or list item are joined (the text is wrapped to
 * the terminal later), and code lines are marked so that they are never wrapped. Facts are filled in by
 * the one fill (fill.ts), checked against `shapes`.
 */
export function markdownToText(md: string, facts: Readonly<Record<string, string>> = {}, reflow = false, shapes: Readonly<Record<string, string>> = {}): string {
  return noteText(md, facts, shapes, reflow).text;
}

/** A note section as terminal text with the finding's facts filled in (fill.ts), and what was not filled. */
export function noteText(md: string, facts: Readonly<Record<string, string>>, shapes: Readonly<Record<string, string>>, reflow = false): { text: string; unfilled: Unfilled[] } {
  const filled = fillMarkdown(md, factResolver(facts, shapes), "text");
  const out: string[] = [];
  let inFence = false;
  let joinable = false;
  for (const line of filled.text.split("\n")) {
    const raw = terminalSafe(line);
    if (/^\s*```/.test(raw)) {
      inFence = !inFence;
      joinable = false;
      continue;
    }
    if (inFence) {
      out.push(`${reflow ? KEEP : ""}    ${raw}`);
      continue;
    }
    const text = raw
      .replace(/\*\*([^*]+)\*\*/g, "$1")
      .replace(/`([^`]+)`/g, "$1")
      .replace(/\[([^\]]+)\]\([^)]+\)/g, "$1");
    const starts = /^\s*(?:[-*+] |\d+[.)] |#|\|)/.test(text) || !text.trim();
    if (reflow && joinable && !starts) out[out.length - 1] += ` ${text.trim()}`;
    else out.push(reflow && text.trim().startsWith("|") ? KEEP + text : text);
    joinable = reflow && !!text.trim() && !text.trim().startsWith("|") && !text.trim().startsWith("#");
  }
  return { text: out.join("\n").replace(/\n{3,}/g, "\n\n").trim(), unfilled: filled.unfilled };
}
