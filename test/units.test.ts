// The engine's mechanisms for messages that span lines and for findings that depend on how the log ends,
// on a toy knowledge base written for these tests (the engine knows nothing else).
import { describe, expect, it } from "vitest";
import { Engine } from "../src/core/analyze.js";
import type { Finding } from "../src/core/types.js";
import { compileNotes, note } from "./helpers/kb.js";

const files = {
  // A unit: the head line names the cause only when the frames under it say so.
  "notes/net-broke.md": note("net-broke", `
patterns:
  - regex: 'OOPS: Exception:$'
    requires:
      - after: 'netlib[\\\\/]reader\\.py", line \\d+, in read\\b'
        within: 5
examples:
  match:
    - line: 'OOPS: Exception:'
      after: ['Traceback (most recent call last):', '  File "/x/netlib/reader.py", line 9, in read']
  noMatch:
    - line: 'OOPS: Exception:'
      after: ['Traceback (most recent call last):', '  File "/x/disk.py", line 3, in write']
`),
  // A warning that is the cause only when the log then fails with no error of its own.
  "notes/tool-missing.md": note("tool-missing", `
severity: harmless
refines: public-tool
patterns:
  - regex: 'could not run the helper tool'
    outcome: { failed: fatal }
examples:
  match:
    - line: 'W: could not run the helper tool'
      severity: harmless
    - line: 'W: could not run the helper tool'
      after: ['build stopped']
      severity: fatal
    - line: 'W: could not run the helper tool'
      after: ['KeyError: x', 'build stopped']
      severity: harmless
  noMatch: ['could run the helper tool']
`),
  "notes/public-tool.md": note("public-tool", `
patterns:
  - regex: '^helper tool not found'
examples:
  match: ['helper tool not found']
  noMatch: ['helper tool found']
`),
  "notes/late.md": note("late", `
severity: harmless
patterns:
  - regex: 'late warning'
    flips:
      - to: fatal
        after: '^giving up'
        within: 3
examples:
  match: ['late warning']
  noMatch: ['early warning']
`),
  "rules/symptoms.md": note("symptoms", `
patterns:
  - regex: '^build stopped'
  - regex: '^OOPS: Exception:$'
  - regex: '^Traceback \\(most recent call last\\):'
examples:
  match: ['build stopped', 'OOPS: Exception:']
  noMatch: ['fine']
`, "symptom"),
  "rules/errors.md": note("errors", `
patterns:
  - regex: '^\\w+Error: '
examples:
  match: ['KeyError: x']
  noMatch: ['fine']
`, "error-like"),
};

function engine(): Engine {
  const { kb, diagnostics } = compileNotes(files);
  expect(diagnostics).toEqual([]);
  return new Engine(kb);
}

describe("a line judged with the lines under it (an 'after' requirement)", () => {
  it("names the cause when the frames under the head line say so", () => {
    const log = ["Downloading big.whl", "OOPS: Exception:", "Traceback (most recent call last):", '  File "/x/netlib/reader.py", line 9, in read', "    data = s.recv()"].join("\n");
    const r = engine().analyze(log);
    expect(r.rootCause).toMatchObject({ id: "net-broke", line: 2 });
    expect(r.symptoms.map((s) => s.line)).toEqual([3]);
  });

  it("falls back to what the line is otherwise (here a symptom) when they do not, or come too late", () => {
    const e = engine();
    const other = e.analyze(["OOPS: Exception:", "Traceback (most recent call last):", '  File "/x/disk.py", line 3, in write'].join("\n"));
    expect(other.rootCause).toBeNull();
    expect(other.findings).toEqual([]);
    expect(other.symptoms.map((s) => [s.line, s.text])).toEqual([[1, "OOPS: Exception:"], [2, "Traceback (most recent call last):"]]);
    const late = e.analyze(["OOPS: Exception:", "a", "b", "c", "d", "e", '  File "/x/netlib/reader.py", line 9, in read'].join("\n"));
    expect(late.rootCause).toBeNull();
    expect(late.symptoms.map((s) => s.line)).toEqual([1]);
  });

  it("decides the same on a log cut right after the head line (end of input closes the window)", () => {
    const r = engine().analyze("OOPS: Exception:");
    expect(r.rootCause).toBeNull();
    expect(r.symptoms.map((s) => s.line)).toEqual([1]);
  });
});

