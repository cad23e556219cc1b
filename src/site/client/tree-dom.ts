// The walked decision tree, drawn with the DOM (createElementNS, textContent): the branch taken stands out.
import { layoutTree, TREE_METRICS, type LayoutInput } from "../tree-layout.js";

const NS = "http://www.w3.org/2000/svg";

function el(tag: string, attrs: Record<string, string | number>): SVGElement {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

export function treeElement(root: LayoutInput, title: string): SVGElement {
  const l = layoutTree(root);
  const m = TREE_METRICS;
  const svg = el("svg", { class: "tree walked", width: l.width, height: l.height, viewBox: `0 0 ${l.width} ${l.height}`, role: "img" });
  const t = el("title", {});
  t.textContent = title;
  svg.append(t);
  for (const e of l.edges) svg.append(el("polyline", { class: `edge${e.taken ? " taken" : ""}`, points: e.points.map(([x, y]) => `${x},${y}`).join(" ") }));
  for (const b of l.boxes) {
    const g = el("g", { class: `node ${b.leaf ? "leaf" : "cond"}${b.taken ? " taken" : ""}` });
    g.append(el("rect", { x: b.x, y: b.y, width: b.w, height: b.h, rx: 5 }));
    let ty = b.y + m.pad + 12;
    const text = (s: string, cls?: string): void => {
      const e = el("text", { x: b.x + m.pad, y: ty, ...(cls ? { class: cls } : {}) });
      e.textContent = s;
      g.append(e);
      ty += m.lineHeight;
    };
    for (const t of b.test) text(t, "test");
    for (const line of b.lines) text(line);
    svg.append(g);
  }
  return svg;
}
