// Renderer for a GitHub issue: the report as Markdown that a user pastes when a maintainer asks for
// "the error and your environment". Works on report data only; never re-matches. Everything that came
// from the log or the machine passes through `mask` first, so home folders and user names stay private.

import { unfilledLines, type Unfilled } from "../fill.js";
import { isDecision, type Facts, type LiveFactSpec, type Report, type Signature, type VerificationEntry } from "../types.js";
import type { ContextLine, Renderer } from "./renderer.js";
import { cell, clip, code, displayLine, fence, groupById, isRoot, mask, noteMarkdown, plain, rootFinding } from "./shared.js";


export interface MarkdownOptions {
  /** How the log is named in the text (`build.log`, `the log`); null: there is no log (`cudafix doctor`). */
  readonly source?: string | null;
  /** Lines around the root cause, in order, the cause's own line among them. */
  readonly context?: readonly ContextLine[];
  /** User names to mask wherever they appear in log or machine data ($USER, $USERNAME). */
  readonly users?: readonly string[];
  /** `cudafix x.y.z`, for the footer. */
  readonly version?: string;
  /** Heading level of the report's title (2 in an issue body, 3 in a step summary under a heading). */
  readonly headingLevel?: number;
  /** The probes' catalogue of live facts (KnowledgeBase.liveFacts), for the environment table's labels. */
  readonly liveFacts?: Readonly<Record<string, LiveFactSpec>>;
}

// ---------------------------------------------------------------------------------------------------
// Masking


// ---------------------------------------------------------------------------------------------------
// Markdown building blocks



// ---------------------------------------------------------------------------------------------------
// The environment table

export interface EnvironmentRow {
  readonly name: string;
  readonly value: string;
  /** Where the value comes from: `live` (probed on this machine) or `log`. */
  readonly from: "live" | "log";
}

/**
 * How the environment table names facts, and in which order: live facts by their probes' labels (the
 * catalogue the compiler bundles, KnowledgeBase.liveFacts), log facts by content/facts.md's `factLabels`.
 */
export interface FactLabels {
  readonly live: ReadonlyMap<string, string>;
  readonly log: ReadonlyMap<string, string>;
}

export function factLabelsOf(notes: ReadonlyMap<string, Signature>, liveFacts: Readonly<Record<string, LiveFactSpec>> = {}): FactLabels {
  return {
    live: new Map(Object.entries(liveFacts).flatMap(([k, v]) => (v.label ? [[k, v.label] as const] : []))),
    log: new Map([...notes.values()].flatMap((n) => Object.entries(n.factLabels ?? {}))),
  };
}

/**
 * The environment: from the live probes when the report carries them (`report.environment`), then what
 * the log itself shows (`logFacts`, and the root cause's facts about the toolchain) where the probes said
 * nothing. Labelled facts first, in their owners' order; a fact without a label keeps its name.
 */
export function environmentRows(report: Report, labels: FactLabels): EnvironmentRow[] {
  const live = report.environment;
  const rows = new Map<string, EnvironmentRow & { readonly rank: number }>();
  const liveOrder = [...labels.live.keys()];
  const logOrder = [...labels.log.keys()];
  const liveRank = (k: string): number => (liveOrder.includes(k) ? liveOrder.indexOf(k) : liveOrder.length);
  const logRank = (k: string): number => liveOrder.length + 1 + (logOrder.includes(k) ? logOrder.indexOf(k) : logOrder.length);
  // The live probes' record: flat facts, and how each probe went (a missing tool is worth a row too).
  for (const [k, value] of Object.entries(live?.facts ?? {})) {
    const name = labels.live.get(k) ?? k;
    rows.set(name, { name, value, from: "live", rank: liveRank(k) });
  }
  for (const p of live?.probes ?? []) {
    if (p.status === "ok") continue;
    rows.set(`probe ${p.name}`, { name: `probe ${p.name}`, value: `${p.status}${p.detail ? `: ${p.detail}` : ""}`, from: "live", rank: liveOrder.length });
  }
  const fromLog: Facts = { ...report.logFacts };
  const root = rootFinding(report);
  if (root) for (const [k, v] of Object.entries(root.facts)) if (labels.log.has(k) && fromLog[k] === undefined) fromLog[k] = v;
  for (const [k, v] of Object.entries(fromLog)) {
    const name = labels.log.get(k) ?? k;
    if (!rows.has(name) && !rows.has(k)) rows.set(name, { name, value: v.split(";").join(", "), from: "log", rank: logRank(k) });
  }
  return [...rows.values()].sort((a, b) => a.rank - b.rank).map(({ name, value, from }) => ({ name, value, from }));
}

