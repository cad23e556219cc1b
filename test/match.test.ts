import { describe, expect, it } from "vitest";
import { Engine } from "../src/core/analyze.js";
import { compileNotes, note } from "./helpers/kb.js";

// A small knowledge base written for these tests: the engine knows nothing else.
const files = {
  "notes/boom.md": note("boom", `
patterns:
  - regex: 'Boom: (?<what>\\w+) exploded'
examples:
  match:
    - line: 'Boom: engine exploded'
      facts: { what: engine }
  noMatch: ['Boom: nothing']
`),
  "notes/boom-in-pip.md": note("boom-in-pip", `
priority: 5
patterns:
  - regex: 'Boom: (?<what>\\w+) exploded'
    requires:
      - before: 'Getting requirements'
        within: 3
examples:
  match:
    - line: 'Boom: engine exploded'
      before: ['Getting requirements to build wheel']
  noMatch: ['Boom: engine exploded']
`),
  "notes/mild.md": note("mild", `
severity: harmless
patterns:
  - regex: 'mild mismatch \\((?<v>[\\d.]+)\\)'
    flips:
      - to: fatal
        line: '^\\w*Error:'
      - to: fatal
        after: '^Aborting because of the mismatch'
        within: 2
examples:
  match:
    - line: 'Warning: mild mismatch (1.2)'
      severity: harmless
    - line: 'RuntimeError: mild mismatch (1.2)'
      severity: fatal
  noMatch: ['mild mismatch']
`),
  "notes/split.md": note("split", `
patterns:
  - regex: 'version \\((?<ours>[\\d.]+)\\) differs from the one used to build'
    next:
      - regex: '^Library \\((?<theirs>[\\d.]+)\\)'
        within: 2
examples:
  match:
    - line: 'version (11.8) differs from the one used to build'
      after: ['', 'Library (12.4). Use the same.']
      facts: { ours: "11.8", theirs: "12.4" }
  noMatch: ['Library (12.4)']
`),
  "rules/symptoms.md": note("symptoms", `
patterns:
  - regex: '^build stopped'
examples:
  match: ['build stopped']
  noMatch: ['Boom: engine exploded']
`, "symptom"),
  "rules/errors.md": note("errors", `
patterns:
  - regex: '^\\w+Error: '
examples:
  match: ['KeyError: x']
  noMatch: ['fine']
`, "error-like"),
  "rules/prefix.md": note("prefix", `
patterns:
  - regex: '\\[rank\\d+\\]: '
examples:
  match: ['[rank3]: Boom']
  noMatch: ['rank3']
`, "prefix"),
};

function engine() {
  const { kb, diagnostics } = compileNotes(files);
  expect(diagnostics).toEqual([]);
  return new Engine(kb);
}

