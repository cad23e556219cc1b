// Renderer for GitHub Actions: workflow commands (`::error file=…,line=…,title=…::message`) that put the
// root cause and the fatal lines on the run page, and, for the step summary, the Markdown report.
// Works on report data only; never re-matches.

import { factShapesOf } from "../fill.js";
import type { Finding, Report, Signature } from "../types.js";
import { markdown } from "./markdown.js";
import type { Renderer } from "./renderer.js";
import { clip, displayLine, isRoot as isRootOf, markdownToText, terminalSafe } from "./shared.js";

export interface GithubOptions {
  /** Also annotate harmless warnings, as `::notice` (one per note, not per line). */
  readonly annotateHarmless?: boolean;
  /** Annotations of each level GitHub shows for one step; more are cut and counted. */
  readonly maxPerLevel?: number;
  /** Longest message, before escaping; GitHub cuts long annotation messages, so we cut first, visibly. */
  readonly maxMessage?: number;
}

export interface GithubLog {
  /** The log's path as annotations name it (`file=`), or `-` for stdin (no `file=` then); null: no log (doctor). */
  readonly source: string | null;
  readonly report: Report;
}

type Level = "error" | "warning" | "notice";

interface Annotation {
  readonly level: Level;
  readonly file?: string;
  /** Absent: the annotation is about the machine, not a line (doctor). */
  readonly line?: number;
  readonly title: string;
  readonly message: string;
}

/** GitHub shows at most 10 error and 10 warning annotations per step (and 10 notices). */
export const GITHUB_MAX_PER_LEVEL = 10;
const MAX_MESSAGE = 4000;
const MAX_TITLE = 200;

/** Workflow-command data (the message): `%`, CR and LF would end or corrupt the command. */
export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Workflow-command properties (`file=`, `title=`): also `:` and `,`, which separate them. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export function formatCommand(a: Annotation, maxMessage = MAX_MESSAGE): string {
  const props = [...(a.file ? [`file=${escapeProperty(a.file)}`] : []), ...(a.line === undefined ? [] : [`line=${a.line}`]), `title=${escapeProperty(clip(a.title, MAX_TITLE))}`];
  // Control sequences from the log are removed (a log viewer may be a terminal); the lines stay lines.
  const message = a.message.split("\n").map((l) => terminalSafe(l)).join("\n");
  return `::${a.level} ${props.join(",")}::${escapeData(clip(message, maxMessage))}`;
}

/** No log (doctor): each problem confirmed on this machine, with its reason. */
function machineAnnotations(report: Report, notes: ReadonlyMap<string, Signature>): Annotation[] {
  return report.verification
    .filter((v) => v.kind === "standing" && v.verdict === "confirmed")
    .map((v) => ({ level: "error" as const, title: `cudafix: this machine: ${notes.get(v.id)?.title ?? v.id} [${v.id}]`, message: `${v.because}\n\ncudafix explain ${v.id}` }));
}

