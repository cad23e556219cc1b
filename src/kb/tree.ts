// Decision trees are notes (kind: tree). The first list under "## How to fix" is the tree: each item
// starts with a condition in backticks, a colon and the label the reader sees; nested items are the
// branches tried in order (the first whose condition holds is taken); an item with no nested list is a
// leaf whose remaining paragraphs and code blocks are the advice. In a leaf, a paragraph
// `Verdict: contradicted by CAUSE-ID.` / `Verdict: confirmed.` says what reaching it means for the
// finding the tree applies to, and `Problem: CAUSE-ID.` marks a standing problem of this machine. Code
// blocks tagged sh, powershell or cmd are the fix commands; `{{ expr }}` placeholders are filled with
// live values.
//
//     - `major(torchCuda) == major(nvcc)`: nvcc has torch's major version
//       - `otherwise`: build
//
//         ```sh
//         pip install --no-build-isolation .
//         ```
import type { Root, List, ListItem, RootContent, Heading, Code } from "mdast";
import type { FixCommands, Shell, Signature, TreeNode, Verdict } from "../core/types.js";
import { ExprError, factsOf, parseExpr, placeholderErrors } from "../core/expr.js";
import { LIVE_FACTS } from "../probe/facts.js";

const isLiveFact = (name: string): boolean => Object.prototype.hasOwnProperty.call(LIVE_FACTS, name);
import { headingText } from "./compile.js";

interface TreeDiagnostic {
  line: number;
  message: string;
}

const VERDICTS: readonly Verdict[] = ["confirmed", "no longer true", "contradicted", "unverifiable"];
const SHELLS: Readonly<Record<string, Shell>> = { sh: "sh", bash: "sh", shell: "sh", powershell: "powershell", ps1: "powershell", pwsh: "powershell", cmd: "cmd", bat: "cmd" };

export function parseTree(tree: Root, text: string, _base: number): { tree: TreeNode | null; diagnostics: TreeDiagnostic[] } {
  const diagnostics: TreeDiagnostic[] = [];
  const report = (line: number, message: string): void => void diagnostics.push({ line, message });
  const kids = tree.children;
  const at = kids.findIndex((n) => n.type === "heading" && (n as Heading).depth === 2 && headingText(n) === "How to fix");
  let list: List | undefined;
  for (let i = at + 1; at >= 0 && i < kids.length; i++) {
    const n = kids[i]!;
    if (n.type === "heading" && (n as Heading).depth <= 2) break;
    if (n.type === "list") {
      list = n as List;
      break;
    }
  }
  if (!list) {
    report(kids[at]?.position?.start.line ?? 1, `a tree note needs a list under "## How to fix": its items are the branches`);
    return { tree: null, diagnostics };
  }
  const title = "";
  const children = list.children.map((item) => parseItem(item, text, report)).filter((n): n is TreeNode => n !== null);
  checkLastIsOtherwise(children, list.position?.start.line ?? 1, report);
  return { tree: diagnostics.length ? null : { label: title, children, line: list.position?.start.line ?? 1 }, diagnostics };
}

function checkLastIsOtherwise(children: readonly TreeNode[], line: number, report: (l: number, m: string) => void): void {
  // Without a final `otherwise`, a walk could fall off the tree with no answer.
  const last = children.at(-1);
  if (last && last.test?.trim() !== "otherwise") report(last.line ?? line, "the last branch of a list must be `otherwise`, so that every walk ends somewhere");
}

