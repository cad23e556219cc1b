// Renderer for terminals: the report as a person reads it. Works on report data only; never re-matches.

import { isDecision, type Decision, type LiveFacts, type Report, type Signature, type VerificationEntry, type Verdict, type WalkedNode } from "../types.js";
import { factShapesOf, unfilledLines } from "../fill.js";
import type { Renderer, TextStyle } from "./renderer.js";
import { clip, groupById, isRoot, KEEP, markdownToText, noteText, rootFinding, terminalSafe as t, wrapLines } from "./shared.js";


function finish(text: string, style: TextStyle): string {
  return style.width ? wrapLines(text, style.width) : text;
}

const codes = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] } as const;
type StyleName = keyof typeof codes;

function painter(style: TextStyle): (name: StyleName, s: string) => string {
  return (name, s) => (style.color ? `\x1b[${codes[name][0]}m${s}\x1b[${codes[name][1]}m` : s);
}





/** `buildExit`: `cudafix run` says how the build ended when it failed ("exited 3"). */
export function renderReport(report: Report, notes: ReadonlyMap<string, Signature>, style: TextStyle, source = "the log", buildExit?: string): string {
  const c = painter(style);
  const lines: string[] = [];
  const rule = c("dim", "─".repeat(72));
  lines.push(rule);
  const fatal = report.findings.filter((f) => f.severity === "fatal");
  const harmless = report.findings.filter((f) => f.severity === "harmless");
  const root = report.rootCause;
  if (root) {
    const note = notes.get(root.id);
    const finding = rootFinding(report);
    lines.push(`${c("red", c("bold", "cudafix: root cause"))} ${c("bold", note?.title ?? root.id)} ${c("dim", `[${root.id}]`)}`);
    lines.push(`  ${c("cyan", `line ${root.line}:`)} ${clip(t(finding?.text ?? ""), 300)}`);
    if (finding && Object.keys(finding.facts).length) {
      lines.push(`  ${c("dim", "facts:")} ${Object.entries(finding.facts).map(([k, v]) => `${k}=${clip(t(v), 200)}`).join("  ")}`);
    }
    lines.push("");
    lines.push(c("bold", "Why this line"));
    if (note) lines.push(indent(markdownToText(note.summary, {}, !!style.width), 2));
    lines.push(indent(capitalise(t(root.why)), 2));
    const fix = note?.sections["How to fix"];
    if (fix) {
      lines.push("");
      lines.push(c("bold", "What to do"));
      // The log's facts, then the line's own: the same facts as fix.ts's rootFix (the paste page's fix).
      const filled = noteText(fix, { ...report.logFacts, ...(finding?.facts ?? {}) }, factShapesOf(notes), !!style.width);
      lines.push(indent(filled.text, 2));
      for (const l of unfilledLines(filled.unfilled)) lines.push(c("yellow", indent(l, 2)));
    }
    const otherFatal = fatal.filter((f) => !isRoot(report, f));
    if (otherFatal.length) {
      lines.push("");
      lines.push(c("bold", "Other fatal lines"));
      for (const f of otherFatal.slice(0, 10)) lines.push(`  ${c("cyan", `line ${f.line}:`)} ${clip(t(f.text), 160)} ${c("dim", `[${f.id}]`)}`);
      if (otherFatal.length > 10) lines.push(c("dim", `  … and ${otherFatal.length - 10} more`));
    }
  } else if (buildExit) {
    lines.push(`${c("red", c("bold", `cudafix: the build ${buildExit}`))}; no note explains it${report.unrecognized.length ? ` (error lines no note recognises are listed below)` : ""}.`);
  } else if (report.unrecognized.length) {
    lines.push(`${c("yellow", c("bold", "cudafix: no known cause"))}: the log has error lines that no note recognises.`);
  } else {
    lines.push(`${c("green", c("bold", "cudafix: no fatal error found"))} in ${t(source)} (${report.stats.lines} lines).`);
  }
  if (harmless.length) {
    lines.push("");
    lines.push(c("bold", "Harmless, safe to ignore"));
    for (const [id, group] of groupById(harmless)) {
      const note = notes.get(id);
      const where = group.slice(0, 4).map((f) => f.line).join(", ") + (group.length > 4 ? ", …" : "");
      lines.push(`  ${c("green", "✓")} ${note?.title ?? id} ${c("dim", `[${id}]`)} ×${group.length} ${c("dim", `(line ${where})`)}`);
      if (note) lines.push(c("dim", indent(clip(markdownToText(note.summary, {}, !!style.width), 220), 4)));
    }
    if (report.stats.omittedFindings) lines.push(c("dim", `  (${report.stats.omittedFindings} more harmless lines counted, not listed)`));
  }
  if (report.unrecognized.length) {
    lines.push("");
    lines.push(c("bold", "Error lines no note recognises"));
    for (const u of report.unrecognized.slice(0, 8)) {
      lines.push(`  ${c("yellow", `line ${u.line}:`)} ${clip(t(u.text), 160)}`);
      if (u.nearest.length) lines.push(c("dim", `    nearest: ${u.nearest.map((n) => `${n.id} (${n.score})`).join(", ")}`));
    }
  }
  const more = root ? [root.id] : [];
  for (const id of new Set(harmless.map((f) => f.id))) if (more.length < 3) more.push(id);
  if (more.length) {
    lines.push("");
    lines.push(c("dim", `More: ${more.map((id) => `cudafix explain ${id}`).join("  ·  ")}`));
  }
  if (report.stats.legacyDecodedLines || report.stats.binary || report.stats.truncatedLines) {
    const notes2: string[] = [];
    if (report.stats.legacyDecodedLines) notes2.push(`${report.stats.legacyDecodedLines} line(s) were not UTF-8 and were read as GBK/GB18030`);
    if (report.stats.truncatedLines) notes2.push(`${report.stats.truncatedLines} very long line(s) were matched on their first part only`);
    if (report.stats.binary) notes2.push(`the input looks like a binary file, not a log (it was read and passed through anyway)`);
    lines.push(c("dim", `Note: ${notes2.join("; ")}.`));
  }
  if (report.verification.length || isDecision(report.decision)) {
    // width 0: commands marked, nothing wrapped yet (this report wraps all its lines at the end).
    const inner: TextStyle = style.width ? { color: style.color, width: 0 } : style;
    lines.push(renderLiveCheck(report, notes, inner));
  }
  lines.push(rule);
  return finish(lines.join("\n") + "\n", style);
}