// ---------------------------------------------------------------------------------------------------
// Verification and decision, as the live check makes them (core/verify.ts, core/decide.ts).

/** The verification entries: a verdict per finding with the evidence side by side (log value, live value, the probe that told). */
export function verificationTable(items: readonly VerificationEntry[], m: (s: string) => string): string {
  if (!items.length) return "";
  const out = ["| finding | line | verdict | evidence (log → live) |", "| --- | --- | --- | --- |"];
  for (const r of items) {
    const ev = r.evidence.map((e) => `${e.fact}: ${e.log === null ? "—" : e.log} → ${e.live === null ? `? (${e.probeStatus})` : e.live}`);
    const verdict = `${r.verdict}${r.pointsTo ? ` (points to ${r.pointsTo})` : ""}`;
    const because = r.because ? `<br>${cell(plain(m(r.because)))}` : "";
    const line = r.line === null ? "standing" : String(r.line);
    out.push(`| ${cell(code(r.id))} | ${line} | **${cell(plain(verdict))}**${because} | ${cell(plain(m(ev.join("; ")))) || "—"} |`);
  }
  return out.join("\n");
}

/** The decision: each tree walked with the branch taken, the leaf's advice, and the fix commands; "" for none. */
export function decisionMarkdown(decision: Report["decision"], m: (s: string) => string): string {
  if (!isDecision(decision)) return "";
  const out: string[] = [];
  // The checks that bear on the log (its findings, and problems this machine has): the branch each took, in words.
  for (const w of decision.walks.filter((w) => w.reason !== "standing" || w.problem)) {
    out.push(`**${plain(w.title)}** (${code(w.tree)}), for the ${plain(w.reason)}:`, "");
    if (w.path.length) out.push(w.path.map((p) => plain(m(p))).join(" → "));
    if (w.outcome === "undecided") {
      out.push("", `Undecided: ${plain(m(w.unknown ?? (w.missing.length ? w.missing.map((f) => `${f} is unknown`).join(", ") : "a fact is unknown")))}.`);
    }
    if (w.action?.trim()) out.push("", m(w.action.trim()));
    out.push("");
  }
  const blocks = decision.commands.map((c) => fence(m(c.text), c.shell));
  if (blocks.length) out.push("", "Commands for this machine (cudafix prints them; it never runs them):", "", ...blocks.flatMap((b) => [b, ""]));
  return out.join("\n").replace(/\n{3,}/g, "\n\n").trim();
}

// ---------------------------------------------------------------------------------------------------
// The report