function parseItem(item: ListItem, text: string, report: (l: number, m: string) => void): TreeNode | null {
  const line = item.position?.start.line ?? 1;
  const [head, ...rest] = item.children;
  if (!head || head.type !== "paragraph" || head.children[0]?.type !== "inlineCode") {
    report(line, "a tree item starts with its condition in backticks: - `major(torchCuda) == major(nvcc)`: label");
    return null;
  }
  const test = head.children[0].value;
  try {
    const e = parseExpr(test);
    for (const f of factsOf(e)) if (!f.startsWith("log.") && !isLiveFact(f)) report(line, `unknown fact "${f}" in \`${test}\` (live facts are declared by the probes in src/probe/facts.ts; log facts are written log.NAME)`);
  } catch (e) {
    if (!(e instanceof ExprError)) throw e;
    report(line, `bad condition \`${test}\`: ${e.message}`);
  }
  const label = head.children
    .slice(1)
    .map((c) => slice(text, c))
    .join("")
    .replace(/^\s*[:—–-]\s*/, "")
    .trim();
  if (!label) report(line, "a tree item needs a label after its condition: - `test`: what it means");
  const sub = rest.filter((c): c is List => c.type === "list");
  const body = rest.filter((c) => c.type !== "list");
  if (sub.length > 1) report(line, "an item has at most one nested list of branches");
  if (sub.length && body.length) report(body[0]!.position?.start.line ?? line, "advice belongs to leaves: an item with branches has no paragraphs of its own");
  if (sub.length) {
    const children = sub[0]!.children.map((c) => parseItem(c, text, report)).filter((n): n is TreeNode => n !== null);
    checkLastIsOtherwise(children, line, report);
    return { label, test, children, line };
  }
  let verdict: Verdict | undefined;
  let pointsTo: string | undefined;
  let problem: string | undefined;
  const action: string[] = [];
  const commands: FixCommands[] = [];
  for (const node of body) {
    const src = dedent(slice(text, node), node);
    const nodeLine = node.position?.start.line ?? line;
    const m = /^Verdict:\s*(.+?)\.?\s*$/s.exec(src);
    const p = /^Problem:\s*([a-z0-9-]+)\.?\s*$/.exec(src);
    if (node.type === "paragraph" && m) {
      const v = /^(confirmed|no longer true|contradicted|unverifiable)(?:\s+by\s+([a-z0-9-]+))?$/.exec(m[1]!.trim());
      if (!v || !VERDICTS.includes(v[1] as Verdict)) report(nodeLine, `"Verdict:" is one of ${VERDICTS.join(", ")} (contradicted by CAUSE-ID)`);
      else {
        verdict = v[1] as Verdict;
        if (v[2]) pointsTo = v[2];
        if (verdict === "contradicted" && !v[2]) report(nodeLine, `"Verdict: contradicted" names the cause it points to: "contradicted by CAUSE-ID"`);
      }
      continue;
    }
    if (node.type === "paragraph" && p) {
      problem = p[1]!;
      continue;
    }
    for (const ph of placeholderErrors(src)) {
      if (ph.error) report(nodeLine, `bad placeholder {{ ${ph.expr} }}: ${ph.error}`);
      for (const f of ph.facts) if (!f.startsWith("log.") && !isLiveFact(f)) report(nodeLine, `unknown fact "${f}" in {{ ${ph.expr} }}`);
    }
    if (node.type === "code") {
      const lang = (node as Code).lang ?? "";
      const shell = SHELLS[lang];
      if (shell) commands.push({ shell, text: (node as Code).value });
    }
    action.push(src);
  }
  return {
    label,
    test,
    children: [],
    line,
    ...(action.length ? { action: action.join("\n\n") } : {}),
    ...(verdict ? { verdict } : {}),
    ...(pointsTo ? { pointsTo } : {}),
    ...(problem ? { problem } : {}),
    ...(commands.length ? { commands } : {}),
  };
}

function slice(text: string, node: RootContent | { position?: { start: { offset?: number }; end: { offset?: number } } }): string {
  const p = node.position;
  return p?.start.offset === undefined || p.end.offset === undefined ? "" : text.slice(p.start.offset, p.end.offset);
}

/** A list item's block as written, without the item's indentation on its later lines. */
function dedent(src: string, node: RootContent): string {
  const col = (node.position?.start.column ?? 1) - 1;
  return src
    .split("\n")
    .map((l, i) => (i === 0 ? l : l.slice(Math.min(col, l.length - l.trimStart().length))))
    .join("\n");
}

/** Checks across notes: log facts a tree reads are produced by some note; ids it names exist; verify lists name live facts. */
export function checkTrees(notes: readonly Signature[]): { file: string; line: number; message: string }[] {
  const out: { file: string; line: number; message: string }[] = [];
  const logFacts = new Set<string>();
  const ids = new Set(notes.map((n) => n.id));
  for (const n of notes) {
    for (const p of n.patterns) {
      for (const m of p.regex.matchAll(/\(\?<([A-Za-z_]\w*)>/g)) logFacts.add(m[1]!);
      for (const k of Object.keys(p.set)) logFacts.add(k);
    }
  }
  for (const n of notes) {
    for (const f of n.verify) if (!isLiveFact(f)) out.push({ file: n.file, line: 2, message: `verify: "${f}" is not a live fact (the probes declare them in src/probe/facts.ts)` });
    if (!n.tree) continue;
    const walk = (t: TreeNode): void => {
      const line = t.line ?? 1;
      const used: string[] = [];
      if (t.test) {
        try {
          factsOf(parseExpr(t.test), used);
        } catch {
          /* reported by parseTree */
        }
      }
      for (const ph of placeholderErrors(`${t.action ?? ""}`)) used.push(...ph.facts);
      for (const f of used) if (f.startsWith("log.") && !logFacts.has(f.slice(4))) out.push({ file: n.file, line, message: `unknown log fact "${f}": no note's pattern names a group "${f.slice(4)}"` });
      for (const id of [t.pointsTo, t.problem]) if (id && !ids.has(id)) out.push({ file: n.file, line, message: `names unknown note "${id}"` });
      t.children.forEach(walk);
    };
    walk(n.tree);
  }
  return out;
}