function annotations(log: GithubLog, notes: ReadonlyMap<string, Signature>, options: GithubOptions): Annotation[] {
  const { report } = log;
  if (log.source === null) return machineAnnotations(report, notes);
  const file = log.source === "-" ? undefined : log.source;
  const at = file === undefined ? {} : { file };
  const out: Annotation[] = [];
  const root = report.rootCause;
  const fatal = report.findings.filter((f) => f.severity === "fatal");
  const isRoot = (f: Finding): boolean => isRootOf(report, f);
  for (const f of [...fatal.filter(isRoot), ...fatal.filter((f) => !isRoot(f))]) {
    const note = notes.get(f.id);
    const msg: string[] = [`line ${f.line}: ${displayLine(f.text).trim()}`];
    if (note) msg.push("", markdownToText(note.summary));
    if (isRoot(f)) {
      const fix = note?.sections["How to fix"];
      if (fix) msg.push("", "How to fix:", markdownToText(fix, f.facts, false, factShapesOf(notes)));
    } else if (root) {
      msg.push("", `Also fatal; the root cause is ${root.id} at line ${root.line}.`);
    }
    msg.push("", `cudafix explain ${f.id}`);
    out.push({
      level: "error",
      ...at,
      line: f.line,
      title: `${isRoot(f) ? "cudafix root cause" : "cudafix"}: ${note?.title ?? f.id} [${f.id}]`,
      message: msg.join("\n"),
    });
  }
  for (const u of report.unrecognized) {
    const near = u.nearest.length ? `\n\nNearest notes: ${u.nearest.map((n) => `${n.id} (${n.score})`).join(", ")}` : "";
    out.push({ level: "warning", ...at, line: u.line, title: "cudafix: error line no note recognises", message: `line ${u.line}: ${displayLine(u.text).trim()}${near}` });
  }
  if (options.annotateHarmless) {
    const seen = new Map<string, Finding[]>();
    for (const f of report.findings) if (f.severity === "harmless") seen.set(f.id, [...(seen.get(f.id) ?? []), f]);
    for (const [id, group] of seen) {
      const first = group[0]!;
      const note = notes.get(id);
      const more = group.length > 1 ? ` (×${group.length}, lines ${group.slice(0, 6).map((f) => f.line).join(", ")}${group.length > 6 ? ", …" : ""})` : "";
      out.push({
        level: "notice",
        ...at,
        line: first.line,
        title: `cudafix: harmless: ${note?.title ?? id} [${id}]`,
        message: `line ${first.line}: ${displayLine(first.text).trim()}${more}${note ? `\n\n${markdownToText(note.summary)}` : ""}`,
      });
    }
  }
  return out;
}

/**
 * The workflow commands for one or more logs, capped per level as GitHub shows them; what was cut is
 * said on a plain line (and stays in the step summary).
 */
export function renderGithub(logs: readonly GithubLog[], notes: ReadonlyMap<string, Signature>, options: GithubOptions = {}): string {
  const max = options.maxPerLevel ?? GITHUB_MAX_PER_LEVEL;
  const all = logs.flatMap((l) => annotations(l, notes, options));
  const shown: Record<Level, number> = { error: 0, warning: 0, notice: 0 };
  const cut: Record<Level, number> = { error: 0, warning: 0, notice: 0 };
  const lines: string[] = [];
  for (const a of all) {
    if (shown[a.level] < max) {
      shown[a.level]++;
      lines.push(formatCommand(a, options.maxMessage));
    } else cut[a.level]++;
  }
  const cuts = (Object.keys(cut) as Level[]).filter((l) => cut[l] > 0).map((l) => `${cut[l]} ${l}${cut[l] > 1 ? "s" : ""}`);
  if (cuts.length) lines.push(`cudafix: ${cuts.join(", ")} not annotated: GitHub shows at most ${max} annotations of each level per step; the step summary (or cudafix --format markdown) lists them all.`);
  const roots = logs.filter((l) => l.report.rootCause);
  if (logs.length && logs.every((l) => l.source === null)) {
    if (!all.length) lines.push("cudafix: no problem confirmed on this machine.");
  } else if (!roots.length) {
    const unknown = logs.some((l) => l.report.unrecognized.length);
    lines.push(unknown ? "cudafix: no known cause; error lines that no note recognises are annotated as warnings." : "cudafix: no fatal error found.");
  }
  return lines.length ? lines.join("\n") + "\n" : "";
}

/** GitHub Actions: the annotations on stdout, and the Markdown report as the step summary. */
export const github: Renderer = {
  id: "github",
  document: true,
  workflowCommands: true,
  render: (logs, o) => {
    const files = logs.map((l) => ({ source: l.source, report: l.report }));
    return (o.stopTokens ?? []).map((t) => `::${t}::\n`).join("") + renderGithub(files, o.notes, { annotateHarmless: o.annotateHarmless === true });
  },
  summary: (logs, o) => markdown.render(logs, o) + "\n",
};
