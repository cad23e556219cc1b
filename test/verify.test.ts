import { describe, expect, it } from "vitest";
import { compileContent } from "../src/kb/compile.js";
import { Engine } from "../src/core/analyze.js";
import { checkLive } from "../src/core/verify.js";
import type { LiveFacts } from "../src/core/types.js";

const { kb } = compileContent(new URL("../content/", import.meta.url).pathname);
const engine = new Engine(kb);
const ok = (name: string) => ({ name, command: name, status: "ok" as const, detail: "", ms: 0 });
const H200: Record<string, string> = {
  platform: "linux", shell: "sh", torch: "2.11.0+cu130", torchError: "", torchCuda: "13.0", nvcc: "13.0", cudaHomeNvcc: "13.0", nvccArchs: "75;80;86;87;88;89;90;100;110;103;120;121",
  nvccTargets: "75;80;86;87;88;89;90;100;110;103;120;121",
  gpuCaps: "9.0", gpuArch: "90", gpuCount: "1", archListEnv: "", toolkits: "13.0=/usr/local/cuda-13.0", torchExtension: "true", pyproject: "false",
};
const live = (facts: Record<string, string>, probes = ["nvcc", "python", "nvidia-smi", "env", "toolkits", "project", "nvcc-archs"].map(ok)): LiveFacts => ({ facts, probes });
const MISMATCH = "RuntimeError: ('The detected CUDA version (%s) mismatches the version that was used to compilePyTorch (%s). Please make sure to use the same CUDA versions.', '12.4', '13.0')\n";

describe("verification of a finding against this machine", () => {
  it("confirmed: the major mismatch still holds, fix names the installed toolkit of torch's major", () => {
    const r = engine.analyze(MISMATCH);
    const { verification, decision } = checkLive(r, kb, live({ ...H200, nvcc: "12.4", cudaHomeNvcc: "12.4", toolkits: "12.4=/usr/local/cuda-12.4;13.0=/usr/local/cuda-13.0" }));
    expect(verification[0]).toMatchObject({ id: "cuda-major-mismatch", verdict: "confirmed", tree: "cuda-version" });
    expect(verification[0]!.evidence).toEqual(expect.arrayContaining([expect.objectContaining({ fact: "cudaHomeNvcc", log: "12.4", live: "12.4", same: true })]));
    expect(decision.commands[0]!.text).toContain("export CUDA_HOME=/usr/local/cuda-13.0");
  });
  it("contradicted: the log's torch had CUDA 13.0 but the installed torch has 12.4, like nvcc → pip used another torch", () => {
    const r = engine.analyze(MISMATCH);
    const { verification } = checkLive(r, kb, live({ ...H200, nvcc: "12.4", cudaHomeNvcc: "12.4", torch: "2.6.0+cu124", torchCuda: "12.4" }));
    expect(verification[0]).toMatchObject({ verdict: "contradicted", pointsTo: "build-isolation-torch" });
    expect(verification[0]!.evidence).toEqual(expect.arrayContaining([expect.objectContaining({ fact: "torchCuda", log: "13.0", live: "12.4", same: false })]));
  });
  it("no longer true: the toolkit was switched since", () => {
    const { verification } = checkLive(engine.analyze(MISMATCH), kb, live(H200));
    expect(verification[0]).toMatchObject({ verdict: "no longer true" });
  });
  it("unverifiable: names the missing tool", () => {
    const facts = { ...H200 };
    delete (facts as Record<string, string>).torch;
    delete (facts as Record<string, string>).torchCuda;
    const probes = [ok("nvcc"), { name: "python", command: "python3 -c <script>", status: "absent" as const, detail: "python3: not on PATH", ms: 1 }];
    const { verification } = checkLive(engine.analyze(MISMATCH), kb, live(facts, probes));
    expect(verification[0]).toMatchObject({ verdict: "unverifiable" });
    expect(verification[0]!.evidence.find((e) => e.fact === "torchCuda")).toMatchObject({ live: null, probe: "python", probeStatus: "absent: python3: not on PATH" });
  });
});

describe("standing problems the log does not show", () => {
  it("a wheel built for sm_80 only, on a 9.0 GPU", () => {
    const log = "$ TORCH_CUDA_ARCH_LIST=8.0 python setup.py bdist_wheel\n/usr/local/cuda/bin/nvcc -c k.cu -o k.o -gencode=arch=compute_80,code=sm_80 -std=c++17\n";
    const r = engine.analyze(log);
    expect(r.logFacts).toMatchObject({ builtArch: "80", archList: "8.0" });
    const { verification, decision } = checkLive(r, kb, live(H200));
    expect(verification).toEqual(expect.arrayContaining([expect.objectContaining({ kind: "standing", id: "no-kernel-image", verdict: "confirmed", tree: "built-arch" })]));
    expect(decision.commands.map((c) => c.text).join("\n")).toContain('export TORCH_CUDA_ARCH_LIST="9.0"');
  });
  it("TORCH_CUDA_ARCH_LIST holds an entry this torch rejects (torch's own verdict)", () => {
    const { verification } = checkLive(null, kb, live({ ...H200, archListEnv: "9.0;10.0;10.1", archAccepted: "9.0;10.0", archRejected: "10.1" }));
    const v = verification.find((x) => x.id === "unknown-cuda-arch")!;
    expect(v).toMatchObject({ kind: "standing", verdict: "confirmed" });
    expect(v.evidence).toEqual(expect.arrayContaining([expect.objectContaining({ fact: "archRejected", live: "10.1" })]));
  });
  it("mixed GPUs: the fix names each kind once, PTX on top", () => {
    const { decision } = checkLive(null, kb, live({ ...H200, archListEnv: "9.0", archAccepted: "9.0", archRejected: "", archListArch: "90", gpuCaps: "8.9;8.6;8.6", gpuArch: "89;86;86" }));
    expect(decision.commands.map((c) => c.text).join("\n")).toContain('export TORCH_CUDA_ARCH_LIST="8.6;8.9;9.0"');
  });
  it("on Windows the commands are PowerShell's (or cmd's)", () => {
    const win = { ...H200, platform: "win32", shell: "powershell", archListEnv: "13.5", archRejected: "13.5", archAccepted: "", vsPrompt: "false" };
    const { decision } = checkLive(null, kb, live(win));
    expect(decision.shell).toBe("powershell");
    expect(decision.commands.map((c) => c.text).join("\n")).toContain('$env:TORCH_CUDA_ARCH_LIST = "9.0"');
    expect(decision.commands.map((c) => c.text).join("\n")).toContain("Launch-VsDevShell.ps1");
    const cmd = checkLive(null, kb, live({ ...win, shell: "cmd" })).decision;
    expect(cmd.commands.map((c) => c.text).join("\n")).toContain(`set "TORCH_CUDA_ARCH_LIST=9.0`);
  });
});
