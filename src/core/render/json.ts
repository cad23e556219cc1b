// The JSON report as programs read it (`--json`, schema cudafix.report/2): the analysis report with what a
// consumer would otherwise have to re-read the notes for. Each finding and the root cause carry the note's
// title and its docs page (relative to the docs site); the root cause also its fix as Markdown (facts filled
// in) and the fix's commands; the report says which cudafix, which knowledge base and which input.
//
// Every field of schema 1 keeps its name, place and meaning (CONTRACT.md, the corpus scorer): schema 2 only adds.

import { factResolver, factShapesOf, fillText } from "../fill.js";
import { REPORT_SCHEMA, type FixCommands, type Report, type Shell, type Signature } from "../types.js";
import type { KnowledgeVersion, Renderer } from "./renderer.js";
import { fixFacts } from "../fix.js";
import { noteMarkdown, rootFinding } from "./shared.js";


export interface ReportMeta {
  readonly cudafix: string;
  readonly knowledge: KnowledgeVersion;
  /** The input as the user named it: a file path, "-" (stdin), "clipboard", or the command run; null: no log (doctor). */
  readonly input: string | null;
}

/** The docs page of a note, relative to the site's root (`notes/<id>.html`, `trees/<id>.html`). */
export function docsPath(note: Signature | undefined, id: string): string {
  return `${note?.kind === "tree" ? "trees" : "notes"}/${id}.html`;
}

const FENCE_SHELLS: Readonly<Record<string, Shell>> = { sh: "sh", bash: "sh", shell: "sh", console: "sh", powershell: "powershell", ps1: "powershell", pwsh: "powershell", bat: "cmd", cmd: "cmd", batch: "cmd" };

/** The commands of a fix: its code blocks tagged with a shell (sh, powershell, bat/cmd), facts filled in. */
export function fixCommands(fixMarkdown: string, facts: Readonly<Record<string, string>>, shapes: Readonly<Record<string, string>> = {}): FixCommands[] {
  const out: FixCommands[] = [];
  let shell: Shell | null = null;
  let inFence = false;
  let body: string[] = [];
  for (const line of fixMarkdown.split("\n")) {
    const fence = /^\s*```\s*([\w-]*)/.exec(line);
    if (fence) {
      if (!inFence) {
        inFence = true;
        shell = FENCE_SHELLS[fence[1]!.toLowerCase()] ?? null;
        body = [];
      } else {
        inFence = false;
        // The one fill (core/fill.ts): each value shape-checked and quoted for the block's shell.
        const text = fillText(body.join("\n"), { kind: "code", lang: shell ?? "" }, factResolver(facts, shapes)).text.trim();
        if (shell && text) out.push({ shell, text });
      }
      continue;
    }
    if (inFence) body.push(line);
  }
  return out;
}

/** The root cause's own fix: Markdown with its facts filled in, and its commands. */
export function reportFix(report: Report, notes: ReadonlyMap<string, Signature>): { markdown: string; commands: FixCommands[] } | null {
  const root = report.rootCause;
  if (!root) return null;
  const md = notes.get(root.id)?.sections["How to fix"];
  if (!md) return null;
  // The facts the text report and the page fill the fix from: the log's, then the root-cause line's own.
  const facts = fixFacts(report, rootFinding(report));
  return { markdown: noteMarkdown(md, facts, notes).text, commands: fixCommands(md, facts, factShapesOf(notes)) };
}

export function jsonReport(report: Report, notes: ReadonlyMap<string, Signature>, meta: ReportMeta): Record<string, unknown> {
  const { schema: _old, rootCause, findings, ...rest } = report;
  const about = (id: string) => {
    const note = notes.get(id);
    return { title: note?.title ?? id, docs: docsPath(note, id) };
  };
  const fix = reportFix(report, notes);
  return {
    schema: REPORT_SCHEMA,
    cudafix: meta.cudafix,
    knowledge: meta.knowledge,
    input: { name: meta.input },
    rootCause: rootCause ? { ...rootCause, ...about(rootCause.id), fix: fix?.markdown ?? null, commands: fix?.commands ?? [] } : null,
    findings: findings.map((f) => ({ ...f, ...about(f.id) })),
    ...rest,
  };
}

/** `--json`: one report as an object; several as an array, each with its `file`. */
export const json: Renderer = {
  id: "json",
  document: true,
  render: (logs, o) => {
    const one = (l: (typeof logs)[number]) => jsonReport(l.report, o.notes, { cudafix: o.version, knowledge: o.knowledge, input: l.input });
    const doc = logs.length === 1 ? one(logs[0]!) : logs.map((l) => ({ file: l.input, ...one(l) }));
    return JSON.stringify(doc, null, 2) + "\n";
  },
};
