// The fix of a report's root cause, as the CLI prints it and the paste page shows it: the note's
// "How to fix" with the facts the log showed filled in, its fenced commands, and the live facts a check
// on the machine would read (what `--no-verify` and a page with nothing pasted leave open).

import { factsOf, parseExpr } from "./expr.js";
import { fillFacts } from "./render/shared.js";
import { factShapesOf } from "./fill.js";
import type { Facts, Finding, KnowledgeBase, Report, Signature, TreeNode } from "./types.js";

export interface RootFix {
  readonly id: string;
  readonly line: number;
  /** The facts the fix is filled from: the log's, then the root-cause line's own. */
  readonly facts: Facts;
  /** "How to fix" with the facts filled in (Markdown). */
  readonly markdown: string;
  /** The bodies of its fenced code blocks, filled in. */
  readonly commands: string[];
}

/** The finding that is the report's root cause. */
export function rootFinding(report: Pick<Report, "rootCause" | "findings">): Finding | undefined {
  const rc = report.rootCause;
  return rc ? report.findings.find((f) => f.id === rc.id && f.line === rc.line) : undefined;
}

/** The facts a finding's fix is filled from. */
export function fixFacts(report: Pick<Report, "logFacts">, finding: Finding | undefined): Facts {
  return { ...report.logFacts, ...(finding?.facts ?? {}) };
}

export function rootFix(report: Pick<Report, "rootCause" | "findings" | "logFacts">, notes: ReadonlyMap<string, Signature>): RootFix | null {
  const rc = report.rootCause;
  const text = rc ? notes.get(rc.id)?.sections["How to fix"] : undefined;
  if (!rc || text === undefined) return null;
  const facts = fixFacts(report, rootFinding(report));
  // The one fill (fill.ts): values shape-checked, quoted for their block's shell, escaped in prose.
  const markdown = fillFacts(text, facts, factShapesOf(notes));
  return { id: rc.id, line: rc.line, facts, markdown, commands: fencedBlocks(markdown) };
}

/** The bodies of the fenced code blocks of a Markdown text. */
export function fencedBlocks(markdown: string): string[] {
  const out: string[] = [];
  let body: string[] | null = null;
  for (const line of markdown.split("\n")) {
    if (/^\s*```/.test(line)) {
      if (body) {
        out.push(body.join("\n"));
        body = null;
      } else body = [];
    } else if (body) body.push(line.replace(/^ {0,4}/, ""));
  }
  return out;
}

/**
 * The live facts a check of `id` on the machine would read (the note's `verify:` list and the conditions
 * of the trees that apply to it), grouped by the probe that reports them.
 */
export function neededFacts(id: string, kb: KnowledgeBase): { probe: string; facts: string[] }[] {
  const names: string[] = [];
  const note = kb.notes.find((n) => n.id === id);
  for (const f of note?.verify ?? []) if (!names.includes(f)) names.push(f);
  const visit = (t: TreeNode): void => {
    if (t.test) {
      try {
        for (const f of factsOf(parseExpr(t.test))) if (!f.startsWith("log.") && !names.includes(f)) names.push(f);
      } catch {
        // The compiler rejects bad conditions; nothing to read from one here.
      }
    }
    t.children.forEach(visit);
  };
  for (const t of kb.notes) if (t.kind === "tree" && t.tree && t.appliesTo.includes(id)) visit(t.tree);
  const byProbe = new Map<string, string[]>();
  for (const f of names) {
    const probe = kb.liveFacts?.[f]?.probe ?? "?";
    byProbe.set(probe, [...(byProbe.get(probe) ?? []), f]);
  }
  return [...byProbe].map(([probe, facts]) => ({ probe, facts }));
}
