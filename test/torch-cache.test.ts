// The Python probe's cache, run for real with python3 and a stand-in torch package that takes a while to
// import: the second ask is answered without importing torch, and any change that matters asks torch again.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TORCH_SCRIPT } from "../src/probe/probes.js";
import { parseTorchReport } from "../src/probe/parse.js";

const hasPython = spawnSync("python3", ["-c", "import importlib.util, hashlib"]).status === 0;

function fakeTorch(): string {
  const root = mkdtempSync(join(tmpdir(), "cudafix-faketorch-"));
  const t = join(root, "torch");
  mkdirSync(join(t, "utils"), { recursive: true });
  mkdirSync(join(t, "lib"));
  writeFileSync(join(t, "__init__.py"), `import time, types
time.sleep(0.8)
open(__file__ + ".imported", "a").write("x")
__version__ = "2.11.0+cu130"
version = types.SimpleNamespace(cuda="13.0")
class _C: _GLIBCXX_USE_CXX11_ABI = True
class cuda:
    is_available = staticmethod(lambda: True)
    get_arch_list = staticmethod(lambda: ["sm_80", "sm_90"])
    device_count = staticmethod(lambda: 1)
    get_device_name = staticmethod(lambda i: "NVIDIA H200")
    get_device_capability = staticmethod(lambda i: (9, 0))
`);
  writeFileSync(join(t, "version.py"), "cuda = '13.0'\n");
  writeFileSync(join(t, "utils", "__init__.py"), "");
  writeFileSync(join(t, "utils", "cpp_extension.py"), `import os
CUDA_HOME = "/usr/local/cuda"
def _get_cuda_arch_flags():
    out = []
    for e in os.environ["TORCH_CUDA_ARCH_LIST"].split(";"):
        if e not in ("9.0", "9.0a", "10.0"):
            raise ValueError("Unknown CUDA arch (%s) or GPU not supported" % e)
        n = e.replace(".", "")
        out.append("-gencode=arch=compute_%s,code=sm_%s" % (n, n))
    return sorted(set(out))
`);
  return root;
}

function ask(root: string, cache: string, env: Record<string, string> = {}) {
  const started = Date.now();
  const r = spawnSync("python3", ["-c", TORCH_SCRIPT, cache], { env: { PATH: process.env.PATH ?? "", PYTHONPATH: root, PYTHONDONTWRITEBYTECODE: "1", ...env }, encoding: "utf8" });
  return { ms: Date.now() - started, report: parseTorchReport(r.stdout).report!, stderr: r.stderr };
}

describe.skipIf(!hasPython)("the torch probe's cache", () => {
  it("answers the second time without importing torch, with the same facts, and says so", () => {
    const root = fakeTorch();
    const cache = join(root, "cache", "torch-probe.json");
    const first = ask(root, cache, { TORCH_CUDA_ARCH_LIST: "9.0;10.1" });
    expect(first.report).toMatchObject({ torch: "2.11.0+cu130", cudaHome: "/usr/local/cuda" });
    expect(first.report.cached).toBeUndefined();
    const second = ask(root, cache, { TORCH_CUDA_ARCH_LIST: "9.0;10.1" });
    expect(second.report.cached).toEqual(expect.any(Number));
    const { cached: _, ...same } = second.report;
    expect(same).toEqual(first.report);
    expect(second.ms).toBeLessThan(first.ms);
    // A list whose entries torch has judged before (in any combination) is answered from the cache too.
    expect(ask(root, cache, { TORCH_CUDA_ARCH_LIST: "10.1" }).report).toMatchObject({ cached: expect.any(Number), archFlagsError: expect.stringContaining("10.1") });
  });
  it("asks torch again for a new arch entry, another CUDA_HOME, or a reinstalled torch", () => {
    const root = fakeTorch();
    const cache = join(root, "cache", "torch-probe.json");
    ask(root, cache, { TORCH_CUDA_ARCH_LIST: "9.0" });
    expect(ask(root, cache, { TORCH_CUDA_ARCH_LIST: "9.0a" }).report.cached).toBeUndefined();
    expect(ask(root, cache, { TORCH_CUDA_ARCH_LIST: "9.0", CUDA_HOME: "/opt/cuda-12.6" }).report.cached).toBeUndefined();
    utimesSync(join(root, "torch", "version.py"), new Date(), new Date(Date.now() + 5000));
    expect(ask(root, cache, { TORCH_CUDA_ARCH_LIST: "9.0" }).report.cached).toBeUndefined();
    expect(ask(root, cache, { TORCH_CUDA_ARCH_LIST: "9.0" }).report.cached).toEqual(expect.any(Number));
  });
  it("no cache path: torch is asked every time", () => {
    const root = fakeTorch();
    ask(root, "");
    expect(ask(root, "").report.cached).toBeUndefined();
  });
});
