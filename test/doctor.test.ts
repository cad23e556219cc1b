// End to end: the built CLI (npm run build) with fake tools on PATH that print the H200 machine's recorded
// outputs, one that hangs, one that prints garbage; and the real toolchain of this machine.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { emptyProject, fakeToolDir, h200Tools } from "./fake-tools.js";

const BIN = new URL("../bin/cudafix.js", import.meta.url).pathname;
const CORPUS = new URL("./fixtures/lab-h200/", import.meta.url).pathname;

function cli(args: string[], env: Record<string, string>, cwd = emptyProject()) {
  const started = Date.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { HOME: process.env.HOME ?? "/tmp", NO_COLOR: "1", ...env }, cwd, encoding: "utf8", timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
}
const json = (s: string) => JSON.parse(s) as { environment: { facts: Record<string, string>; probes: { name: string; status: string; detail: string }[] }; verification: { id: string; kind: string; verdict: string; pointsTo?: string }[]; decision: { walks: { tree: string; path: string[]; problem?: string }[]; commands: { text: string }[] } };

describe("cudafix doctor with the H200 machine's tools (recorded outputs)", () => {
  it("reports the GPU, torch, nvcc and torch's own verdict on TORCH_CUDA_ARCH_LIST", () => {
    const r = cli(["doctor", "--json"], { PATH: h200Tools(), TORCH_CUDA_ARCH_LIST: "9.0;10.0;10.1" });
    const d = json(r.stdout);
    expect(d.environment.facts).toMatchObject({ gpuCaps: "9.0", gpuNames: "NVIDIA H200", torch: "2.11.0+cu130", torchCuda: "13.0", nvcc: "13.0", archAccepted: "9.0;10.0", archRejected: "10.1", driver: "580.159.04" });
    expect(d.verification).toEqual(expect.arrayContaining([expect.objectContaining({ kind: "standing", id: "unknown-cuda-arch", verdict: "confirmed" })]));
    expect(d.decision.commands.map((c) => c.text).join("\n")).toContain('export TORCH_CUDA_ARCH_LIST="9.0;10.0"');
    expect(r.code).toBe(1);
  });

  it("answers within 3 s when a probe hangs, says which, and leaves none of its processes behind", async () => {
    const tools = h200Tools({ "nvidia-smi": "hang" });
    const r = cli(["doctor", "--json"], { PATH: tools });
    expect(r.ms).toBeLessThan(3000);
    // The hung tool and the child it forked were killed as a group (a zombie not yet reaped counts as gone).
    const pids = readFileSync(join(tools, "nvidia-smi.pids"), "utf8").trim().split("\n").map(Number);
    expect(pids).toHaveLength(2); // the tool and its child (a timeout ends the probe: no second attempt)
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
      } catch {
        return false;
      }
      try {
        return !/^\d+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
      } catch {
        return true;
      }
    };
    for (let i = 0; i < 50 && pids.some(alive); i++) await new Promise((res) => setTimeout(res, 20));
    expect(pids.filter(alive)).toEqual([]);
    const d = json(r.stdout);
    expect(d.environment.probes.find((p) => p.name === "nvidia-smi")).toMatchObject({ status: "timed out", detail: "timed out after 2 s" });
    // torch's view of the GPU stands in for nvidia-smi's
    expect(d.environment.facts).toMatchObject({ gpuCaps: "9.0", gpuSource: "torch (no nvidia-smi)" });
  });

  it("garbage, a flood, a crash and a missing tool become facts, not crashes", () => {
    const r = cli(["doctor", "--json"], { PATH: h200Tools({ nvcc: "garbage", ninja: "flood", gcc: "segv", "nvidia-smi": { stdout: 'Field "compute_cap" is not a valid field to query.\n', code: 2 } }) });
    const d = json(r.stdout);
    const probe = (n: string) => d.environment.probes.find((p) => p.name === n);
    expect(probe("nvcc")).toMatchObject({ status: "unreadable" });
    expect(probe("ninja")).toMatchObject({ status: "unreadable", detail: expect.stringMatching(/KiB of output/) });
    expect(probe("gcc")).toMatchObject({ status: "failed", detail: "killed by SIGSEGV" });
    expect(probe("g++")).toMatchObject({ status: "ok" });
    expect(d.environment.facts.gpuCaps).toBe("9.0");
    const none = cli(["doctor", "--json"], { PATH: fakeToolDir({}) });
    expect(json(none.stdout).environment.probes.find((p) => p.name === "nvcc")).toMatchObject({ status: "absent", detail: "nvcc: not on PATH" });
  });

  it("log mode: arch-80-only.log gets the standing no-kernel-image problem and a fix with real values", () => {
    const r = cli(["--json", `${CORPUS}arch-80-only.log`], { PATH: h200Tools() });
    const d = json(r.stdout);
    expect(d.verification).toEqual(expect.arrayContaining([expect.objectContaining({ kind: "standing", id: "no-kernel-image" })]));
    expect(d.decision.walks.find((w) => w.tree === "built-arch")!.problem).toBe("no-kernel-image");
    expect(d.decision.commands.map((c) => c.text).join("\n")).toContain('export TORCH_CUDA_ARCH_LIST="9.0"');
    const text = cli([`${CORPUS}arch-80-only.log`], { PATH: h200Tools() }).stdout;
    expect(text).toContain("Problems on this machine the log does not show");
    expect(text).toMatch(/the log built for sm 80; this machine's GPU is 9\.0 \(sm 90\)/);
  });

  it("log mode: a major mismatch contradicted by the installed torch points to build isolation", () => {
    const dir = h200Tools({ nvcc: { stdout: "Cuda compilation tools, release 13.0, V13.0.88\n" } });
    const log = `${emptyProject()}/mismatch.log`;
    spawnSync("/bin/sh", ["-c", `printf '%s\\n' "RuntimeError: The detected CUDA version (13.0) mismatches the version that was used to compile PyTorch (12.8). Please make sure to use the same CUDA versions." > '${log}'`]);
    const d = json(cli(["--json", log], { PATH: dir }).stdout);
    expect(d.verification[0]).toMatchObject({ id: "cuda-major-mismatch", verdict: "contradicted", pointsTo: "build-isolation-torch" });
  });

  it("the Map4D case: torch <= 2.7's two-line mismatch, while nvcc and torch agree here → build isolation", () => {
    // The user's nvcc and torch are both 13.0 (the recorded H200), yet the build saw torch 12.4: pip built
    // against another torch. The torch version is on the line after the one the note matches.
    const dir = h200Tools({ nvcc: { stdout: "Cuda compilation tools, release 13.0, V13.0.88\n" } });
    const log = `${emptyProject()}/map4d.log`;
    const lines = [
      "RuntimeError:",
      "The detected CUDA version (13.0) mismatches the version that was used to compile",
      "PyTorch (12.4). Please make sure to use the same CUDA versions.",
    ];
    spawnSync("/bin/sh", ["-c", `printf '%s\\n' ${lines.map((l) => `'${l}'`).join(" ")} > '${log}'`]);
    const d = json(cli(["--json", log], { PATH: dir }).stdout) as ReturnType<typeof json> & { findings: { facts: Record<string, string> }[] };
    expect(d.findings[0]!.facts).toEqual({ nvcc: "13.0", torchCuda: "12.4" });
    expect(d.verification[0]).toMatchObject({ id: "cuda-major-mismatch", verdict: "contradicted", pointsTo: "build-isolation-torch" });
  });

  it("--no-verify runs no probe; --copy without a clipboard says so in one line and still prints the commands", () => {
    const off = JSON.parse(cli(["--json", "--no-verify", `${CORPUS}arch-80-only.log`], { PATH: h200Tools() }).stdout);
    expect(off.verification).toEqual([]);
    const r = cli(["doctor", "--copy"], { PATH: h200Tools(), TORCH_CUDA_ARCH_LIST: "10.1" });
    expect(r.stdout).toContain('export TORCH_CUDA_ARCH_LIST="9.0');
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^cudafix: (no clipboard here \(.+\); the fix commands are printed above|copied to the clipboard: \d+ fix command block)/);
    // --no-verify --copy: the note's commands, which the report prints, not "no fix commands".
    const nv = cli(["--json", "--no-verify", "--copy", `${CORPUS}arch-unknown.log`], { PATH: h200Tools() });
    expect(nv.stderr).not.toMatch(/no fix commands/);
    expect(nv.stderr).toMatch(/TORCH_CUDA_ARCH_LIST|copied to the clipboard: \d+ fix command block/);
  });
});

describe("this machine's real toolchain (nvcc 13.0 on PATH, python3 without torch, no GPU)", () => {
  it("cudafix doctor --json reports exactly that", () => {
    const r = cli(["doctor", "--json"], { PATH: process.env.PATH ?? "" }, process.cwd());
    const d = json(r.stdout);
    const f = d.environment.facts;
    expect(f.nvcc).toBe("13.0");
    expect(f.torch).toBe(""); // measured: import torch failed
    expect(f.torchError).toMatch(/No module named 'torch'/);
    expect(f.gpuCount).toBe("0");
    expect(f.gpuCaps).toBe("");
    expect(d.environment.probes.find((p) => p.name === "nvidia-smi")!.status).toBe("absent");
    expect(f.toolkits).toMatch(/13\.0=/);
    expect(d.verification).toEqual(expect.arrayContaining([expect.objectContaining({ kind: "standing", id: "torch-not-installed" })]));
  });
});
