import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  archesOfFlags, parseBuildRequires, parseClVersion, parseGnuVersion, parseLdconfig, parseNinjaVersion, parseNvccArchs,
  parseNvccVersion, parseNvidiaSmiQuery, parseTorchReport, torchRequirement,
} from "../src/probe/parse.js";
import { envFacts, findToolkits, projectFacts, pythonCandidates, type FsView } from "../src/probe/probes.js";
import { FIXTURES, recorded } from "./fake-tools.js";

const facts = (p: ReturnType<typeof parseNvccVersion>): Record<string, string> => (p.ok ? p.facts : { error: p.detail });

describe("parsers on the outputs recorded on the H200 machine (torch 2.11.0+cu130, nvcc 13.0)", () => {
  it("nvcc --version", () => {
    expect(facts(parseNvccVersion(recorded("nvcc-version.txt")))).toEqual({ nvcc: "13.0", nvccBuild: "13.0.88" });
  });
  it("nvcc --list-gpu-arch", () => {
    expect(facts(parseNvccArchs(recorded("nvcc-list-gpu-arch.txt"))).nvccArchs).toBe("75;80;86;87;88;89;90;100;110;103;120;121");
  });
  it("nvidia-smi --query-gpu with compute_cap", () => {
    expect(facts(parseNvidiaSmiQuery(recorded("nvidia-smi-query.txt")))).toMatchObject({
      gpuCount: "1", gpuNames: "NVIDIA H200", gpuCaps: "9.0", gpuArch: "90", driver: "580.159.04", gpuSource: "nvidia-smi",
    });
  });
  it("gcc, g++ and ninja", () => {
    expect(facts(parseGnuVersion(recorded("gcc-version.txt"), "gcc"))).toEqual({ gcc: "13.3.0" });
    expect(facts(parseGnuVersion(recorded("gxx-version.txt"), "gxx"))).toEqual({ gxx: "13.3.0" });
    expect(facts(parseNinjaVersion(recorded("ninja-version.txt")))).toEqual({ ninja: "1.13.2" });
  });
  it("ldconfig -p: the libcuda.so paths the loader knows", () => {
    expect(facts(parseLdconfig(recorded("ldconfig-libcuda.txt"))).libcuda).toBe(
      "/usr/local/nvidia/lib64/libcuda.so.1;/lib/libcuda.so.1;/usr/local/nvidia/lib64/libcuda.so;/lib/libcuda.so",
    );
  });
  it("the Python probe's JSON (values from torch-info.txt)", () => {
    const json = readFileSync(join(FIXTURES, "torch-probe-h200.json"), "utf8");
    const { parsed } = parseTorchReport(`some warning on stdout\n${json}`);
    expect(parsed.ok && parsed.facts).toMatchObject({ torch: "2.11.0+cu130", torchCuda: "13.0", cudaAvailable: "true", torchArchList: "75;80;86;90;100;120", torchCudaHome: "/usr/local/cuda", cxx11Abi: "true" });
  });
});

describe("parsers on older and other formats", () => {
  it.each([
    ["nvcc-11.2.txt", "11.2", "11.2.152"],
    ["nvcc-11.8.txt", "11.8", "11.8.89"],
    ["nvcc-12.4.txt", "12.4", "12.4.131"],
  ])("nvcc banner %s", (file, nvcc, build) => {
    expect(facts(parseNvccVersion(readFileSync(join(FIXTURES, "old", file), "utf8")))).toEqual({ nvcc, nvccBuild: build });
  });
  it("an nvidia-smi without compute_cap asks to retry without it, and the old CSV reads without capabilities", () => {
    const p = parseNvidiaSmiQuery(readFileSync(join(FIXTURES, "old", "nvidia-smi-no-compute-cap.txt"), "utf8"));
    expect(p).toMatchObject({ ok: false, retry: true });
    expect(facts(parseNvidiaSmiQuery(readFileSync(join(FIXTURES, "old", "nvidia-smi-query-old.txt"), "utf8"), false))).toMatchObject({
      gpuCount: "2", gpuNames: "NVIDIA GeForce RTX 3090;NVIDIA GeForce RTX 4090", gpuCaps: "", driver: "470.182.03",
    });
  });
  it("nvidia-smi with no device or no driver", () => {
    expect(facts(parseNvidiaSmiQuery("No devices were found\n"))).toMatchObject({ gpuCount: "0" });
    expect(facts(parseNvidiaSmiQuery("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n"))).toMatchObject({ gpuCount: "0" });
  });
  it("garbage is unreadable, never a crash", () => {
    for (const junk of ["", "\u0000\u0001\u00ff", "Segmentation fault", "release 13.0"]) {
      expect(parseNvccVersion(junk).ok).toBe(false);
      expect(parseNvidiaSmiQuery(junk || "x").ok).toBe(false);
      expect(parseTorchReport(junk).parsed.ok).toBe(false);
      expect(parseNinjaVersion(junk).ok).toBe(false);
    }
    expect(parseTorchReport("[1,2]").parsed.ok).toBe(false);
  });
  it("cl's banner (Windows)", () => {
    expect(facts(parseClVersion("Microsoft (R) C/C++ Optimizing Compiler Version 19.39.33523 for x64\nCopyright (C) Microsoft Corporation.  All rights reserved.\n\nusage: cl [ option... ] filename... [ /link linkoption... ]\n"))).toEqual({ cl: "19.39.33523" });
  });
  it("arch flags → sm numbers, PTX marked", () => {
    expect(archesOfFlags(["-gencode=arch=compute_90,code=sm_90", "-gencode=arch=compute_100,code=compute_100"])).toEqual(["90", "100+PTX"]);
  });
  it("build-system.requires and its torch pin", () => {
    const toml = `[project]\nname = "x"\nrequires-python = ">=3.9"\n\n[build-system]\nrequires = [\n  "setuptools>=64", # build\n  'torch>=2.0',\n  "ninja",\n]\nbuild-backend = "setuptools.build_meta"\n\n[tool.x]\nrequires = ["nope"]\n`;
    const reqs = parseBuildRequires(toml)!;
    expect(reqs).toEqual(["setuptools>=64", "torch>=2.0", "ninja"]);
    expect(torchRequirement(reqs)).toBe("torch>=2.0");
    expect(torchRequirement(["torchvision", "setuptools"])).toBe("");
    expect(parseBuildRequires("[project]\nname='x'\n")).toBeNull();
  });
});

