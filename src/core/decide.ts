// Walks decision trees (kind: tree notes) over the live facts and the log's facts. The engine only
// evaluates conditions; what they mean is written in content/trees/.

import { evaluate, factsOf, fillPlaceholders, parseExpr, truth, type FactScope } from "./expr.js";
import { exprResolver, fillCommand, fillMarkdown } from "./fill.js";
import type { DecisionWalk, FixCommands, Shell, Signature, TreeNode, WalkedNode } from "./types.js";

interface Step {
  node: WalkedNode;
  /** Set when the walk ended inside this subtree. */
  leaf: TreeNode | null;
  path: string[];
  missing: string[];
  decided: boolean;
}

function evalTest(test: string, scope: FactScope): { value: boolean | null; facts: Record<string, string | null> } {
  const e = parseExpr(test);
  const facts: Record<string, string | null> = {};
  for (const f of factsOf(e)) {
    const v = f.startsWith("log.") ? scope.log[f.slice(4)] : scope.live[f];
    facts[f] = v ?? null;
  }
  return { value: truth(evaluate(e, scope)), facts };
}

/** Tries the branches in order: the first whose condition holds is taken; an unknown condition stops the walk. */
function walkChildren(children: readonly TreeNode[], scope: FactScope): { nodes: WalkedNode[]; leaf: TreeNode | null; path: string[]; missing: string[]; decided: boolean } {
  const nodes: WalkedNode[] = [];
  let result: { leaf: TreeNode | null; path: string[]; missing: string[]; decided: boolean } = { leaf: null, path: [], missing: [], decided: false };
  let done = false;
  for (const child of children) {
    if (done) {
      nodes.push(unreached(child));
      continue;
    }
    const { value, facts } = evalTest(child.test ?? "otherwise", scope);
    if (value === false) {
      nodes.push({ ...base(child), value, facts, taken: false, children: child.children.map(unreached) });
      continue;
    }
    done = true;
    if (value === null) {
      const missing = Object.entries(facts).filter(([, v]) => v === null).map(([k]) => k);
      nodes.push({ ...base(child), value, facts, taken: false, children: child.children.map(unreached) });
      result = { leaf: null, path: [], missing, decided: false };
      continue;
    }
    const step = takeNode(child, scope, facts);
    nodes.push(step.node);
    result = { leaf: step.leaf, path: step.path, missing: step.missing, decided: step.decided };
  }
  return { nodes, ...result };
}

function takeNode(t: TreeNode, scope: FactScope, facts: Record<string, string | null>): Step {
  if (!t.children.length) {
    return { node: { ...base(t), value: true, facts, taken: true, children: [] }, leaf: t, path: [base(t).label], missing: [], decided: true };
  }
  const sub = walkChildren(t.children, scope);
  return { node: { ...base(t), value: true, facts, taken: true, children: sub.nodes }, leaf: sub.leaf, path: [base(t).label, ...sub.path], missing: sub.missing, decided: sub.decided };
}

let labelScope: FactScope | null = null;

function base(t: TreeNode): Pick<WalkedNode, "label" | "test" | "verdict" | "problem"> {
  return { label: labelScope ? fillPlaceholders(t.label, labelScope).text : t.label, ...(t.test ? { test: t.test } : {}), ...(t.verdict ? { verdict: t.verdict } : {}), ...(t.problem ? { problem: t.problem } : {}) };
}

function unreached(t: TreeNode): WalkedNode {
  return { ...base(t), taken: false, children: t.children.map(unreached) };
}

const SHELL_SAFE = /^[\w.+\/:=@%,-]{1,200}$/;

export function walkTree(note: Signature, scope: FactScope, reason: DecisionWalk["reason"]): DecisionWalk {
  const tree = note.tree;
  if (!tree) throw new Error(`note ${note.id} has no tree`);
  labelScope = scope;
  let sub: ReturnType<typeof walkChildren>;
  try {
    sub = walkChildren(tree.children, scope);
  } finally {
    labelScope = null;
  }
  const leaf = sub.leaf;
  const commands: FixCommands[] = [];
  let action: string | undefined;
  if (leaf) {
    // The advice is Markdown: values are escaped where they land (fill.ts), as in a note's fix.
    action = leaf.action === undefined ? undefined : fillMarkdown(leaf.action, exprResolver(scope), "markdown").text;
    // A command is copied and run: a value from the log (a stranger's text) goes into it only when it is a
    // plain word or path; anything else reads as the instruction in words that an unknown value gets.
    // Every value is then quoted for the command's shell (fill.ts).
    const safe = { ...scope, log: Object.fromEntries(Object.entries(scope.log).filter(([, v]) => SHELL_SAFE.test(v))) };
    for (const c of leaf.commands ?? []) commands.push({ shell: c.shell, text: fillCommand(c.text, c.shell, safe).text });
  }
  return {
    tree: note.id,
    title: note.title,
    reason,
    appliesTo: note.appliesTo,
    root: { label: note.title, taken: true, children: sub.nodes },
    path: sub.path,
    outcome: sub.decided ? "leaf" : "undecided",
    missing: sub.missing,
    ...(leaf?.verdict ? { verdict: leaf.verdict } : {}),
    ...(leaf?.pointsTo ? { pointsTo: leaf.pointsTo } : {}),
    ...(leaf?.problem ? { problem: leaf.problem } : {}),
    ...(action !== undefined ? { action } : {}),
    commands,
  };
}

/** The commands of a walk for one shell; on Windows, the other Windows shell's when a leaf has none for this one. */
export function commandsFor(walk: DecisionWalk, shell: Shell): FixCommands[] {
  const own = walk.commands.filter((c) => c.shell === shell);
  if (own.length || shell === "sh") return own;
  return walk.commands.filter((c) => c.shell === (shell === "cmd" ? "powershell" : "cmd"));
}
