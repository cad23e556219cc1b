// Recorded on a real NVIDIA H200 (torch 2.11.0+cu130, nvcc 13.0) with scripts/gpu-evidence.sh; CI has no GPU,
// so these files are the evidence that the live probes read a real machine right.
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = join(import.meta.dirname, "fixtures", "gpu-h200");
const json = (name: string) => JSON.parse(readFileSync(join(dir, `${name}.out`), "utf8"));

describe("evidence from an H200", () => {
  it("doctor saw the GPU, torch, nvcc, and torch's own verdict on the arch list", () => {
    const facts = json("doctor-archlist").environment.facts;
    expect(facts).toMatchObject({ gpuCaps: "9.0", torch: "2.11.0+cu130", torchCuda: "13.0", nvcc: "13.0", archAccepted: "9.0;10.0", archRejected: "10.1" });
    expect(readFileSync(join(dir, "machine.txt"), "utf8")).toMatch(/NVIDIA H200, 9\.0/);
  });
  it("the sm_80-only wheel is flagged for this 9.0 GPU, with the fix filled in", () => {
    const r = json("arch-80-only");
    expect(r.rootCause).toBeNull();
    expect(r.verification).toContainEqual(expect.objectContaining({ kind: "standing", id: "no-kernel-image", verdict: "confirmed" }));
    expect(r.decision.commands[0].text).toContain('export TORCH_CUDA_ARCH_LIST="9.0+PTX"');
  });
  it("the unknown arch is confirmed against the live list (10.1 rejected by this torch)", () => {
    const r = json("arch-unknown");
    expect(r.rootCause).toMatchObject({ id: "unknown-cuda-arch", line: 67 });
    expect(r.verification[0]).toMatchObject({ id: "unknown-cuda-arch", verdict: "confirmed" });
  });
});

// The issue-14 run (scripts/gpu-evidence.sh on the H200, its tarball unpacked into test/fixtures/gpu-h200/):
// these assertions are what "How it is checked" asks of that machine. Until it is recorded there is nothing to read.
const run14 = join(dir, "gpu-evidence");
const has14 = existsSync(join(run14, "doctor-unset.rc"));
describe.skipIf(!has14)("issue 14 on the H200: doctor and the lab scenarios with live checks", () => {
  const rc = (name: string) => Number(readFileSync(join(run14, `${name}.rc`), "utf8").trim());
  const rep = (name: string) => JSON.parse(readFileSync(join(run14, `${name}.out`), "utf8"));
  const confirmedStanding = (r: { verification: { kind: string; verdict: string; id: string }[] }) =>
    r.verification.filter((v) => v.kind === "standing" && v.verdict === "confirmed").map((v) => v.id);
  const commands = (r: { decision: { commands: { text: string }[] } }) => r.decision.commands.map((c) => c.text).join("\n");
  it("doctor exits 0 with TORCH_CUDA_ARCH_LIST unset and with 9.0a, and flags 9.0;10.0;10.1 (10.1 only) and 8.0", () => {
    expect([rc("doctor-unset"), rc("doctor-90a")]).toEqual([0, 0]);
    expect(confirmedStanding(rep("doctor-unset-json"))).toEqual([]);
    expect(rep("doctor-90a-json").environment.facts.nvccVariants).toBe("90a");
    const a3 = rep("doctor-arch3-json");
    expect(confirmedStanding(a3)).toEqual(["unknown-cuda-arch"]);
    expect(a3.environment.facts.archRejected).toBe("10.1");
    expect(confirmedStanding(rep("doctor-arch80-json"))).toEqual(["no-kernel-image"]);
  });
  it("doctor answers in under 3 s once torch's answers are cached", () => {
    const t = readFileSync(join(run14, "timings.txt"), "utf8");
    expect(Number(/doctor-90a-again (\d+) ms/.exec(t)![1])).toBeLessThan(3000);
  });
  it("each lab scenario: the right root cause, a verdict and a filled fix", () => {
    const cases: [string, string, RegExp | null][] = [
      ["arch-unknown", "unknown-cuda-arch", /TORCH_CUDA_ARCH_LIST="9\.0;10\.0"/],
      ["arch-dropped", "nvcc-unsupported-arch", /TORCH_CUDA_ARCH_LIST="9\.0"/],
      ["nvcc-major", "cuda-major-mismatch", /export CUDA_HOME=\/usr\/local\/cuda-13\.0/],
      ["arch-80-only-run", "no-kernel-image", /TORCH_CUDA_ARCH_LIST="8\.0;9\.0"/],
      ["no-ninja-jit", "ninja-missing", /-m pip install ninja/],
      ["undefined-symbol", "abi-undefined-symbol", /--no-build-isolation/],
      ["cuda-home-bad", "cuda-home-missing", /export CUDA_HOME=\/usr\/local\/cuda-13\.0/],
      ["stale-trunc", "stale-build-artifacts", null],
      ["lcuda-hidden", "cannot-find-lcuda", null],
    ];
    for (const [name, id, fix] of cases) {
      const r = rep(name);
      expect(r.rootCause?.id, name).toBe(id);
      const v = r.verification.find((x: { id: string }) => x.id === id);
      expect(v?.verdict, name).toMatch(/confirmed|no longer true|contradicted|unverifiable/);
      if (fix) expect(commands(r), name).toMatch(fix);
      expect(JSON.stringify(r), name).not.toMatch(/\{\{|‹/);
    }
    for (const name of ["nvcc-minor", "arch-90a", "pip-nopyproject", "ok"]) {
      expect(rep(name).rootCause, name).toBeNull();
      expect(confirmedStanding(rep(name)), name).toEqual([]);
    }
  });
  it("run keeps the build's code and says it failed; a --python that does not exist is a usage error", () => {
    expect(rc("run-exit3")).toBe(3);
    expect(readFileSync(join(run14, "run-exit3.err"), "utf8")).toContain("the build exited 3; no note explains it");
    expect([rc("bad-python"), rc("bad-project")]).toEqual([2, 2]);
  });
});
