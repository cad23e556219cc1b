// The fast paths must not change a report: required literals ("atoms") are sound for every example, the
// Wu-Manber scan finds what a plain search finds, and the region path gives the same report as line by line.
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Engine, type Analyzer } from "../src/core/analyze.js";
import { requiredAtoms } from "../src/core/atoms.js";
import { MultiSearch } from "../src/core/multi-search.js";
import { loadKb } from "../src/cli/kb-load.js";

const kb = loadKb(join(import.meta.dirname, "..", "dist", "kb.json"));
const engine = new Engine(kb);
const corpus = join(import.meta.dirname, "fixtures", "lab-h200"); // the lab corpus, vendored from ../shared/corpus

function lineByLine(input: Uint8Array) {
  const a: Analyzer = engine.analyzer();
  (a as unknown as { decoder: { regionSink: unknown } }).decoder.regionSink = null;
  a.push(input);
  return a.end();
}

describe("atoms", () => {
  it("every example line a pattern matches contains one of its atoms", () => {
    for (const note of kb.notes) {
      for (const p of note.patterns) {
        const atoms = requiredAtoms(p.regex) ?? requiredAtoms(p.regex, 2);
        if (!atoms) continue;
        const re = new RegExp(p.regex, p.flags);
        for (const ex of note.examples.match) {
          const m = re.exec(ex.line);
          if (!m) continue;
          const text = p.flags.includes("i") ? m[0].toLowerCase() : m[0];
          expect(atoms.some((a) => text.includes(p.flags.includes("i") ? a.toLowerCase() : a)), `${note.id}: ${p.regex}`).toBe(true);
        }
      }
    }
  });

  it("knows alternations, optional parts and repeats", () => {
    expect(requiredAtoms("abc(?:def)?ghij")).toEqual(["abcghij", "abcdefghij"]);
    expect(requiredAtoms("(?:foo|barbaz) x")).toEqual(["foo x", "barbaz x"]);
    expect(requiredAtoms("ab+cde")).toEqual(["bcde"]);
    expect(requiredAtoms("ab*cde")).toEqual(["cde"]);
    expect(requiredAtoms("-l(?:cudart|cufft)\\b")).toEqual(["-lcudart", "-lcufft"]);
    expect(requiredAtoms("[/\\\\]nvcc(?:\\.exe)?")).toEqual(["/nvcc", "/nvcc.exe", "\\nvcc", "\\nvcc.exe"]);
    expect(requiredAtoms("x[a-z]yz")).toBeNull();
    expect(requiredAtoms("(?:a|b|c|d|e)(?:a|b|c|d|e)(?:f|g|h|i|j)long")).toEqual(["flong", "glong", "hlong", "ilong", "jlong"]); // 25 > 16: cut
    expect(requiredAtoms("x|abcd")).toBeNull();
    expect(requiredAtoms("(?<!['\"])Ninja is")).toEqual(["Ninja is"]);
    expect(requiredAtoms("^(a|a)+b")).toBeNull();
  });

  it("the scan finds every occurrence a plain search finds", () => {
    const atoms = [
      { text: "nvcc", insensitive: false },
      { text: "error", insensitive: true },
      { text: "fatal error", insensitive: false },
      { text: "arch=compute_", insensitive: false },
      { text: "不是内部或外部命令", insensitive: false },
    ];
    const s = new MultiSearch(atoms);
    const lines = ["", "nvc", "nvcc", "a nvcc b ERROR c", "fatal error: x", "-gencode=arch=compute_90", "ErRoR", "'cl' 不是内部或外部命令", "xx fatal errorfatal error"];
    for (const line of lines) {
      const found = new Set<number>();
      s.scan(line, (i) => found.add(i));
      const expected = new Set(atoms.flatMap((a, i) => ((a.insensitive ? line.toLowerCase().includes(a.text) : line.includes(a.text)) ? [i] : [])));
      expect(found, line).toEqual(expected);
    }
  });
});

describe("region path = line by line", () => {
  const files = readdirSync(corpus).filter((f) => f.endsWith(".log"));
  it("every corpus log", () => {
    for (const f of files) {
      const bytes = readFileSync(join(corpus, f));
      expect(engine.analyze(bytes), f).toEqual(lineByLine(bytes));
    }
  });

  it("every example line, with colour codes, CRLF, GBK bytes and log prefixes mixed in", () => {
    const parts: Buffer[] = [];
    let i = 0;
    for (const note of kb.notes) {
      for (const ex of note.examples.match) {
        const lines = [...ex.before, ex.line, ...ex.after];
        for (const l of lines) {
          const v = i++ % 5;
          const text = v === 1 ? `2024-05-01T12:34:56.1234567Z ${l}` : v === 2 ? `\x1b[31m${l}\x1b[0m` : v === 3 ? `${l}\r` : l;
          parts.push(Buffer.from(text + "\n"));
          if (v === 4) parts.push(Buffer.from([0xb4, 0xed, 0xce, 0xf3, 0x3a, 0x20, 0x78, 0x0a])); // GBK "错误: x"
        }
        parts.push(Buffer.from("filler line with nothing in it\n".repeat(40)));
      }
    }
    const log = Buffer.concat(parts);
    const whole = engine.analyze(log);
    expect(whole).toEqual(lineByLine(log));
    // Chunked at odd places, as a pipe delivers it.
    const a = engine.analyzer();
    for (let at = 0; at < log.length; at += 4093) a.push(log.subarray(at, at + 4093));
    expect(a.end()).toEqual(whole);
    expect(whole.findings.length).toBeGreaterThan(50);
  });
});