function fakeFs(files: Record<string, string>, dirs: string[], mtimes: Record<string, number> = {}): FsView {
  const all = [...Object.keys(files), ...dirs];
  return {
    list: (d) => [...new Set(all.filter((p) => p.startsWith(`${d}/`) || p.startsWith(`${d}\\`)).map((p) => p.slice(d.length + 1).split(/[\\/]/)[0]!))],
    isFile: (p) => p in files,
    isDir: (p) => dirs.includes(p),
    read: (p) => files[p] ?? null,
    mtime: (p) => mtimes[p] ?? null,
  };
}

describe("probes of the environment and the disk", () => {
  it("installed toolkits on Linux, conda and CUDA_PATH_V*", () => {
    const fs = fakeFs({ "/env/conda-meta/cuda-nvcc-12.4.131-0.json": "" }, ["/usr/local/cuda-12.6", "/usr/local/cuda-13.0", "/usr/local/cuda"]);
    expect(findToolkits({ CONDA_PREFIX: "/env" }, "linux", fs)).toBe("12.4=/env;12.6=/usr/local/cuda-12.6;13.0=/usr/local/cuda-13.0");
  });
  it("installed toolkits on Windows (Program Files and CUDA_PATH_V*)", () => {
    const root = "C:\\Program Files\\NVIDIA GPU Computing Toolkit\\CUDA";
    const fs = fakeFs({}, [`${root}\\v11.8`, `${root}\\v12.6`]);
    const env = { ProgramFiles: "C:\\Program Files", CUDA_PATH_V12_6: `${root}\\v12.6`, CUDA_PATH_V12_8: "D:\\cuda\\v12.8\\" };
    expect(findToolkits(env, "win32", fs)).toBe(`11.8=${root}\\v11.8;12.6=${root}\\v12.6;12.8=D:\\cuda\\v12.8`);
  });
  it("env: PATH entries holding nvcc, VS prompt, the shell (cmd vs PowerShell)", () => {
    const fs = fakeFs({ "C:\\CUDA\\v12.6\\bin\\nvcc.exe": "" }, []);
    const win = envFacts({ Path: "C:\\Windows;C:\\CUDA\\v12.6\\bin", VSCMD_ARG_TGT_ARCH: "x64", DISTUTILS_USE_SDK: "1" }, "win32", fs);
    expect(win).toMatchObject({ pathNvcc: "C:\\CUDA\\v12.6\\bin", vsPrompt: "true", vsArch: "x64", distutilsUseSdk: "1", shell: "powershell", archListEnv: "" });
    expect(envFacts({ PROMPT: "$P$G" }, "win32", fs).shell).toBe("cmd");
    expect(envFacts({ PATH: "/usr/bin", TORCH_CUDA_ARCH_LIST: "8.6;9.0" }, "linux", fs)).toMatchObject({ shell: "sh", vsPrompt: "false", archListEnv: "8.6;9.0" });
  });
  it("the building Python: --python, venv, conda, then python3/python", () => {
    expect(pythonCandidates({ env: {}, platform: "linux", python: "/x/python" })).toEqual(["/x/python"]);
    expect(pythonCandidates({ env: { VIRTUAL_ENV: "/v" }, platform: "linux" })).toEqual(["/v/bin/python", "python3", "python"]);
    expect(pythonCandidates({ env: { CONDA_PREFIX: "C:\\conda\\envs\\x" }, platform: "win32" })).toEqual(["C:\\conda\\envs\\x\\python.exe", "python", "py"]);
  });
  it("the project: torch pin, leftovers, extensions older than torch", () => {
    const fs = fakeFs(
      { "/p/pyproject.toml": '[build-system]\nrequires = ["setuptools", "torch"]\n', "/p/setup.py": "from torch.utils.cpp_extension import CUDAExtension\n", "/p/build/lib/ext.cpython-312-x86_64-linux-gnu.so": "", "/p/pkg/_C.so": "" },
      ["/p/build", "/p/build/lib", "/p/pkg", "/p/x.egg-info"],
      { "/p/build/lib/ext.cpython-312-x86_64-linux-gnu.so": 100, "/p/pkg/_C.so": 300 },
    );
    expect(projectFacts("/p", "linux", fs, 200)).toMatchObject({
      pyproject: "true", buildRequires: "setuptools;torch", buildRequiresTorch: "torch", torchExtension: "true",
      leftovers: "build;x.egg-info", staleExtensions: "build/lib/ext.cpython-312-x86_64-linux-gnu.so",
    });
  });
});