/** The note as `cudafix explain ID` shows it. */
export function renderNote(note: Signature, style: TextStyle): string {
  const c = painter(style);
  const lines: string[] = [];
  const sev = note.severity === "fatal" ? c("red", "fatal") : note.severity === "harmless" ? c("green", "harmless") : note.kind;
  lines.push(`${c("bold", note.title)} ${c("dim", `[${note.id}]`)}`);
  lines.push(`${sev}${note.stage ? ` · ${note.stage}` : ""}${note.related.length ? c("dim", ` · related: ${note.related.join(", ")}`) : ""}`);
  lines.push("");
  lines.push(markdownToText(note.summary, {}, !!style.width));
  for (const [heading, body] of Object.entries(note.sections)) {
    lines.push("");
    lines.push(c("bold", heading));
    lines.push(indent(markdownToText(body, {}, !!style.width), 2));
  }
  if (note.releases.length) {
    lines.push("");
    lines.push(c("bold", "Releases"));
    for (const r of note.releases) lines.push(`  - ${markdownToText(r, {}, !!style.width)}`);
  }
  return finish(lines.join("\n") + "\n", style);
}


function indent(s: string, n: number): string {
  const pad = " ".repeat(n);
  return s
    .split("\n")
    .map((l) => (l ? pad + l : l))
    .join("\n");
}

function capitalise(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}

// ─── the live check: verification, decision trees, environment ───────────────────────────────────

const VERDICT_STYLE: Readonly<Record<Verdict, { mark: string; color: StyleName }>> = {
  confirmed: { mark: "●", color: "red" },
  "no longer true": { mark: "○", color: "green" },
  contradicted: { mark: "⇄", color: "yellow" },
  unverifiable: { mark: "?", color: "dim" },
};

