// Recorded on a real NVIDIA H200 (torch 2.11.0+cu130, nvcc 13.0) with scripts/gpu-evidence.sh; CI has no GPU,
// so these files are the evidence that the live probes read a real machine right.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
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
