// Renderer for a GitHub issue: the report as Markdown that a user pastes when a maintainer asks for
// "the error and your environment". Works on report data only; never re-matches. Everything that came
// from the log or the machine passes through `mask` first, so home folders and user names stay private.

import { groupById } from "./render-text.js";
import { factResolver, factShapesOf, fillMarkdown, unfilledLines, type Unfilled } from "./fill.js";
import type { Facts, Finding, Report, Signature } from "./types.js";

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

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => x !== null && typeof x === "object" && !Array.isArray(x);

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
  const live = (report as { environment?: unknown }).environment;
  const rows = new Map<string, EnvironmentRow>();
  // The live probes' record: flat facts, and how each probe went (a missing tool is worth a row too).
  const liveFacts = isObj(live) && isObj(live.facts) ? live.facts : live;
  for (const [name, value] of flatten(liveFacts)) rows.set(name, { name, value, from: "live" });
  if (isObj(live) && Array.isArray(live.probes)) {
    for (const p of live.probes.filter(isObj)) {
      if (p.status === "ok" || typeof p.name !== "string") continue;
      rows.set(`probe ${p.name}`, { name: `probe ${p.name}`, value: `${text(p.status)}${p.detail ? `: ${text(p.detail)}` : ""}`, from: "live" });
    }
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

/** Any JSON-ish value → (label, text) pairs: objects by key, arrays of {name,value} as rows, nested values dotted. */
function flatten(v: unknown, prefix = ""): [string, string][] {
  if (v === null || v === undefined) return [];
  if (typeof v !== "object") return prefix ? [[prefix, String(v)]] : [];
  if (Array.isArray(v)) {
    if (v.every((x) => x !== null && typeof x === "object" && !Array.isArray(x) && ("name" in x || "label" in x) && "value" in x)) {
      return v.flatMap((x: Record<string, unknown>) => flatten(x.value, `${prefix ? `${prefix}.` : ""}${String(x.name ?? x.label)}`));
    }
    if (v.every((x) => x === null || typeof x !== "object")) return prefix ? [[prefix, v.map(String).join(", ")]] : [];
    return v.flatMap((x, i) => flatten(x, `${prefix || "item"}[${i}]`));
  }
  return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => flatten(x, prefix ? `${prefix}.${k}` : (LABEL.get(k) ?? k)));
}

function rootFinding(report: Report): Finding | undefined {
  const root = report.rootCause;
  return root ? report.findings.find((f) => f.id === root.id && f.line === root.line) : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Verification and decision: their shapes belong to the live checks; render what is there, skip what is not.

function hasContent(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "object") return Object.keys(v).length > 0;
  return String(v).trim() !== "";
}