interface LiveParts {
  readonly verification: readonly VerificationEntry[];
  readonly decision: Report["decision"];
}

/** The verification and the decision trees, as `cudafix FILE` and `cudafix doctor` print them. */
export function renderLiveCheck(live: LiveParts, notes: ReadonlyMap<string, Signature>, style: TextStyle, mode: "log" | "doctor" = "log"): string {
  const c = painter(style);
  const lines: string[] = [];
  const decision = isDecision(live.decision) ? live.decision : null;
  const findings = live.verification.filter((v) => v.kind === "finding");
  const standing = live.verification.filter((v) => v.kind === "standing");
  if (findings.length) {
    lines.push("");
    lines.push(c("bold", "Checked against this machine"));
    for (const v of findings) lines.push(...verificationLines(v, notes, c));
  }
  if (standing.length || mode === "doctor") {
    lines.push("");
    lines.push(c("bold", mode === "doctor" ? "Problems on this machine" : "Problems on this machine the log does not show"));
    if (!standing.length) lines.push(`  ${c("green", "✓")} none found`);
    for (const v of standing) lines.push(...verificationLines(v, notes, c));
  }
  if (decision) {
    if (style.verbose) {
      const shown = decision.walks.filter((w) => w.reason !== "standing" || w.problem || mode === "doctor");
      for (const w of shown) {
        lines.push("");
        lines.push(`${c("bold", "Decision:")} ${w.title} ${c("dim", `[${w.tree}]`)}${w.outcome === "undecided" ? c("yellow", ` — undecided: ${t(w.missing.join(", "))} unknown`) : ""}`);
        for (const child of w.root.children) lines.push(...walkedLines(child, 1, c));
      }
    } else {
      // The branch each check took and why, in words; a check that says nothing for this machine (a
      // Windows check on Linux, a log-only check without a log) is left out.
      const shown = decision.walks.filter((w) => w.reason !== "standing" || w.problem || (mode === "doctor" && !offTopic(w)));
      if (shown.length) {
        lines.push("");
        lines.push(c("bold", "Decisions") + c("dim", " (the branch taken; --verbose shows every branch tried)"));
        for (const w of shown) {
          const why = w.outcome === "undecided" ? c("yellow", `undecided: ${w.unknown ?? describeUnknown(w, live.verification)}`) : w.path.join(" → ");
          lines.push(`  ${w.outcome === "undecided" ? c("yellow", "?") : c("green", "▶")} ${c("bold", w.title)} ${c("dim", `[${w.tree}]`)}`);
          lines.push(`      ${clip(t(why), 400)}`);
        }
      }
    }
    if (decision.commands.length) {
      lines.push("");
      lines.push(c("bold", `Fix commands (${decision.shell}; cudafix runs nothing)`));
      for (const cmd of decision.commands) {
        for (const l of cmd.text.split("\n")) lines.push(`  ${style.width !== undefined ? KEEP : ""}${t(l)}`);
        lines.push("");
      }
      lines.pop();
    }
  }
  return finish(lines.join("\n"), style);
}

/**
 * A standing check with nothing to say here: it ended "unverifiable" on its first branch, and that branch
 * read only the platform (a Windows check on Linux, or the reverse) or only the log (there is none).
 */
function offTopic(w: Decision["walks"][number]): boolean {
  if (w.outcome !== "leaf" || w.verdict !== "unverifiable") return false;
  const first = w.root.children.find((n) => n.taken);
  const read = Object.keys(first?.facts ?? {});
  return read.length > 0 && read.every((f) => f === "platform" || f.startsWith("log."));
}

function describeUnknown(w: Decision["walks"][number], _v: readonly VerificationEntry[]): string {
  return w.missing.length ? `${w.missing.map((m) => (m.startsWith("log.") ? `the log does not show ${m.slice(4)}` : `${m} is unknown`)).join(", ")}` : "a fact is unknown";
}

