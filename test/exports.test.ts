// The core's public entry (src/core/index.ts, the package's "exports"): its names are pinned, so that adding
// or removing one is a decision seen in review, not an accident of a refactoring.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as core from "../src/core/index.js";

const root = join(import.meta.dirname, "..");

describe("the core's public exports", () => {
  it("are exactly these values", () => {
    expect(Object.keys(core).sort()).toEqual(["Diagnosis", "Engine", "FORMATS", "NoteSearch", "RENDERERS", "REPORT_SCHEMA", "diagnose", "diagnosis", "isDecision", "logArchVariants", "rendererFor", "withLive"]);
  });

  it("are exactly these types", () => {
    const src = readFileSync(join(root, "src", "core", "index.ts"), "utf8");
    const types = [...src.matchAll(/export type \{([^}]*)\}/g)].flatMap((m) => m[1]!.split(",").map((s) => s.trim()).filter(Boolean)).sort();
    expect(types).toEqual([
      "ContextLine", "Decision", "DecisionWalk", "DiagnoseOptions", "Evidence", "Facts", "Finding", "KnowledgeBase", "KnowledgeVersion", "LiveFacts",
      "LiveProbe", "LiveRequest", "LogInput", "LogStats", "NoDecision", "ProbeStatus", "RenderOptions", "RenderedLog", "Renderer", "Report",
      "RootCause", "Severity", "Signature", "Symptom", "TextStyle", "Unrecognized", "Verdict", "VerificationEntry", "WalkedNode",
    ]);
  });

  it("are the package's entry point", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { exports: Record<string, string> };
    expect(pkg.exports["."]).toBe("./dist/core/index.js");
  });

  it("list every output format of the table", () => {
    expect(core.FORMATS).toEqual(["text", "json", "github", "sarif", "markdown"]);
    for (const id of core.FORMATS) expect(core.rendererFor(id)?.id).toBe(id);
  });
});
