// Loads the compiled knowledge base (dist/kb.json); no Markdown is parsed at run time. Says which one it is.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { KnowledgeVersion } from "../core/render/renderer.js";
import type { KnowledgeBase } from "../core/types.js";

export function loadKb(path: URL | string = new URL("../kb.json", import.meta.url)): KnowledgeBase {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new Error(`the compiled knowledge base is missing (${String(path)}): run npm run build`);
  }
  const kb = JSON.parse(text) as KnowledgeBase;
  if (kb.schema !== "cudafix.kb/1") throw new Error(`unknown knowledge-base schema ${String(kb.schema)}: run npm run build`);
  return kb;
}

const digests = new WeakMap<KnowledgeBase, KnowledgeVersion>();

/** Which knowledge base a report came from (the JSON report's `knowledge`): a digest of its notes. */
export function knowledgeVersion(kb: KnowledgeBase): KnowledgeVersion {
  let v = digests.get(kb);
  if (!v) {
    v = { digest: `sha256:${createHash("sha256").update(JSON.stringify(kb.notes)).digest("hex").slice(0, 16)}`, notes: kb.notes.length };
    digests.set(kb, v);
  }
  return v;
}