describe("matching and ranking", () => {
  it("classifies lines, extracts facts, and picks the first fatal line over its symptoms", () => {
    const r = engine().analyze("start\n[rank0]: Boom: engine exploded\nbuild stopped\nKeyError: x\n");
    expect(r.findings).toEqual([
      { id: "boom", severity: "fatal", line: 2, text: "Boom: engine exploded", facts: { what: "engine" } },
      // An error line no note knows: fatal, but it names no cause.
      { id: "errors", severity: "fatal", line: 4, text: "KeyError: x", facts: {}, unexplained: true },
    ]);
    expect(r.rootCause?.id).toBe("boom");
    expect(r.rootCause?.line).toBe(2);
    expect(r.rootCause?.why).toMatch(/1 later line\(s\) only repeat the failure \(line 3\)/);
    expect(r.symptoms).toEqual([{ id: "symptoms", line: 3, text: "build stopped" }]);
    expect(r.unrecognized.map((u) => u.line)).toEqual([4]);
  });

  it("never makes a symptom the root cause", () => {
    const r = engine().analyze("build stopped\nbuild stopped\n");
    expect(r.rootCause).toBeNull();
    expect(r.findings).toEqual([]);
  });

  it("lets a pattern with satisfied context win the line, and only within its window", () => {
    const near = engine().analyze("Getting requirements to build wheel\nx\nBoom: engine exploded\n");
    expect(near.findings[0]!.id).toBe("boom-in-pip");
    const far = engine().analyze("Getting requirements to build wheel\nx\ny\nz\nBoom: engine exploded\n");
    expect(far.findings[0]!.id).toBe("boom");
  });

  it("reads a \"before\" context only when its pattern matched: the same answer in one chunk, line by line, and past megabytes of text", () => {
    const { kb, diagnostics } = compileNotes({
      "notes/boom.md": files["notes/boom.md"],
      "notes/far.md": note("far", `
priority: 5
patterns:
  - regex: 'Boom: (?<what>\\w+) exploded'
    requires:
      - before: '^Getting requirements'
        within: 1000
examples:
  match:
    - line: 'Boom: engine exploded'
      before: ['Getting requirements to build wheel']
  noMatch: ['Boom: engine exploded']
`),
    });
    expect(diagnostics).toEqual([]);
    const filler = (n: number) => Array.from({ length: n }, (_, i) => `${"x".repeat(10_000)} ${i}`);
    const logs = [
      ["Getting requirements to build wheel", ...filler(900), "Boom: engine exploded"], // 9 MB of text in the window
      ["Getting requirements to build wheel", ...filler(1000), "Boom: engine exploded"], // one line too far
      [...filler(5), "Boom: engine exploded"],
    ];
    const want = ["far", "boom", "boom"];
    logs.forEach((lines, k) => {
      const text = lines.join("\n") + "\n";
      const whole = new Engine(kb).analyze(text);
      const a = new Engine(kb).analyzer();
      for (const l of lines) a.push(new TextEncoder().encode(l + "\n"));
      const split = a.end();
      expect(whole.findings.map((f) => f.id), `log ${k}`).toEqual([want[k]]);
      expect(split.findings).toEqual(whole.findings);
    });
  });

  it("finds a short case-insensitive literal in any case, in a run of lines and in a line of its own", () => {
    const { kb, diagnostics } = compileNotes({
      "notes/oops.md": note("oops", `
patterns:
  - regex: 'oop!\\s+(?<what>\\w+)'
    flags: i
examples:
  match: ['OoP! engine']
  noMatch: ['oop engine']
`),
    });
    expect(diagnostics).toEqual([]);
    const lines = ["fine", "still fine", "Oop! one", "OOP! two", "\x1b[31moop! three\x1b[0m", "done"];
    const r = new Engine(kb).analyze(lines.join("\n") + "\n");
    expect(r.findings.map((f) => [f.line, f.facts.what])).toEqual([[3, "one"], [4, "two"], [5, "three"]]);
  });

  it("flips severity from the line's own words and from the lines after it", () => {
    const e = engine();
    expect(e.analyze("Warning: mild mismatch (1.2)\n").findings[0]!.severity).toBe("harmless");
    expect(e.analyze("RuntimeError: mild mismatch (1.2)\n").findings[0]!.severity).toBe("fatal");
    const after = e.analyze("Warning: mild mismatch (1.2)\nok\nAborting because of the mismatch\n");
    expect(after.findings[0]!.severity).toBe("fatal");
    expect(after.rootCause?.id).toBe("mild");
    const tooLate = e.analyze("Warning: mild mismatch (1.2)\nok\nok\nAborting because of the mismatch\n");
    expect(tooLate.findings[0]!.severity).toBe("harmless");
    expect(tooLate.rootCause).toBeNull();
  });

  it("prefers the higher-priority note, then the earliest line", () => {
    const r = engine().analyze("Boom: a exploded\nGetting requirements\nBoom: b exploded\n");
    expect(r.findings.map((f) => f.id)).toEqual(["boom", "boom-in-pip"]);
    expect(r.rootCause?.id).toBe("boom-in-pip");
    expect(r.rootCause?.why).toMatch(/outranks the earlier fatal line/);
  });

  it("caps repeated harmless findings per note and counts the rest", () => {
    const log = "Warning: mild mismatch (1.2)\n".repeat(1000);
    const r = engine().analyze(log, { maxFindingsPerId: 10 });
    expect(r.findings).toHaveLength(10);
    expect(r.stats.omittedFindings).toBe(990);
    expect(r.stats.lines).toBe(1000);
  });

  it("takes facts from the next lines of a message split over lines, within the window only", () => {
    const e = engine();
    const near = e.analyze("version (11.8) differs from the one used to build\nLibrary (12.4). Use the same.\n");
    expect(near.findings[0]!.facts).toEqual({ ours: "11.8", theirs: "12.4" });
    const far = e.analyze("version (11.8) differs from the one used to build\na\nb\nLibrary (12.4).\n");
    expect(far.findings[0]!.facts).toEqual({ ours: "11.8" });
  });

  it("reports live findings as they arrive", () => {
    const seen: number[] = [];
    const a = engine().analyzer({ onFinding: (f) => seen.push(f.line) });
    a.push(new TextEncoder().encode("ok\nBoom: x exploded\n"));
    expect(seen).toEqual([2]);
    a.end();
  });
});
