// --format sarif: valid SARIF 2.1.0 (the official schema, as @microsoft/jest-sarif ships it), one rule per
// cause note, one result per fatal finding located in the log.
import { beforeAll, describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import type * as Sarif from "sarif";
import { pathToUri } from "../src/core/render/sarif.js";
import { corpus, cudafix, formats, requireBuild, root } from "./format-helpers.js";

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8")) as object;
// The official schema's `language` pattern has a stray `]` that is an error under the `u` flag; ajv
// compiles patterns without it here, as JSON Schema's ECMA-262 regexes were meant.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

function sarifOf(args: string[]): { code: number | null; log: Sarif.Log } {
  const r = cudafix(["--no-verify", "--format", "sarif", ...args]);
  return { code: r.code, log: JSON.parse(r.out) as Sarif.Log };
}

beforeAll(requireBuild);

describe("--format sarif", () => {
  it("gcc-too-new.log, as a reviewer reads it", async () => {
    const r = cudafix(["--no-verify", "--format", "sarif", "--docs-url", "https://example.org/cudafix/", `${corpus}/gcc-too-new.log`]);
    expect(r.code).toBe(1);
    await expect(r.out).toMatchFileSnapshot(join(formats, "gcc-too-new.sarif.json"));
  });

  const logs = readdirSync(join(root, corpus)).filter((f) => f.endsWith(".log"));
  it.each(logs)("%s is valid against the SARIF 2.1.0 schema", (name) => {
    const { log } = sarifOf([`${corpus}/${name}`]);
    const ok = validate(log);
    expect(ok ? [] : validate.errors).toEqual([]);
  });

  it("the schema check is not vacuous: a broken log fails it", () => {
    const { log } = sarifOf([`${corpus}/missing-glm.log`]);
    const broken = structuredClone(log) as unknown as { runs: { results: { locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    broken.runs[0]!.results[0]!.locations[0]!.physicalLocation.region.startLine = 0;
    expect(validate(broken)).toBe(false);
    expect(validate({ version: "2.1.0" })).toBe(false);
    // Formats are checked too: a rule's helpUri must be absolute (hence the .invalid placeholder default).
    const relative = structuredClone(log);
    relative.runs[0]!.tool.driver.rules![0]!.helpUri = "notes/x.html";
    expect(validate(relative)).toBe(false);
  });

  it("has one rule per cause note, with its title, summary and docs page", () => {
    const { log } = sarifOf(["--docs-url", "https://docs.example.org/cudafix", `${corpus}/missing-glm.log`]);
    const rules = log.runs[0]!.tool.driver.rules!;
    const kb = JSON.parse(readFileSync(join(root, "dist", "kb.json"), "utf8")) as { notes: { id: string; kind: string; title: string }[] };
    const causes = kb.notes.filter((n) => n.kind === "cause");
    expect(rules.map((r) => r.id).sort()).toEqual(causes.map((n) => n.id).sort());
    const rule = rules.find((r) => r.id === "missing-header")!;
    expect(rule.shortDescription?.text).toBe(causes.find((n) => n.id === "missing-header")!.title);
    expect(rule.fullDescription?.text.length).toBeGreaterThan(20);
    expect(rule.helpUri).toBe("https://docs.example.org/cudafix/notes/missing-header.html");
    expect(rule.defaultConfiguration?.level).toBe("error");
  });

  it("has one error result per fatal finding, at the log's line", () => {
    const { log } = sarifOf([`${corpus}/gcc-too-new.log`]);
    const run = log.runs[0]!;
    expect(run.results!.map((r) => [r.ruleId, r.level, r.locations![0]!.physicalLocation!.region!.startLine])).toEqual([
      ["host-compiler-unsupported", "error", 14],
      ["host-compiler-unsupported", "error", 15],
    ]);
    const loc = run.results![0]!.locations![0]!.physicalLocation!;
    expect(loc.artifactLocation!.uri).toBe("test/fixtures/lab-h200/gcc-too-new.log");
    expect(run.tool.driver.rules![run.results![0]!.ruleIndex!]!.id).toBe("host-compiler-unsupported");
    expect(run.results![0]!.properties!.rootCause).toBe(true);
    expect(run.results![1]!.properties!.rootCause).toBe(false);
  });

  it("has no result on a log without a fatal line, and still names the log", () => {
    const { code, log } = sarifOf([`${corpus}/ok.log`]);
    expect(code).toBe(0);
    expect(log.runs[0]!.results).toEqual([]);
    expect(log.runs[0]!.artifacts![0]!.location!.uri).toBe("test/fixtures/lab-h200/ok.log");
  });

  it("puts several logs in one run, each result pointing at its own artifact", () => {
    const { log } = sarifOf([`${corpus}/gcc-too-new.log`, `${corpus}/missing-glm.log`]);
    expect(validate(log)).toBe(true);
    const run = log.runs[0]!;
    expect(run.artifacts!.map((a) => a.location!.uri)).toEqual(["test/fixtures/lab-h200/gcc-too-new.log", "test/fixtures/lab-h200/missing-glm.log"]);
    expect(run.results!.map((r) => r.locations![0]!.physicalLocation!.artifactLocation!.index)).toEqual([0, 0, 1]);
  });

  it("turns paths into URIs", () => {
    expect(pathToUri("build logs/a#1.log")).toBe("build%20logs/a%231.log");
    expect(pathToUri("/tmp/b.log")).toBe("file:///tmp/b.log");
    expect(pathToUri("C:\\Users\\x\\b.log")).toBe("file:///C:/Users/x/b.log");
    expect(pathToUri("-")).toBe("stdin");
  });
});
