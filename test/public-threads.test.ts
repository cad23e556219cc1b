// The shared corpus of logs copied from public issue and Q&A threads (../shared/corpus/public-threads),
// scored by the shared scorer through the CLI itself, as `npm run score` does for lab-h200. The
// thresholds are what the project reached: they guard against regressions (issue 11).
import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

const root = join(import.meta.dirname, "..");
const shared = join(root, "..", "shared");
const corpus = join(shared, "corpus", "public-threads");
const scorer = join(shared, "tools", "score-corpus.mjs");
const present = existsSync(join(corpus, "labels.jsonl")) && existsSync(scorer);

interface Totals {
  cases: number;
  right: number;
  crashes: number;
  noCauseOk: number;
  noCauseCases: number;
  fatalHit: number;
  fatalAll: number;
  symptomHit: number;
  symptomAll: number;
  harmlessHit: number;
  harmlessAll: number;
  perCase: { case: string; ok: boolean; expected: string; got: string | null; misses: string[] }[];
}

describe.skipIf(!present)("shared corpus public-threads, scored through the CLI", () => {
  it("names the cause in 108 of 108 logs, invents none, and flags the labelled lines", () => {
    const run = spawnSync(process.execPath, [scorer, corpus, "--json", "--cmd", `${process.execPath} ${join(root, "bin", "cudafix.js")} --json --no-verify`], {
      cwd: root,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    const line = run.stdout.split("\n").find((l) => l.startsWith("{"));
    expect(line, run.stderr).toBeDefined();
    const t = JSON.parse(line!) as Totals;
    const wrong = t.perCase.filter((c) => !c.ok).map((c) => `${c.case}: expected ${c.expected}, got ${c.got}`);
    expect(t.crashes).toBe(0);
    expect(wrong).toEqual([]);
    expect(t.right).toBeGreaterThanOrEqual(108);
    // Invented causes (a cause named where the label says none) are worse than misses: none.
    expect(t.noCauseOk).toBe(t.noCauseCases);
    expect(t.fatalHit / t.fatalAll).toBeGreaterThanOrEqual(1);
    expect(t.symptomHit / t.symptomAll).toBeGreaterThanOrEqual(1);
    expect(t.harmlessHit / t.harmlessAll).toBeGreaterThanOrEqual(29 / 30);
  }, 180_000);
});

if (!present) console.warn("public-threads.test.ts: skipped: ../shared/corpus/public-threads or ../shared/tools/score-corpus.mjs is absent (the shared folder is not beside the repository)");
