// Loads the compiled knowledge base (dist/kb.json); no Markdown is parsed at run time.
import { readFileSync } from "node:fs";
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