describe("a finding that depends on the log's outcome", () => {
  it("is harmless when the log does not fail after it, and says why", () => {
    const r = engine().analyze("W: could not run the helper tool\ncompiling a.cpp\ndone\n");
    expect(r.rootCause).toBeNull();
    expect(r.findings).toEqual([
      expect.objectContaining({ id: "tool-missing", severity: "harmless", why: expect.stringMatching(/no failure after line 1/) }),
    ]);
  });

  it("is the cause when the log then fails and nothing else explains it; the root cause carries refines and why", () => {
    const r = engine().analyze("W: could not run the helper tool\nTraceback (most recent call last):\nbuild stopped\n");
    expect(r.findings[0]).toMatchObject({ id: "tool-missing", severity: "fatal" });
    expect(r.rootCause).toMatchObject({ id: "tool-missing", refines: "public-tool", line: 1 });
    expect(r.rootCause?.why).toMatch(/goes on to fail \(line 2: Traceback/);
  });

  it("stays harmless when the failure has an error line of its own, known or not", () => {
    const e = engine();
    const unknown = e.analyze("W: could not run the helper tool\nKeyError: x\nbuild stopped\n");
    expect(unknown.rootCause).toBeNull();
    expect(unknown.findings.find((f) => f.id === "tool-missing")).toMatchObject({ severity: "harmless", why: expect.stringMatching(/line 2 \(an error no note knows\)/) });
    const known = e.analyze("W: could not run the helper tool\nhelper tool not found\nbuild stopped\n");
    expect(known.rootCause).toMatchObject({ id: "public-tool", line: 2 });
    expect(known.rootCause).not.toHaveProperty("refines");
  });

  it("is handed to live listeners once settled, with its final severity", () => {
    const seen: Finding[] = [];
    const a = engine().analyzer({ onFinding: (f) => seen.push(f) });
    a.push(new TextEncoder().encode("W: could not run the helper tool\nbuild stopped\n"));
    expect(seen).toEqual([]);
    a.end();
    expect(seen.map((f) => f.severity)).toEqual(["fatal"]);
  });
});

describe("findings are settled before anything acts on them", () => {
  it("a warning flipped to fatal by a later line reaches the live listener as fatal, and the cap keeps it", () => {
    const seen: Finding[] = [];
    const log = "late warning\nlate warning\nlate warning\ngiving up\n";
    const r = engine().analyze(log, { maxFindingsPerId: 1, onFinding: (f) => seen.push(f) });
    expect(seen.map((f) => f.severity)).toEqual(["fatal", "fatal", "fatal"]);
    expect(r.findings).toHaveLength(3);
    expect(r.rootCause).toMatchObject({ id: "late", line: 1 });
  });

  it("a warning no later line flips is capped as before", () => {
    const r = engine().analyze("late warning\n".repeat(50) + "x\n".repeat(5), { maxFindingsPerId: 5 });
    expect(r.findings).toHaveLength(5);
    expect(r.stats.omittedFindings).toBe(45);
  });
});

describe("error lines no note knows", () => {
  it("are fatal findings that name no cause, and listed as unrecognized", () => {
    const r = engine().analyze("KeyError: x\nbuild stopped\n");
    expect(r.rootCause).toBeNull();
    expect(r.findings).toEqual([{ id: "errors", severity: "fatal", line: 1, text: "KeyError: x", facts: {}, unexplained: true }]);
    expect(r.unrecognized.map((u) => u.line)).toEqual([1]);
  });
});

describe("one evaluator", () => {
  it("claims() sees what the stream sees: requirements after the line, outcome and fallback", () => {
    const m = engine().matcher;
    expect(m.claims("OOPS: Exception:", [], ['  File "/x/netlib/reader.py", line 9, in read']).map((c) => c.note.id)).toEqual(["net-broke", "symptoms"]);
    expect(m.claims("OOPS: Exception:", [], ['  File "/x/disk.py", line 9, in write']).map((c) => c.note.id)).toEqual(["symptoms"]);
    expect(m.claims("could not run the helper tool", [], ["build stopped"])[0]).toMatchObject({ severity: "fatal" });
    expect(m.claims("could not run the helper tool")[0]).toMatchObject({ severity: "harmless" });
  });
});

describe("the compiler", () => {
  it("rejects a refines that names an unknown note, and a malformed outcome", () => {
    const bad = {
      "notes/a.md": note("a", `
refines: nowhere
patterns:
  - regex: 'a happened'
    outcome: { succeeded: harmless }
examples:
  match: ['a happened']
  noMatch: ['b']
`),
    };
    const messages = compileNotes(bad).diagnostics.map((d) => d.message);
    expect(messages).toContainEqual(expect.stringMatching(/"outcome" is \{ failed: fatal \| harmless \}/));
    const unknown = compileNotes({ "notes/a.md": bad["notes/a.md"].replace("    outcome: { succeeded: harmless }\n", "") });
    expect(unknown.diagnostics.map((d) => d.message)).toContainEqual('refines unknown note "nowhere"');
  });
});
