// Renderer for a GitHub issue: the report as Markdown that a user pastes when a maintainer asks for
// "the error and your environment". Works on report data only; never re-matches. Everything that came
// from the log or the machine passes through `mask` first, so home folders and user names stay private.

import { groupById } from "./render-text.js";
import { factResolver, factShapesOf, fillMarkdown, unfilledLines, type Unfilled } from "./fill.js";
import { isDecision, type Facts, type Finding, type Report, type Signature, type VerificationEntry } from "./types.js";

/** A line of the log as it stood around the root cause (the CLI keeps these; the report does not). */
export interface ContextLine {
  readonly line: number;
  readonly text: string;
}

export interface MarkdownOptions {
  /** How the log is named in the text (`build.log`, `the log`). */
  readonly source?: string;
  /** Lines around the root cause, in order, the cause's own line among them. */
  readonly context?: readonly ContextLine[];
  /** User names to mask wherever they appear in log or machine data ($USER, $USERNAME). */
  readonly users?: readonly string[];
  /** `cudafix x.y.z`, for the footer. */
  readonly version?: string;
  /** Heading level of the report's title (2 in an issue body, 3 in a step summary under a heading). */
  readonly headingLevel?: number;
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

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** Log text for display: colours and the overwritten part of a progress bar removed. */
export function displayLine(raw: string): string {
  // eslint-disable-next-line no-control-regex
  const noAnsi = raw.replace(/\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g, "");
  const parts = noAnsi.replace(/\r+$/, "").split("\r");
  // eslint-disable-next-line no-control-regex
  return (parts[parts.length - 1] ?? "").replace(/[\x00-\x08\x0b-\x1f\x7f]/g, "");
}

// ---------------------------------------------------------------------------------------------------
// The environment table

export interface EnvironmentRow {
  readonly name: string;
  readonly value: string;
  /** Where the value comes from: `live` (probed on this machine) or `log`. */
  readonly from: "live" | "log";
}

/** Fact names as collect_env would label them, in its order; facts not listed follow with their own names. */
const ENV_LABELS: readonly (readonly [string, string])[] = [
  ["os", "OS"],
  ["python", "Python"],
  ["torch", "PyTorch"],
  ["torchCuda", "PyTorch built with CUDA"],
  ["nvcc", "nvcc (CUDA toolkit)"],
  ["nvccBuild", "nvcc build"],
  ["nvccPath", "nvcc path"],
  ["cudaHome", "CUDA_HOME"],
  ["driver", "NVIDIA driver"],
  ["driverCuda", "driver's CUDA version"],
  ["gpus", "GPUs"],
  ["gpu", "GPU"],
  ["computeCapability", "compute capability"],
  ["archList", "TORCH_CUDA_ARCH_LIST"],
  ["builtArch", "compiled for (sm_)"],
  ["compiler", "host compiler"],
  ["compilerVersion", "host compiler version"],
  ["maxJobs", "MAX_JOBS"],
];
const LABEL = new Map(ENV_LABELS);
const ORDER = new Map(ENV_LABELS.map(([k], i) => [k, i]));

/**
 * The environment, from the live probes when the report carries them (`report.environment`), else from
 * what the log itself shows (`logFacts`, and the root cause's facts about the toolchain).
 */
export function environmentRows(report: Report): EnvironmentRow[] {
  const live = report.environment;
  const rows = new Map<string, EnvironmentRow>();
  // The live probes' record: flat facts, and how each probe went (a missing tool is worth a row too).
  for (const [k, value] of Object.entries(live?.facts ?? {})) {
    const name = LABEL.get(k) ?? k;
    rows.set(name, { name, value, from: "live" });
  }
  for (const p of live?.probes ?? []) {
    if (p.status === "ok") continue;
    rows.set(`probe ${p.name}`, { name: `probe ${p.name}`, value: `${p.status}${p.detail ? `: ${p.detail}` : ""}`, from: "live" });
  }
  const fromLog: Facts = { ...report.logFacts };
  const root = rootFinding(report);
  if (root) for (const [k, v] of Object.entries(root.facts)) if (LABEL.has(k) && fromLog[k] === undefined) fromLog[k] = v;
  for (const [k, v] of Object.entries(fromLog)) {
    const name = LABEL.get(k) ?? k;
    if (!rows.has(name) && !rows.has(k)) rows.set(name, { name, value: v.split(";").join(", "), from: "log" });
  }
  const rank = (r: EnvironmentRow): number => {
    const key = [...LABEL].find(([, label]) => label === r.name)?.[0] ?? r.name;
    return ORDER.get(key) ?? ENV_LABELS.length;
  };
  return [...rows.values()].sort((a, b) => rank(a) - rank(b));
}

function rootFinding(report: Report): Finding | undefined {
  const root = report.rootCause;
  return root ? report.findings.find((f) => f.id === root.id && f.line === root.line) : undefined;
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
  const out: string[] = [];
  const root = report.rootCause;
  const finding = rootFinding(report);
  const fatal = report.findings.filter((f) => f.severity === "fatal");
  const harmless = report.findings.filter((f) => f.severity === "harmless");

  if (root) {
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

  const others = fatal.filter((f) => !(root && f.id === root.id && f.line === root.line));
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

  const env = environmentRows(report);
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

/**
 * A note section as Markdown with a finding's facts filled in by the one fill (fill.ts): shape-checked,
 * quoted for the block's shell, escaped where it lands; masking (home folders, user names) comes last.
 */
export function noteMarkdown(md: string, facts: Facts, notes: ReadonlyMap<string, Signature>, m: (s: string) => string = (s) => s): { text: string; unfilled: Unfilled[] } {
  const r = fillMarkdown(md.trim(), factResolver(facts, factShapesOf(notes)), "markdown", m);
  return { text: r.text, unfilled: r.unfilled };
}

function contextBlock(context: readonly ContextLine[] | undefined, line: number, fallback: string, m: (s: string) => string): string {
  const lines = context?.length ? context : [{ line, text: fallback }];
  const width = String(Math.max(...lines.map((l) => l.line))).length;
  const body = lines.map((l) => `${l.line === line ? ">" : " "} ${String(l.line).padStart(width)} | ${clip(m(displayLine(l.text)), 400)}`).join("\n");
  return fence(body, "text");
}

