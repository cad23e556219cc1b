// The decision-tree diagram as an SVG string, generated at build time so that it reads without JavaScript.
import { layoutTree, TREE_METRICS, type LayoutInput } from "./tree-layout.js";
import { escapeHtml } from "./html.js";

export function treeSvg(root: LayoutInput, title: string): string {
  const l = layoutTree(root);
  const m = TREE_METRICS;
  const parts: string[] = [];
  parts.push(
    `<svg class="tree" xmlns="http://www.w3.org/2000/svg" width="${l.width}" height="${l.height}" viewBox="0 0 ${l.width} ${l.height}" role="img" aria-labelledby="tree-title">`,
    `<title id="tree-title">${escapeHtml(title)}</title>`,
  );
  for (const e of l.edges) {
    parts.push(`<polyline class="edge${e.taken ? " taken" : ""}" points="${e.points.map(([x, y]) => `${x},${y}`).join(" ")}"/>`);
  }
  for (const b of l.boxes) {
    parts.push(`<g class="node ${b.leaf ? "leaf" : "cond"}${b.taken ? " taken" : ""}" data-path="${b.path}">`);
    parts.push(`<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="5"/>`);
    let ty = b.y + m.pad + 12;
    for (const t of b.test) {
      parts.push(`<text class="test" x="${b.x + m.pad}" y="${ty}">${escapeHtml(t)}</text>`);
      ty += m.lineHeight;
    }
    for (const line of b.lines) {
      parts.push(`<text x="${b.x + m.pad}" y="${ty}">${escapeHtml(line)}</text>`);
      ty += m.lineHeight;
    }
    parts.push(`</g>`);
  }
  parts.push(`</svg>`);
  return parts.join("\n");
}
