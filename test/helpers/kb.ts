import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { compileContent, type CompileResult } from "../../src/kb/compile.js";

/** Compiles notes given as { "notes/x.md": "..." } in a temporary content folder. */
export function compileNotes(files: Record<string, string>): CompileResult {
  const dir = mkdtempSync(join(tmpdir(), "cudafix-kb-"));
  try {
    // Every fact needs a declared shape: the project's own declarations, and the names these tests use.
    const all = { "~shapes/facts.md": readFileSync(join(import.meta.dirname, "..", "..", "content", "facts.md"), "utf8"), "~shapes/test-facts.md": TEST_FACTS, ...files };
    for (const [name, text] of Object.entries(all)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    return compileContent(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const TEST_FACTS = "---\nid: test-facts\nkind: reference\ntitle: t\nsummary: s\nfactShapes: { a: text, v: version, ver: version, what: text, ours: text, theirs: text, x: text, y: text }\n---\n";

const BODY = "\n## What you see\n\nx\n\n## Why it happens\n\nx\n\n## How to fix\n\nx {{a}}\n\n## How to check\n\nx\n";

/** A minimal well-formed note; `fm` is the YAML front matter after the common keys. */
export function note(id: string, fm: string, kind = "cause"): string {
  const common = `id: ${id}\nkind: ${kind}\ntitle: ${id} title\nsummary: ${id} summary\n${kind === "cause" && !/^severity:/m.test(fm) ? "severity: fatal\n" : ""}${kind === "cause" ? "stage: compile\n" : ""}`;
  return `---\n${common}${fm.trim()}\n---\n${BODY}`;
}
