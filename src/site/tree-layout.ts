// A decision tree laid out as an indented diagram: one box per node, children below and to the right of
// their parent, elbow connectors. Pure geometry (no DOM, no strings of markup): the build draws it as
// an SVG string, the paste page draws the walked tree with the DOM.

import { conditionQuestion, placeholderWords } from "./tree-words.js";

export interface LayoutInput {
  readonly label: string;
  readonly test?: string;
  readonly action?: string;
  /** On a walked tree: this node lies on the branch taken. */
  readonly taken?: boolean;
  readonly children: readonly LayoutInput[];
}

export interface LaidBox {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly leaf: boolean;
  readonly taken: boolean;
  /** The condition expression, shown in monospace above the label (wrapped). */
  readonly test: readonly string[];
  readonly lines: readonly string[];
  readonly depth: number;
  readonly path: string;
}

export interface LaidEdge {
  readonly points: readonly (readonly [number, number])[];
  readonly taken: boolean;
}

export interface TreeLayout {
  readonly width: number;
  readonly height: number;
  readonly boxes: readonly LaidBox[];
  readonly edges: readonly LaidEdge[];
}

export const TREE_METRICS = { indent: 34, gap: 10, pad: 8, lineHeight: 17, charWidth: 7.2, maxChars: 78, margin: 6 } as const;

/** Splits text into lines of at most `max` characters, at spaces where possible. */
export function wrap(text: string, max: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.replace(/\s+/g, " ").trim().split(" ")) {
    if (!word) continue;
    if (line && line.length + 1 + word.length > max) {
      out.push(line);
      line = "";
    }
    let w = word;
    while (w.length > max) {
      if (line) out.push(line);
      out.push(w.slice(0, max));
      w = w.slice(max);
      line = "";
    }
    line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(line);
  return out.length ? out : [""];
}

/** The first sentence-ish of a leaf's Markdown advice, without Markdown syntax, for the diagram. */
export function actionGist(markdown: string, max = 140): string {
  const text = markdown
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/`([^`]*)`/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[*_>#]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/** `{{ … }}` placeholders as the static diagram shows them: the facts in words (tree-words.ts). */
export function placeholders(text: string): string {
  return placeholderWords(text);
}

export function layoutTree(root: LayoutInput): TreeLayout {
  const m = TREE_METRICS;
  const boxes: LaidBox[] = [];
  const edges: LaidEdge[] = [];
  let y = m.margin;
  let width = 0;
  const place = (node: LayoutInput, depth: number, path: string): LaidBox => {
    const leaf = node.children.length === 0;
    const lines = wrap(placeholders(node.label) || (depth === 0 ? "start" : ""), m.maxChars);
    if (leaf && node.action) for (const l of wrap(`→ ${placeholders(actionGist(node.action))}`, m.maxChars)) lines.push(l);
    // The condition as a question in words ("TORCH_CUDA_ARCH_LIST is set?"), not the expression.
    const test = node.test ? wrap(conditionQuestion(node.test), m.maxChars - 4) : [];
    const textLines = lines.length + test.length;
    const longest = Math.max(...lines.map((l) => l.length), ...test.map((l) => l.length + 4));
    const w = Math.ceil(Math.min(m.maxChars, Math.max(longest, 12)) * m.charWidth + 2 * m.pad);
    const h = textLines * m.lineHeight + 2 * m.pad - 2;
    const box: LaidBox = { x: m.margin + depth * m.indent, y, w, h, leaf, taken: node.taken === true, test, lines, depth, path };
    boxes.push(box);
    width = Math.max(width, box.x + w + m.margin);
    y += h + m.gap;
    node.children.forEach((child, i) => {
      const c = place(child, depth + 1, `${path}.${i}`);
      const x0 = box.x + m.indent / 2;
      const cy = c.y + Math.min(c.h / 2, m.pad + m.lineHeight);
      edges.push({ points: [[x0, box.y + box.h], [x0, cy], [c.x, cy]], taken: box.taken && c.taken });
    });
    return box;
  };
  place(root, 0, "0");
  return { width: Math.ceil(width), height: Math.ceil(y - m.gap + m.margin), boxes, edges };
}
