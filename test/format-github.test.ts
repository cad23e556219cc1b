// --format github: workflow commands for the run page, the step summary, GitHub's escaping and limits.
import { beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { escapeData, escapeProperty, renderGithub } from "../src/core/render/github.js";
import type { Finding, Report, Signature } from "../src/core/types.js";
import { corpus, cudafix, formats, requireBuild } from "./format-helpers.js";

beforeAll(requireBuild);

describe("--format github on the corpus", () => {
  for (const [name, args] of [
    ["gcc-too-new", []],
    ["missing-glm", []],
    ["ok", ["--annotate-harmless"]],
  ] as const) {
    it(`${name}.log`, async () => {
      const r = cudafix(["--no-verify", "--format", "github", ...args, `${corpus}/${name}.log`]);
      expect(r.code).toBe(name === "ok" ? 0 : 1);
      await expect(r.out).toMatchFileSnapshot(join(formats, `${name}.github.txt`));
    });
  }

  it("annotates the root cause first, as an error on its file and line", () => {
    const r = cudafix(["--no-verify", "--format", "github", `${corpus}/gcc-too-new.log`]);
    const first = r.out.split("\n")[0]!;
    expect(first).toMatch(/^::error file=test\/fixtures\/lab-h200\/gcc-too-new\.log,line=14,title=cudafix root cause%3A .*\[host-compiler-unsupported\]::line 14: /);
    // Every command is one line: the message's own newlines are escaped.
    for (const l of r.out.trimEnd().split("\n")) expect(l).toMatch(/^(::(error|warning|notice) |cudafix: )/);
  });

  it("leaves harmless warnings out unless --annotate-harmless, then one notice per note", () => {
    const plain = cudafix(["--no-verify", "--format", "github", `${corpus}/ok.log`]);
    expect(plain.out).not.toMatch(/::notice/);
    const noted = cudafix(["--no-verify", "--format", "github", "--annotate-harmless", `${corpus}/ok.log`]);
    const notices = noted.out.split("\n").filter((l) => l.startsWith("::notice "));
    expect(notices.length).toBeGreaterThan(0);
    const ids = notices.map((l) => /\[([a-z0-9-]+)\]::/.exec(l)?.[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("appends the Markdown summary to GITHUB_STEP_SUMMARY, after what was there", () => {
    const dir = mkdtempSync(join(tmpdir(), "cudafix-summary-"));
    const summary = join(dir, "summary.md");
    writeFileSync(summary, "# earlier step\n\n");
    const r = cudafix(["--no-verify", "--format", "github", `${corpus}/missing-glm.log`], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(1);
    const text = readFileSync(summary, "utf8");
    expect(text.startsWith("# earlier step\n\n## Build failure: ")).toBe(true);
    expect(text).toMatch(/### Fix/);
    expect(text).toMatch(/<details><summary>Environment<\/summary>/);
    // stdout holds only the commands; the summary went to the file.
    expect(r.out).not.toMatch(/### Fix/);
  });

  it("says so on stderr, and still annotates, when the summary file cannot be written", () => {
    const r = cudafix(["--no-verify", "--format", "github", `${corpus}/missing-glm.log`], { env: { GITHUB_STEP_SUMMARY: "/nonexistent/dir/summary.md" } });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^::error /);
    expect(r.err).toMatch(/cannot write the step summary to \/nonexistent\/dir\/summary\.md: ENOENT/);
  });

  it("in pipe mode keeps stdout for the commands and passes the build's output to stderr", () => {
    const log = readFileSync(join(import.meta.dirname, "..", corpus, "missing-glm.log"));
    const r = cudafix(["--no-verify", "--format", "github"], { input: log });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^::error line=10,title=/);
    expect(r.err).toContain("glm/glm.hpp: No such file or directory");
  });
});

describe("escaping and limits", () => {
  it("escapes %, CR and LF in data, and also : and , in properties", () => {
    expect(escapeData("100% done\r\nnext")).toBe("100%25 done%0D%0Anext");
    expect(escapeData("a:b,c")).toBe("a:b,c");
    expect(escapeProperty("C:\\logs\\a,b%.log\n")).toBe("C%3A\\logs\\a%2Cb%25.log%0A");
    // Escaping is not applied twice: a literal %0A in the text stays visible as %0A.
    expect(escapeData("%0A")).toBe("%250A");
  });

  const note = (id: string, title: string): Signature =>
    ({
      id,
      kind: "cause",
      title,
      severity: "fatal",
      summary: "Summary: with, punctuation 100%",
      priority: 0,
      related: [],
      releases: [],
      verify: [],
      patterns: [],
      examples: { match: [], noMatch: [] },
      sections: { "How to fix": "Run:\n\n```sh\nfix --now\n```" },
      appliesTo: [],
      file: `notes/${id}.md`,
    }) as Signature;

  const report = (findings: Finding[]): Report => ({
    schema: "cudafix.report/1",
    rootCause: findings[0] ? { id: findings[0].id, line: findings[0].line, why: "first" } : null,
    findings,
    symptoms: [],
    unrecognized: [],
    logFacts: {},
    verification: [],
    decision: {},
    stats: { lines: 100, bytes: 1000, encoding: "utf-8", legacyDecodedLines: 0, truncatedLines: 0, binary: false },
  });

  it("escapes the file, the title and the message of a real command", () => {
    const notes = new Map([["x-cause", note("x-cause", "Title: a, b 50%")]]);
    const out = renderGithub(
      [{ source: "logs/build:1,2%.log", report: report([{ id: "x-cause", severity: "fatal", line: 7, text: "error: 100% bad,\rprogress\nsplit", facts: {} }]) }],
      notes,
    );
    const cmd = out.split("\n")[0]!;
    expect(cmd.startsWith("::error file=logs/build%3A1%2C2%25.log,line=7,title=cudafix root cause%3A Title%3A a%2C b 50%25 [x-cause]::")).toBe(true);
    const message = cmd.slice(cmd.indexOf("::", 2) + 2);
    expect(message).not.toMatch(/[\r\n]/);
    expect(message).toContain("Summary: with, punctuation 100%25");
    expect(message).toContain("%0AHow to fix:%0A");
    // The progress-bar part before \r is dropped from the shown line; what is left is escaped.
    expect(message.startsWith("line 7: progress")).toBe(true);
  });

  it("caps each level at 10 annotations and says how many were cut", () => {
    const notes = new Map([["x-cause", note("x-cause", "X")]]);
    const findings = Array.from({ length: 15 }, (_, i): Finding => ({ id: "x-cause", severity: "fatal", line: i + 1, text: `error ${i}`, facts: {} }));
    const out = renderGithub([{ source: "b.log", report: report(findings) }], notes);
    expect(out.split("\n").filter((l) => l.startsWith("::error "))).toHaveLength(10);
    expect(out).toMatch(/^cudafix: 5 errors not annotated: GitHub shows at most 10 annotations of each level per step/m);
  });

  it("cuts a message that is too long, visibly", () => {
    const notes = new Map([["x-cause", note("x-cause", "X")]]);
    const out = renderGithub([{ source: "b.log", report: report([{ id: "x-cause", severity: "fatal", line: 1, text: "e".repeat(10_000), facts: {} }]) }], notes);
    const message = out.split("\n")[0]!.split("::")[2]!;
    expect(message.length).toBeLessThanOrEqual(4000);
    expect(message.endsWith("…")).toBe(true);
  });
});
