// Decision trees are notes too (kind: tree). Parsed in the tree issue; until then a tree note is accepted
// with no tree.
import type { Root } from "mdast";
import type { TreeNode } from "../core/types.js";

export function parseTree(_tree: Root, _text: string, _base: number): { tree: TreeNode | null; diagnostics: { line: number; message: string }[] } {
  return { tree: null, diagnostics: [{ line: _base, message: "decision trees are not supported yet" }] };
}
