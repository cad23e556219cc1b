// `cudafix explain`: a note by id, the note a pasted line's pattern recognises (the matcher's own
// claims), or the nearest notes by core's one search; `--list` lists the cause notes and trees.

import { Option, type Command } from "commander";
import type { Engine } from "../core/analyze.js";
import { renderNote } from "../core/render/text.js";
import { wrapLines } from "../core/render/shared.js";
import { textWidth, UsageError, useColor, type CliDeps } from "./deps.js";

export interface ExplainContext {
  readonly deps: CliDeps;
  readonly engine: () => Engine;
  readonly setExit: (code: number) => void;
}

export function registerExplain(program: Command, ctx: ExplainContext): void {
  const { deps, setExit } = ctx;
  program
    .command("explain")
    .description("show a note by id, or the notes nearest to free text or a pasted error line")
    .argument("[query...]", "a note id, words, or a whole log line")
    .option("--list", "list every cause note and decision tree: id, severity, title")
    .option("--json", "--list: as JSON")
    .addOption(new Option("--no-color", "no colours"))
    .action((query: string[], opts: { color?: boolean; list?: boolean; json?: boolean }) => {
      const color = opts.color !== false && useColor(deps.stdout, deps.env);
      if (opts.list) {
        if (query.length) throw new UsageError("explain --list takes no query");
        setExit(listNotes(ctx, opts.json === true, color));
        return;
      }
      if (!query.length) throw new UsageError("explain needs a note id, words or a log line (cudafix explain --list lists the notes)");
      setExit(explain(ctx, query.join(" "), color));
    });
}

function listNotes(ctx: ExplainContext, json: boolean, color: boolean): number {
  const { deps } = ctx;
  const out = (s: string): boolean => deps.stdout.write(s);
  const notes = ctx.engine().kb.notes.filter((n) => n.kind === "cause" || n.kind === "tree");
  const rows = notes.map((n) => ({ id: n.id, kind: n.kind, severity: n.severity ?? (n.kind === "tree" ? "tree" : "—"), title: n.title }));
  rows.sort((a, b) => order(a.severity) - order(b.severity) || a.id.localeCompare(b.id));
  if (json) {
    out(JSON.stringify(rows, null, 2) + "\n");
    return 0;
  }
  const w = Math.max(...rows.map((r) => r.id.length));
  const paint = (sev: string) => (!color ? sev.padEnd(8) : sev === "fatal" ? `\x1b[31m${sev.padEnd(8)}\x1b[39m` : sev === "harmless" ? `\x1b[32m${sev.padEnd(8)}\x1b[39m` : `\x1b[2m${sev.padEnd(8)}\x1b[22m`);
  const width = textWidth(deps.stdout, deps.env);
  for (const r of rows) out(wrapLines(`${r.id.padEnd(w)}  ${paint(r.severity)}  ${r.title}`, width, w + 12) + "\n");
  out(`\n${rows.length} notes; cudafix explain ID shows one.\n`);
  return 0;
}

function order(sev: string): number {
  return sev === "fatal" ? 0 : sev === "harmless" ? 1 : 2;
}

function explain(ctx: ExplainContext, query: string, color: boolean): number {
  const { deps } = ctx;
  const out = (s: string): boolean => deps.stdout.write(s);
  const err = (s: string): boolean => deps.stderr.write(s);
  const eng = ctx.engine();
  const note = eng.matcher.byId.get(query.trim());
  if (note) {
    out(renderNote(note, { color, width: textWidth(deps.stdout, deps.env) }));
    return 0;
  }
  // A pasted log line that a note's pattern recognises is an exact answer.
  const claims = eng.matcher.claims(eng.cleaner.strip(query));
  const first = claims[0];
  if (first?.kind === "cause") {
    const facts = Object.entries(first.facts).map(([k, v]) => `${k}=${v}`).join(" ");
    out(`This line is recognised by ${first.note.id} (${first.severity})${facts ? `; facts: ${facts}` : ""}.\n\n`);
    out(renderNote(first.note, { color, width: textWidth(deps.stdout, deps.env) }));
    return 0;
  }
  if (first?.kind === "symptom") {
    // Not a cause: say so, and where to look instead.
    out(`This line only repeats a failure reported earlier in the log [${first.note.id}]:\n`);
    out(`${first.note.summary}\nRun cudafix on the whole log to find the line that caused it.\n`);
    return 0;
  }
  const hits = eng.search.nearest(query, 5);
  if (!hits.length) {
    err(`cudafix: no note matches "${query}" (cudafix explain --list lists them all)\n`);
    return 2;
  }
  out(`No note recognises this exactly. Did you mean:\n`);
  for (const h of hits) out(`  ${h.id.padEnd(30)} ${String(h.score).padEnd(5)} ${eng.matcher.byId.get(h.id)?.title ?? ""}\n`);
  out(`\ncudafix explain ${hits[0]!.id}\n`);
  return 0;
}
