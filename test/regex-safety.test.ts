// Patterns are safe by construction: a verdict from the syntax tree (rejected / native / linear), the same on every
// run, and matching time linear in the line whichever engine runs a pattern.
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { regexSafety } from "../src/kb/regex-safety.js";
import { noteRegex, type RegexPlan } from "../src/core/note-regex.js";
import { compileContent } from "../src/kb/compile.js";
import { Engine } from "../src/core/analyze.js";
import { compileNotes, note } from "./helpers/kb.js";

const root = join(import.meta.dirname, "..");

function verdict(source: string, flags = ""): string {
  const v = regexSafety(source, flags);
  return v.ok ? v.engine : "rejected";
}

describe("the safety verdict", () => {
  it("rejects each kind of catastrophic shape, with a rewrite hint", () => {
    const cases = [
      "(a+)+b", // nested quantifiers
      "(?:\\w+\\s?)+$",
      "(a*)*b", // a repetition of something that can be empty
      "(a|a)*c", // overlapping alternation under a star
      "(?:x|xy)+z",
      "a.*b.*c", // two loops trading the same text
      "[^']*[^\"]*!",
      "(?:(?:[a-z]{1,30}){1,30}){1,30}!", // the bounded-but-huge one a wall-clock checker called "unknown"
    ];
    for (const c of cases) {
      const v = regexSafety(c, "");
      expect(v.ok, c).toBe(false);
      if (!v.ok) expect(v.message, c).toMatch(/catastrophically: .*(e\.g\.|instead of)/);
    }
  });

  it("rejects what no linear-time engine can run, saying how to rewrite it", () => {
    for (const c of ["(?<!')foo", "foo(?=bar)", "(?<x>a)\\k<x>", "(a)\\1"]) {
      const v = regexSafety(c, "");
      expect(v.ok, c).toBe(false);
      if (!v.ok) expect(v.message).toMatch(/linear time; /);
    }
  });

  it("proves deterministic, guarded patterns linear for a backtracking engine (they run natively)", () => {
    for (const c of [
      "fatal error: (?<header>[^\\s:]+): No such file",
      "undefined symbol: (?<symbol>\\S+)",
      "^\\d+\\.\\d+$",
      "\\bsm_(?<arch>\\d+)\\b",
      "LNK1104: cannot open file '(?<lib>[^']+)'",
      "(?:cc1plus|cc1): out of memory", // a choice outside loops: a constant factor
      "^\\[?(?<nvcc>[^\\s\"]*[/\\\\]nvcc)\"? ", // one loop left on a character it takes, then a bounded tail
      "^W\\d+ [^\\]\\s]+:\\d+\\]", // ... then a loop that cannot take the exit's character
    ]) {
      expect(verdict(c), c).toBe("native");
    }
  });

  it("sends everything else to the linear engine: ambiguous choices, loops entered from any start", () => {
    expect(verdict("x[^y]*y")).toBe("linear"); // quadratic for a backtracking engine on "xxxx…"
    expect(verdict("^[^ ]*a [^ ]*b ")).toBe("linear"); // two loops, each left on a character it also takes
    expect(verdict("^[^ ]*a(?:b|bc) ")).toBe("linear"); // after the exit, another choice on the same character
    expect(verdict("error(?: [A-Z]+\\d+)?\\s*:", "i")).toBe("linear");
  });

  it("is a pure function of the pattern: the same verdict and RE2 form on every call", () => {
    const { kb } = compileContent(join(root, "content"));
    const plans = kb.notes.flatMap((n) => n.patterns);
    for (const p of plans) {
      const again = regexSafety(p.regex, p.flags, { anchored: kb.notes.find((n) => n.patterns.includes(p))!.kind === "prefix" });
      expect(again.ok && { engine: again.engine, re2: again.re2 }, p.regex).toEqual({ engine: p.engine, re2: p.re2 });
    }
  });
});

describe("the two engines agree", () => {
  // Every pattern of the knowledge base, run by both engines over every line of the logs in the repository.
  const { kb } = compileContent(join(root, "content"));
  const plans: RegexPlan[] = [];
  for (const n of kb.notes) {
    for (const p of n.patterns) {
      plans.push(p);
      for (const c of [...p.requires, ...p.flips.map((f) => f.when), ...(p.next ?? [])]) plans.push({ regex: c.regex, flags: "", engine: c.engine, re2: c.re2 });
    }
  }
  const dirs = [join(root, "test", "corpus-extra"), join(root, "test", "fixtures", "gpu-h200")];
  const lines = dirs
    .flatMap((d) => readdirSync(d).filter((f) => f.endsWith(".log")).map((f) => join(d, f)))
    .flatMap((f) => readFileSync(f, "utf8").split(/\r?\n/));
  // Lines in other scripts and white space, so that the RE2 translation of \s, . and classes is exercised.
  lines.push("致命错误：foo.h：没有那个文件或目录", "error:\u3000x", "fatal error:\u00a0y", "a\u2028b", "ＥＲＲＯＲ: 😀 x");

  it("matches the same lines, at the same places, with the same facts", () => {
    let compared = 0;
    for (const plan of plans) {
      const native = noteRegex({ ...plan, engine: "native" });
      const linear = noteRegex({ ...plan, engine: "linear" });
      for (const line of lines) {
        const a = native.all(line).map((m) => [m.index, { ...m.groups }]);
        const b = linear.all(line).map((m) => [m.index, { ...m.groups }]);
        expect(b, `${plan.regex} on ${JSON.stringify(line.slice(0, 120))}`).toEqual(a);
        expect(linear.test(line)).toBe(native.test(line));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(50_000);
  });
});

describe("a line crafted against a pattern cannot hang the matcher", () => {
  it("a pattern that is quadratic for backtracking runs on the linear engine, so 200 crafted 16 KB lines take well under a second", () => {
    const { kb, diagnostics } = compileNotes({
      "notes/quad.md": note("quad", `patterns:\n  - regex: 'x[^y]*yz'\nexamples:\n  match: ['xaayz']\n  noMatch: ['xaaa']`),
    });
    expect(diagnostics).toEqual([]);
    expect(kb.notes[0]!.patterns[0]!.engine).toBe("linear");
    const engine = new Engine(kb);
    const crafted = ("x".repeat(16_000) + "\n").repeat(200);
    const t0 = performance.now();
    const r = engine.analyze(crafted + "xaayz\n");
    const ms = performance.now() - t0;
    expect(r.rootCause).toMatchObject({ id: "quad", line: 201 });
    // The same regex on V8's backtracking engine takes seconds here; linear matching takes milliseconds.
    expect(ms).toBeLessThan(3000);
  });

  it("a rejected pattern is one file:line diagnostic, and notes that name its note are not reported as broken", () => {
    const { diagnostics } = compileNotes({
      "notes/bad.md": note("bad", `patterns:\n  - regex: '(?:(?:[a-z]{1,30}){1,30}){1,30}!'\nexamples:\n  match: ['ab!']\n  noMatch: ['c']`),
      "notes/uses-bad.md": note("uses-bad", `related: [bad]\npatterns:\n  - regex: 'uses bad'\nexamples:\n  match: ['uses bad']\n  noMatch: ['c']`),
    });
    expect(diagnostics.map((d) => `${d.file}:${d.line}: ${d.message.split(":")[0]}`)).toEqual(["notes/bad.md:9: regex can backtrack catastrophically"]);
  });
});