export function renderMarkdown(report: Report, notes: ReadonlyMap<string, Signature>, options: MarkdownOptions = {}): string {
  const users = options.users ?? [];
  const m = (s: string): string => mask(s, users);
  const h = (n: number): string => "#".repeat(Math.min(6, (options.headingLevel ?? 2) + n));
  const source = options.source ?? "the log";
  const noLog = options.source === null;
  const out: string[] = [];
  const root = report.rootCause;
  const finding = rootFinding(report);
  const fatal = report.findings.filter((f) => f.severity === "fatal");
  const harmless = report.findings.filter((f) => f.severity === "harmless");

  if (noLog) {
    const problems = report.verification.filter((v) => v.kind === "standing" && v.verdict === "confirmed").length;
    out.push(`${h(0)} ${problems ? `This machine: ${problems} problem${problems > 1 ? "s" : ""} confirmed` : "This machine: no problem confirmed"}`, "", "No log: what `cudafix doctor` found on this machine.", "");
  } else if (root) {
    const note = notes.get(root.id);
    out.push(`${h(0)} Build failure: ${plain(note?.title ?? root.id)}`, "");
    out.push(`**Root cause** (${code(root.id)}), line ${root.line} of ${code(m(source))}:`, "");
    out.push(contextBlock(options.context, root.line, finding?.text ?? "", m), "");
    if (note) out.push(note.summary.trim(), "");
    out.push(`*Why this line:* ${plain(root.why)}`, "");
    const fix = note?.sections["How to fix"];
    const facts = finding?.facts ?? {};
    const unfilled: Unfilled[] = [];
    if (fix) {
      const filled = noteMarkdown(fix, facts, notes, m);
      unfilled.push(...filled.unfilled);
      out.push(`${h(1)} Fix`, "", filled.text, "");
    }
    const check = note?.sections["How to check"];
    if (check) {
      const filled = noteMarkdown(check, facts, notes, m);
      unfilled.push(...filled.unfilled);
      out.push(`<details><summary>How to check that the fix took</summary>`, "", filled.text, "", `</details>`, "");
    }
    for (const l of unfilledLines(unfilled)) out.push(`> ${plain(l)}`, "");
  } else if (report.unrecognized.length) {
    out.push(`${h(0)} Build failure: no known cause`, "", `The log has error lines that no cudafix note recognises (see below).`, "");
  } else {
    out.push(`${h(0)} No fatal error found`, "", `cudafix found no fatal line in ${code(m(source))} (${report.stats.lines} lines).`, "");
  }

  const decision = decisionMarkdown(report.decision, m);
  if (decision) out.push(`${h(1)} Decision`, "", decision, "");
  if (report.verification.length) out.push(`${h(1)} Checked on this machine`, "", verificationTable(report.verification, m), "");

  const others = fatal.filter((f) => !isRoot(report, f));
  if (others.length) {
    out.push(`${h(1)} Other fatal lines`, "");
    for (const f of others.slice(0, 20)) out.push(`- line ${f.line}: ${code(clip(m(displayLine(f.text)), 200))} (${code(f.id)})`);
    if (others.length > 20) out.push(`- … and ${others.length - 20} more`);
    out.push("");
  }
  if (report.unrecognized.length) {
    out.push(`${h(1)} Error lines no note recognises`, "");
    for (const u of report.unrecognized.slice(0, 10)) {
      const near = u.nearest.length ? ` (nearest: ${u.nearest.map((n) => `${code(n.id)} ${n.score}`).join(", ")})` : "";
      out.push(`- line ${u.line}: ${code(clip(m(displayLine(u.text)), 200))}${near}`);
    }
    out.push("");
  }
  if (harmless.length) {
    out.push(`${h(1)} Harmless warnings (safe to ignore)`, "");
    for (const [id, group] of groupById(harmless)) {
      const note = notes.get(id);
      const where = group.slice(0, 4).map((f) => f.line).join(", ") + (group.length > 4 ? ", …" : "");
      out.push(`- ${plain(note?.title ?? id)} (${code(id)}) ×${group.length}, line ${where}`);
    }
    if (report.stats.omittedFindings) out.push(`- (${report.stats.omittedFindings} more harmless lines counted, not listed)`);
    out.push("");
  }

  const env = environmentRows(report, factLabelsOf(notes, options.liveFacts));
  out.push(`<details><summary>Environment</summary>`, "");
  if (env.length) {
    const anyLive = env.some((r) => r.from === "live");
    out.push(`| | value | from |`, `| --- | --- | --- |`);
    for (const r of env) out.push(`| ${cell(plain(r.name))} | ${cell(code(m(r.value)) || "—")} | ${r.from} |`);
    if (!anyLive) out.push("", "From the log only: no live probe ran (run cudafix on the build machine without `--no-verify` for the live toolchain).");
  } else {
    out.push("Nothing known: the log shows no toolchain facts and no live probe ran.");
  }
  out.push("", `</details>`, "");
  out.push(`<sub>Diagnosed by ${options.version ? `cudafix ${options.version}` : "cudafix"}${root ? ` · \`cudafix explain ${root.id}\`` : ""}</sub>`);
  return out.join("\n").replace(/\n{3,}/g, "\n\n") + "\n";
}


function contextBlock(context: readonly ContextLine[] | undefined, line: number, fallback: string, m: (s: string) => string): string {
  const lines = context?.length ? context : [{ line, text: fallback }];
  const width = String(Math.max(...lines.map((l) => l.line))).length;
  const body = lines.map((l) => `${l.line === line ? ">" : " "} ${String(l.line).padStart(width)} | ${clip(m(displayLine(l.text)), 400)}`).join("\n");
  return fence(body, "text");
}


/** For an issue: each log's report as Markdown, separated by rules. */
export const markdown: Renderer = {
  id: "markdown",
  document: true,
  context: true,
  render: (logs, o) =>
    logs
      .map((l) =>
        renderMarkdown(l.report, o.notes, {
          source: l.source === null ? null : l.source === "-" ? "the log (stdin)" : l.source,
          users: o.users,
          version: o.version,
          headingLevel: 2,
          ...(o.liveFacts ? { liveFacts: o.liveFacts } : {}),
          ...(l.context ? { context: l.context } : {}),
        }),
      )
      .join("\n---\n\n"),
};
