// core's one pipeline: diagnose(input, engine, { live }) → Report, for every input shape and for no log at all;
// the live check is a dependency it calls once, with what the log asks about.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { Engine } from "../src/core/analyze.js";
import { diagnose, diagnosis, logArchVariants, type LiveRequest } from "../src/core/diagnose.js";
import { loadKb } from "../src/cli/kb-load.js";
import type { LiveFacts } from "../src/core/types.js";
import { emptyProject, h200Tools } from "./fake-tools.js";

const root = join(import.meta.dirname, "..");
const engine = new Engine(loadKb(join(root, "dist", "kb.json")));
const log = readFileSync(join(root, "test", "fixtures", "lab-h200", "arch-dropped.log"));
const machine: LiveFacts = { facts: { nvcc: "13.0", torch: "2.11.0+cu130", torchCuda: "13.0", shell: "sh" }, probes: [{ name: "nvcc", command: "nvcc --version", status: "ok", detail: "release 13.0", ms: 1 }] };

describe("diagnose()", () => {
  it("gives the same report for a string, bytes, chunks and an async stream of chunks", async () => {
    const whole = await diagnose(log, engine);
    expect(whole.rootCause?.id).toBe("nvcc-unsupported-arch");
    expect(await diagnose(log.toString("utf8"), engine)).toEqual(whole);
    const chunks = [log.subarray(0, 100), log.subarray(100, 5000), log.subarray(5000)];
    expect(await diagnose(chunks, engine)).toEqual(whole);
    async function* stream() {
      for (const c of chunks) yield c;
    }
    expect(await diagnose(stream(), engine)).toEqual(whole);
    const d = diagnosis(engine);
    for (const c of chunks) d.push(c);
    expect(await d.end()).toEqual(whole);
  });

  it("is not checked against a machine without `live` (--no-verify): no verification, no decision, no environment", async () => {
    const r = await diagnose(log, engine);
    expect(r.verification).toEqual([]);
    expect(r.decision).toEqual({});
    expect(r.environment).toBeUndefined();
  });

  it("calls the live probe once, after the log, with the arch variants the log names", async () => {
    const asked: LiveRequest[] = [];
    const r = await diagnose("nvcc fatal   : Unsupported gpu architecture 'compute_90a'\n", engine, {
      live: async (req) => {
        asked.push(req);
        return machine;
      },
    });
    expect(asked).toEqual([{ archs: ["90a"] }]);
    expect(r.environment).toEqual(machine);
    expect(r.verification.length).toBeGreaterThan(0);
    expect(r.decision).toHaveProperty("walks");
  });

  it("takes live facts already known (the paste page's pasted outputs) as they are", async () => {
    const r = await diagnose(log, engine, { live: machine });
    expect(r.environment).toEqual(machine);
    expect(r.verification.some((v) => v.kind === "finding" && v.id === "nvcc-unsupported-arch")).toBe(true);
  });

  it("diagnoses no log (doctor): the log parts are empty and only the machine is checked", async () => {
    const r = await diagnose(null, engine, { live: machine });
    expect(r).toMatchObject({ schema: "cudafix.report/2", rootCause: null, findings: [], symptoms: [], unrecognized: [], logFacts: {} });
    expect(r.stats.lines).toBe(0);
    expect(r.verification.every((v) => v.kind === "standing")).toBe(true);
    expect(r.environment).toEqual(machine);
  });

  it("passes findings on as they are made (the CLI's live alerts in pipe mode)", async () => {
    const seen: string[] = [];
    await diagnose(log, engine, { onFinding: (f) => seen.push(f.id) });
    expect(seen).toContain("nvcc-unsupported-arch");
  });

  it("reads arch variants off the log's facts", () => {
    expect(logArchVariants({ findings: [], logFacts: { archList: "9.0a;10.0f+PTX;8.0", builtArch: "sm_100a" } })).toEqual(["100a", "100f", "90a"]);
  });
});

describe("cudafix doctor is a diagnosis of no log, in every format", () => {
  const bin = join(root, "bin", "cudafix.js");
  const doctor = (args: string[]) => spawnSync(process.execPath, [bin, "doctor", ...args], { env: { HOME: process.env.HOME ?? "/tmp", NO_COLOR: "1", PATH: h200Tools(), TORCH_CUDA_ARCH_LIST: "9.0;10.0;10.1" }, cwd: emptyProject(), encoding: "utf8", timeout: 30_000 });

  it("--json and --format json: the Report shape of a log, its log parts empty, input null", () => {
    const a = doctor(["--json"]);
    expect(a.status).toBe(1);
    const r = JSON.parse(a.stdout);
    expect(Object.keys(r)).toEqual(["schema", "cudafix", "knowledge", "input", "rootCause", "findings", "symptoms", "unrecognized", "logFacts", "verification", "decision", "stats", "environment"]);
    expect(r).toMatchObject({ schema: "cudafix.report/2", input: { name: null }, rootCause: null, findings: [] });
    expect(r.verification).toEqual(expect.arrayContaining([expect.objectContaining({ kind: "standing", id: "unknown-cuda-arch", verdict: "confirmed" })]));
    const b = doctor(["--format", "json"]);
    expect(Object.keys(JSON.parse(b.stdout))).toEqual(Object.keys(r));
  });

  it("--format markdown, github and sarif describe the machine's problems", () => {
    const md = doctor(["--format", "markdown"]);
    expect(md.stdout).toMatch(/^## This machine: 1 problem confirmed\n/);
    expect(md.stdout).toContain("`unknown-cuda-arch`");
    const gh = doctor(["--format", "github"]);
    expect(gh.stdout).toMatch(/^::error title=cudafix%3A this machine%3A .*\[unknown-cuda-arch\]::/m);
    const sarif = JSON.parse(doctor(["--format", "sarif"]).stdout);
    expect(sarif.runs[0].results).toEqual([]);
    expect(doctor(["--json", "--format", "text"]).status).toBe(2);
  });
});
