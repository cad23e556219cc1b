import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { compileContent } from "../src/kb/compile.js";
import { compileNotes, note } from "./helpers/kb.js";
import { existsSync, readFileSync } from "node:fs";

const root = join(import.meta.dirname, "..");

describe("the knowledge base in content/", () => {
  const { kb, diagnostics } = compileContent(join(root, "content"));

  it("compiles with no diagnostics: schema, ids, regexes, and every note's examples", () => {
    expect(diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`)).toEqual([]);
  });

  it("has a note for every id the contract names", () => {
    const section = contractIds.slice(contractIds.indexOf("Fatal causes:"));
    const ids = [...section.matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThanOrEqual(21);
    const have = new Map(kb.notes.map((n) => [n.id, n]));
    for (const id of ids) expect(have.has(id), id).toBe(true);
    const harmless = section.slice(section.indexOf("Harmless"));
    for (const id of [...harmless.matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]!)) expect(have.get(id)?.severity, id).toBe("harmless");
  });

  it("gives every cause note the four sections a reader needs", () => {
    for (const n of kb.notes.filter((x) => x.kind === "cause")) {
      expect(Object.keys(n.sections).slice(0, 4), n.id).toEqual(["What you see", "Why it happens", "How to fix", "How to check"]);
    }
  });
});

// The contract's list of public ids, vendored (test/fixtures/contract-ids.md) so that the repository tests itself.
const contractIds = readFileSync(join(root, "test", "fixtures", "contract-ids.md"), "utf8");
const contractPath = join(root, "..", "shared", "CONTRACT.md");
const hasContract = existsSync(contractPath);
if (!hasContract) console.warn("kb.test.ts: ../shared/CONTRACT.md is absent: the vendored list of public ids is not compared with it");

describe.skipIf(!hasContract)("the vendored list of public ids", () => {
  it("is CONTRACT.md's, word for word", () => {
    const contract = readFileSync(contractPath, "utf8");
    const section = contract.slice(contract.indexOf("Fatal causes:"), contract.indexOf("Some messages are fatal"));
    expect(contractIds.slice(contractIds.indexOf("Fatal causes:")).trim()).toBe(section.trim());
  });
});

describe("the compiler's diagnostics", () => {
  const messages = (files: Record<string, string>) => compileNotes(files).diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`);
  const ok = (id: string) => note(id, `patterns:\n  - regex: '${id} failed'\nexamples:\n  match: ['${id} failed']\n  noMatch: ['other']`);

  it("reports a catastrophic regex at its line", () => {
    const bad = note("bad", `patterns:\n  - regex: '(a+)+b'\nexamples:\n  match: ['aab']\n  noMatch: ['c']`);
    expect(messages({ "notes/bad.md": bad })).toEqual([expect.stringMatching(/^notes\/bad\.md:9: regex can backtrack catastrophically/)]);
  });

  it("reports a pattern that matches the empty string", () => {
    const bad = note("empty", `patterns:\n  - regex: 'x*'\nexamples:\n  match: ['x']\n  noMatch: ['y']`);
    expect(messages({ "notes/empty.md": bad })).toEqual([expect.stringMatching(/^notes\/empty\.md:9: regex matches the empty string/)]);
  });

  it("reports duplicate ids and ids that differ from the file name", () => {
    const m = messages({ "notes/a.md": ok("a"), "rules/a.md": ok("a"), "notes/b.md": ok("c") });
    expect(m).toContainEqual(expect.stringMatching(/duplicate id "a"/));
    expect(m).toContainEqual(expect.stringMatching(/^notes\/b\.md:2: id "c" must equal the file name "b"/));
  });

  it("reports front matter that is not a mapping, and unknown keys", () => {
    expect(messages({ "notes/list.md": "---\n- a\n- b\n---\n# x\n" })).toEqual(["notes/list.md:1: front matter is not a mapping of keys to values"]);
    const typo = ok("t").replace("patterns:", "pattern_s: []\npatterns:");
    expect(messages({ "notes/t.md": typo })).toContainEqual(expect.stringMatching(/^notes\/t\.md:\d+: unknown key "pattern_s"/));
  });

  it("reports every problem at once, not the first only", () => {
    const m = messages({
      "notes/x.md": note("x", `patterns:\n  - regex: '('\nexamples:\n  match: ['x']\n  noMatch: ['y']`),
      "notes/y.md": "no front matter",
    });
    expect(m).toHaveLength(2);
    expect(m[0]).toMatch(/regex does not compile/);
    expect(m[1]).toMatch(/^notes\/y\.md:1: no front matter/);
  });

  it("checks that a positive example is claimed by its own note only", () => {
    const a = note("a", `patterns:\n  - regex: 'disk full'\nexamples:\n  match: ['disk full']\n  noMatch: ['x']`);
    const b = note("b", `patterns:\n  - regex: 'full'\nexamples:\n  match: ['tank full']\n  noMatch: ['x']`);
    const m = messages({ "notes/a.md": a, "notes/b.md": b });
    expect(m).toContainEqual(expect.stringMatching(/^notes\/a\.md:\d+: example is also matched by "b"/));
  });

  it("checks negative examples and extracted facts", () => {
    const n = note("f", `patterns:\n  - regex: 'v(?<ver>\\d+)'\nexamples:\n  match:\n    - line: 'v12'\n      facts: { ver: "13" }\n  noMatch: ['v1']`);
    const m = messages({ "notes/f.md": n });
    expect(m).toContainEqual(expect.stringMatching(/fact ver: expected "13", got "12"/));
    expect(m).toContainEqual(expect.stringMatching(/negative example is matched by this note: v1/));
  });
});