function verificationLines(v: VerificationEntry, notes: ReadonlyMap<string, Signature>, c: (n: StyleName, s: string) => string): string[] {
  const st = VERDICT_STYLE[v.verdict];
  const out: string[] = [];
  const where = v.line === null ? "" : c("cyan", ` line ${v.line}`);
  out.push(`  ${c(st.color, `${st.mark} ${v.verdict}`)}${where} ${notes.get(v.id)?.title ?? v.id} ${c("dim", `[${v.id}]`)}${v.pointsTo ? ` → ${c("bold", v.pointsTo)}` : ""}`);
  out.push(c("dim", `      ${clip(t(v.because), 300)}`));
  const ev = v.evidence.filter((e) => e.log !== null || e.live !== null || e.probeStatus !== "ok");
  if (ev.length) {
    const w = Math.max(4, ...ev.map((e) => e.fact.length));
    const lw = Math.max(3, ...ev.map((e) => clip(t(e.log ?? "—"), 40).length));
    out.push(c("dim", `      ${"fact".padEnd(w)}  ${"log".padEnd(lw)}  this machine`));
    for (const e of ev) {
      const liveText = t(e.live ?? `unknown (${e.probe}: ${e.probeStatus})`);
      const mark = e.same === false ? c("yellow", " ≠") : e.same === true ? c("dim", " =") : "";
      out.push(`      ${t(e.fact).padEnd(w)}  ${clip(t(e.log ?? "—"), 40).padEnd(lw)}  ${clip(liveText || '""', 80)}${mark}`);
    }
  }
  return out;
}

function walkedLines(n: WalkedNode, depth: number, c: (s: StyleName, t: string) => string): string[] {
  const pad = "  ".repeat(depth);
  const mark = n.taken ? c("green", "▶") : n.value === false ? c("dim", "✗") : n.value === null ? c("yellow", "?") : c("dim", "·");
  const facts = n.facts ? t(Object.entries(n.facts).map(([k, v]) => `${k}=${v === null ? "unknown" : v === "" ? '""' : v}`).join(" ")) : "";
  const test = n.test && n.test !== "otherwise" ? c("dim", `\`${n.test}\``) : "";
  const shown = t(n.label);
  const label = n.taken ? c("bold", shown) : n.value === undefined ? c("dim", shown) : shown;
  const out = [`${pad}${mark} ${label}${n.taken && !n.children.length ? c("green", "  ← taken") : ""}`];
  if (test && n.value !== undefined) out.push(`${pad}    ${test}${facts ? c("dim", `  [${clip(facts, 160)}]`) : ""}`);
  if (n.taken || n.value === null) for (const ch of n.children) out.push(...walkedLines(ch, depth + 1, c));
  return out;
}

/** The environment table of `cudafix doctor`: each probe, how it went, what it found. */
export function renderEnvironment(live: LiveFacts, style: TextStyle): string {
  const c = painter(style);
  const w = Math.max(5, ...live.probes.map((p) => p.name.length));
  const lines = [c("bold", "This machine"), c("dim", `  ${"probe".padEnd(w)}  ${"status".padEnd(10)}  found`)];
  for (const p of live.probes) {
    const color: StyleName = p.status === "ok" ? "green" : p.status === "absent" ? "dim" : "yellow";
    lines.push(`  ${p.name.padEnd(w)}  ${c(color, p.status.padEnd(10))}  ${clip(t(p.detail), 110)}`);
  }
  return style.width ? wrapLines(lines.join("\n"), style.width, w + 16) : lines.join("\n");
}

/** The text format: per log, the report as `cudafix FILE` prints it; for no log (doctor), the machine and its problems. */
export const text: Renderer = {
  id: "text",
  document: false,
  render: (logs, o) =>
    logs
      .map((l) => {
        if (l.source !== null) return renderReport(l.report, o.notes, o.style, l.label, o.buildExit);
        const machine = l.report.environment ? renderEnvironment(l.report.environment, o.style) + "\n" : "";
        return machine + renderLiveCheck(l.report, o.notes, o.style, "doctor") + "\n";
      })
      .join(""),
};
