// Every note's examples, run as small logs through the analyzer the CLI streams a log through (decode →
// clean → match → settle → rank), not only through the compiler's check: a passing example means the CLI
// says the same about that line.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { Engine } from "../src/core/analyze.js";
import { loadKb } from "../src/cli/kb-load.js";

const kb = loadKb(join(import.meta.dirname, "..", "dist", "kb.json"));
const engine = new Engine(kb);

describe("note examples through the CLI's path", () => {
  for (const note of kb.notes) {
    if (note.kind !== "cause" && note.kind !== "symptom") continue;
    it(note.id, () => {
      for (const ex of note.examples.match) {
        const at = ex.before.length + 1;
        const r = engine.analyze([...ex.before, ex.line, ...ex.after].join("\n") + "\n");
        if (note.kind === "symptom") {
          expect(r.symptoms.find((s) => s.line === at)?.id, ex.line).toBe(note.id);
          continue;
        }
        const f = r.findings.find((g) => g.line === at && !g.unexplained);
        expect(f?.id, ex.line).toBe(note.id);
        if (ex.severity) expect(f?.severity, ex.line).toBe(ex.severity);
        for (const [k, v] of Object.entries(ex.facts ?? {})) expect(f?.facts[k], `${ex.line}: ${k}`).toBe(v);
        // A fatal example that nothing else outranks is the report's root cause.
        if (f?.severity === "fatal" && !r.findings.some((g) => g.severity === "fatal" && g.id !== note.id && !g.unexplained)) {
          expect(r.rootCause?.id, ex.line).toBe(note.id);
        }
      }
      for (const ex of note.examples.noMatch) {
        const at = ex.before.length + 1;
        const r = engine.analyze([...ex.before, ex.line, ...ex.after].join("\n") + "\n");
        const own = note.kind === "symptom" ? r.symptoms.some((s) => s.line === at && s.id === note.id) : r.findings.some((f) => f.line === at && f.id === note.id);
        expect(own, ex.line).toBe(false);
      }
    });
  }
});
