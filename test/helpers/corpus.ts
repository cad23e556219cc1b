// Runs a labelled corpus (a folder of *.log with labels.jsonl, as test/fixtures/lab-h200 has it) through
// the engine, one test per case, checking what the shared scorer checks: the labelled root cause (or none),
// every labelled fatal line flagged fatal, every labelled harmless line flagged harmless.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Engine } from "../../src/core/analyze.js";
import { loadKb } from "../../src/cli/kb-load.js";

interface Label {
  case: string;
  root_cause: string;
  fatal_lines: string[];
  harmless_lines: { text: string }[];
}

const engine = new Engine(loadKb(join(import.meta.dirname, "..", "..", "dist", "kb.json")));

export function readLabels(dir: string): Label[] {
  return readFileSync(join(dir, "labels.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Label);
}

export function describeCorpus(name: string, dir: string): void {
  const labels = readLabels(dir);
  describe(name, () => {
    for (const lab of labels) {
      it(lab.case, () => {
        const bytes = readFileSync(join(dir, `${lab.case}.log`));
        // Labels are matched as the scorer does: on the bytes read as UTF-8 (GBK labels use ASCII text).
        const lines = bytes.toString("utf8").split("\n");
        const report = engine.analyze(bytes);
        const expected = ["harmless-only", "unknown"].includes(lab.root_cause) ? null : lab.root_cause;
        expect(report.rootCause?.id ?? null).toBe(expected);
        const at = (sev: string) => new Set(report.findings.filter((f) => f.severity === sev).map((f) => f.line));
        const fatal = at("fatal");
        const harmless = at("harmless");
        const numbers = (needle: string) => lines.flatMap((l, i) => (l.includes(needle) ? [i + 1] : []));
        for (const s of lab.fatal_lines) expect(numbers(s).some((n) => fatal.has(n)), s).toBe(true);
        for (const h of lab.harmless_lines) expect(numbers(h.text).some((n) => harmless.has(n)), h.text).toBe(true);
        // The root cause is never a symptom line.
        if (report.rootCause) expect(report.symptoms.map((s) => s.line)).not.toContain(report.rootCause.line);
      });
    }
  });
}