function text(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/**
 * The verification entries: a verdict per finding with the evidence side by side (log value, live value,
 * the probe that told); entries of another shape become a table of their plain fields.
 */
export function verificationTable(items: readonly unknown[], m: (s: string) => string): string {
  const rows = items.filter(isObj);
  if (!rows.length) return items.map((x) => `- ${plain(m(text(x)))}`).join("\n");
  if (rows.every((r) => "verdict" in r && "id" in r)) {
    const out = ["| finding | line | verdict | evidence (log → live) |", "| --- | --- | --- | --- |"];
    for (const r of rows) {
      const ev = Array.isArray(r.evidence)
        ? r.evidence.filter(isObj).map((e) => {
            const live = e.live === null || e.live === undefined ? `? (${text(e.probeStatus ?? e.probe ?? "unknown")})` : text(e.live);
            return `${text(e.fact)}: ${e.log === null || e.log === undefined ? "—" : text(e.log)} → ${live}`;
          })
        : [];
      const verdict = `${text(r.verdict)}${r.pointsTo ? ` (points to ${text(r.pointsTo)})` : ""}`;
      const because = r.because ? `<br>${cell(plain(m(text(r.because))))}` : "";
      const line = r.line === null || r.line === undefined ? "standing" : text(r.line);
      out.push(`| ${cell(code(text(r.id)))} | ${line} | **${cell(plain(verdict))}**${because} | ${cell(plain(m(ev.join("; ")))) || "—"} |`);
    }
    return out.join("\n");
  }
  const cols: string[] = [];
  for (const r of rows) for (const [k, v] of Object.entries(r)) if (!cols.includes(k) && (v === null || typeof v !== "object")) cols.push(k);
  const head = `| ${cols.map(cell).join(" | ")} |\n|${cols.map(() => " --- |").join("")}`;
  const body = rows.map((r) => `| ${cols.map((c) => cell(plain(m(text(r[c]))))).join(" | ")} |`).join("\n");
  return `${head}\n${body}`;
}

/** A walked tree as a nested list: the branch taken in bold with ✔, each condition's value and the facts it read. */
function walkedTree(node: Obj, m: (s: string) => string, depth = 0): string[] {
  const pad = "  ".repeat(depth);
  const facts = isObj(node.facts)
    ? Object.entries(node.facts)
        .map(([k, v]) => `${k}=${v === null ? "?" : text(v)}`)
        .join(", ")
    : "";
  const value = node.value === true ? "yes" : node.value === false ? "no" : node.value === null ? "unknown" : "";
  const label = plain(m(text(node.label)));
  const bits = [value && `: ${value}`, facts && ` (${code(m(facts))})`, node.verdict ? ` → ${plain(text(node.verdict))}` : ""].join("");
  const line = node.taken === true ? `${pad}- ✔ **${label}**${bits}` : `${pad}- ${label}${bits}`;
  const kids = Array.isArray(node.children) ? node.children.filter(isObj) : [];
  return [line, ...kids.flatMap((k) => walkedTree(k, m, depth + 1))];
}

function commandBlocks(cmds: unknown, m: (s: string) => string): string[] {
  if (typeof cmds === "string" && cmds.trim()) return [fence(m(cmds.trim()), "sh")];
  if (!Array.isArray(cmds)) return [];
  if (cmds.every((c) => typeof c === "string")) return cmds.length ? [fence(cmds.map((c) => m(c)).join("\n"), "sh")] : [];
  return cmds.filter(isObj).map((c) => fence(m(text(c.text)), typeof c.shell === "string" ? c.shell : "sh"));
}

/** The decision: each tree walked with the branch taken marked, the leaf's advice, and the fix commands. */
export function decisionMarkdown(decision: unknown, m: (s: string) => string): string {
  if (!hasContent(decision)) return "";
  if (typeof decision === "string") return m(decision);
  if (!isObj(decision)) return fence(m(JSON.stringify(decision, null, 2)), "json");
  const out: string[] = [];
  // The checks that bear on the log (its findings, and problems this machine has): the branch each took, in words.
  const walks = Array.isArray(decision.walks) ? decision.walks.filter(isObj).filter((w) => w.reason !== "standing" || w.problem) : [];
  for (const w of walks) {
    const title = text(w.title ?? w.tree ?? "decision");
    out.push(`**${plain(title)}**${w.tree ? ` (${code(text(w.tree))})` : ""}${w.reason ? `, for the ${plain(text(w.reason))}` : ""}:`, "");
    if (Array.isArray(w.path) && w.path.length) out.push(w.path.map((p) => plain(m(text(p)))).join(" → "));
    else if (!Array.isArray(w.path) && isObj(w.root)) out.push(...walkedTree(w.root, m));
    if (w.outcome === "undecided") {
      out.push("", `Undecided: ${plain(m(typeof w.unknown === "string" ? w.unknown : Array.isArray(w.missing) ? w.missing.map((f) => `${text(f)} is unknown`).join(", ") : "a fact is unknown"))}.`);
    }
    if (typeof w.action === "string" && w.action.trim()) out.push("", m(w.action.trim()));
    out.push("");
  }
  if (!walks.length) {
    const path = decision.path ?? decision.branch ?? decision.steps;
    if (Array.isArray(path)) path.forEach((p, i) => out.push(`${i + 1}. ${plain(m(isObj(p) ? text(p.label ?? p.condition ?? p) : text(p)))}`));
    const action = decision.action ?? decision.markdown;
    if (typeof action === "string" && action.trim()) out.push("", m(action.trim()));
  }
  const blocks = commandBlocks(decision.commands ?? decision.fix, m);
  if (blocks.length) out.push("", "Commands for this machine (cudafix prints them; it never runs them):", "", ...blocks.flatMap((b) => [b, ""]));
  if (!out.some((l) => l.trim())) {
    if (walks.length === 0 && Array.isArray(decision.walks)) return "";
    out.push("<details><summary>Decision (raw)</summary>", "", fence(m(JSON.stringify(decision, null, 2)), "json"), "", "</details>");
  }
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

