// Every scenario row of the H200 review (shared/reviews/gpu-h200.md) on recorded outputs: the probes run
// against a runner that answers as the H200's tools did (test/fixtures/probes/, recorded there) and a
// file system laid out as that machine's; the logs are the review's own (test/fixtures/gpu-h200/logs/).
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compileContent } from "../src/kb/compile.js";
import { Engine } from "../src/core/analyze.js";
import { checkLive } from "../src/core/verify.js";
import { renderEnvironment, renderLiveCheck, renderReport } from "../src/core/render/text.js";
import { renderMarkdown } from "../src/core/render/markdown.js";
import { renderGithub } from "../src/core/render/github.js";
import { renderSarif } from "../src/core/render/sarif.js";
import { collectLiveFacts, type FsView } from "../src/probe/probes.js";
import { LIVE_FACTS, PROBES } from "../src/probe/facts.js";
import type { RunResult } from "../src/probe/run.js";
import { FIXTURES, recorded } from "./fake-tools.js";

const { kb } = compileContent(new URL("../content/", import.meta.url).pathname);
const engine = new Engine(kb);
const LOGS = new URL("./fixtures/gpu-h200/logs/", import.meta.url).pathname;
const log = (name: string) => engine.analyze(readFileSync(join(LOGS, `${name}.log`)));

const TORCH = JSON.parse(readFileSync(join(FIXTURES, "torch-probe-h200.json"), "utf8")) as Record<string, unknown>;
// torch 2.11's allowlist (torch-info.txt: 9.0a, 10.0a, 6.1, 5.0 accepted; 10.1, 13.5 and every "f" rejected).
const ACCEPTED = ["3.5", "3.7", "5.0", "5.2", "5.3", "6.0", "6.1", "6.2", "7.0", "7.2", "7.5", "8.0", "8.6", "8.7", "8.9", "9.0", "9.0a", "10.0", "10.0a", "11.0", "11.0a", "10.3", "10.3a", "12.0", "12.0a", "12.1", "12.1a"];
const NAMED: Record<string, string> = { Hopper: "9.0+PTX", Ampere: "8.0;8.6+PTX" };

function torchAnswer(env: Record<string, string | undefined>): string {
  const r: Record<string, unknown> = { ...TORCH, pip: "24.0", setuptools: "81.0.0", wheel: "0.48.0" };
  const raw = env.TORCH_CUDA_ARCH_LIST;
  if (raw) {
    const flags = (e: string) => {
      const n = e.replace("+PTX", "").replace(".", "");
      return [`-gencode=arch=compute_${n},code=sm_${n}`, ...(e.endsWith("+PTX") ? [`-gencode=arch=compute_${n},code=compute_${n}`] : [])];
    };
    const entries = raw.replace(/ /g, ";").split(";").filter(Boolean).map((e) => NAMED[e] ?? e).join(";").split(";");
    const out = entries.map((e) => (ACCEPTED.includes(e.replace("+PTX", "")) ? { entry: e, accepted: true, flags: flags(e) } : { entry: e, accepted: false, error: `ValueError: Unknown CUDA arch (${e}) or GPU not supported` }));
    r.archEntries = out;
    if (out.every((e) => e.accepted)) r.archFlags = out.flatMap((e) => e.flags ?? []);
  }
  return JSON.stringify(r) + "\n";
}

const NVCC_130 = recorded("nvcc-version.txt");
const NVCC_126 = "nvcc: NVIDIA (R) Cuda compiler driver\nCuda compilation tools, release 12.6, V12.6.85\n";
const LISTED = [...recorded("nvcc-list-gpu-arch.txt").matchAll(/compute_(\d+)/g)].map((m) => m[1]!);

interface Machine {
  env: Record<string, string | undefined>;
  hang?: string[];
  garbage?: string[];
  absent?: string[];
  files?: string[];
  hidden?: string[];
}

const exit = (stdout: string, code = 0, stderr = ""): RunResult => ({ kind: "exit", code, stdout, stderr });

function runnerFor(m: Machine) {
  return async (file: string, args: readonly string[], o: { env?: Readonly<Record<string, string | undefined>> }): Promise<RunResult> => {
    const name = file.split("/").pop()!;
    const tool = /^python/.test(name) ? "python" : file;
    if (m.hang?.some((h) => h === name || h === file)) return { kind: "timeout", ms: 2000 };
    if (m.absent?.some((h) => h === name || h === file)) return { kind: "absent" };
    if (m.garbage?.includes(name)) return exit("\u0000\u00ff\u0013garbage\u0007");
    if (tool === "python") return exit(torchAnswer(o.env ?? m.env));
    if (name === "nvcc") {
      const v = file.startsWith("/opt/fake126") ? NVCC_126 : NVCC_130;
      if (!file.includes("/") && !(m.env.PATH ?? "").split(":").some((d) => fsOf(m).isFile(`${d}/nvcc`))) return { kind: "absent" };
      if (file.includes("/") && !fsOf(m).isFile(file)) return { kind: "absent" };
      if (args[0] === "--list-gpu-arch") return exit(recorded("nvcc-list-gpu-arch.txt"));
      if (args[0] === "--list-gpu-code") return exit(recorded("nvcc-list-gpu-code.txt"));
      if (args[0] === "--dryrun") {
        const a = /compute_(\d+)([af]?)/.exec(args[2]!)!;
        const okv = LISTED.includes(a[1]!) && (!a[2] || (a[2] === "a" && Number(a[1]) >= 90) || (a[2] === "f" && Number(a[1]) >= 100));
        return okv ? exit("") : exit("", 1, `nvcc fatal   : Unsupported gpu architecture 'compute_${a[1]}${a[2]}'\n`);
      }
      return exit(v);
    }
    if (name === "nvidia-smi") return exit(recorded("nvidia-smi-query.txt"));
    if (name === "ninja") return exit(recorded("ninja-version.txt"));
    if (name === "gcc") return exit(recorded("gcc-version.txt"));
    if (name === "g++") return exit(recorded("gxx-version.txt"));
    if (name === "ldconfig") return exit(`10 libs found in cache \`/etc/ld.so.cache'\n${recorded("ldconfig-libcuda.txt")}`);
    return { kind: "absent" };
  };
}

const BASE_FILES = ["/usr/local/cuda/bin/nvcc", "/usr/local/cuda-13.0/bin/nvcc", "/usr/local/cuda/lib64/stubs/libcuda.so", "/usr/local/nvidia/lib64/libcuda.so.1", "/usr/local/nvidia/lib64/libcuda.so", "/lib/libcuda.so", "/opt/fake126/bin/nvcc"];

function fsOf(m: Machine): FsView {
  const files = [...BASE_FILES, ...(m.files ?? [])].filter((f) => !m.hidden?.includes(f));
  const dirs = new Set<string>();
  for (const f of files) for (let d = f.slice(0, f.lastIndexOf("/")); d; d = d.slice(0, d.lastIndexOf("/"))) dirs.add(d);
  dirs.add("/project");
  return {
    list: (d) => [...new Set([...files, ...dirs].filter((p) => p.startsWith(`${d}/`)).map((p) => p.slice(d.length + 1).split("/")[0]!))],
    isFile: (p) => files.includes(p),
    isDir: (p) => dirs.has(p),
    read: (p) => (p === "/project/setup.py" ? "from torch.utils.cpp_extension import BuildExtension, CUDAExtension\n" : null),
    mtime: () => null,
  };
}

const H200_ENV = {
  PATH: "/opt/torch/.venv/bin:/usr/local/nvidia/bin:/usr/local/cuda/bin:/usr/bin:/bin",
  CUDA_HOME: "/usr/local/cuda",
  LIBRARY_PATH: "/usr/local/cuda/lib64/stubs",
  VIRTUAL_ENV: "/opt/torch/.venv",
};

async function probe(m: Partial<Machine> & { arch?: string | null; python?: string; archs?: string[] } = {}) {
  const env = { ...H200_ENV, TORCH_CUDA_ARCH_LIST: m.arch === undefined ? "9.0a" : m.arch ?? undefined, ...(m.env ?? {}) };
  for (const k of Object.keys(env)) if (env[k as keyof typeof env] === undefined) delete env[k as keyof typeof env];
  const machine: Machine = { ...m, env };
  return collectLiveFacts({ env, platform: "linux", cwd: "/project", runner: runnerFor(machine), fs: fsOf(machine), system: { freeBytes: 2 ** 36, totalBytes: 2 ** 37, cores: 16 }, ...(m.python ? { python: m.python } : {}), ...(m.archs ? { archs: m.archs } : {}) });
}

const doctor = async (m: Parameters<typeof probe>[0] = {}) => {
  const live = await probe(m);
  const check = checkLive(null, kb, live);
  const problems = check.verification.filter((v) => v.kind === "standing");
  return { live, ...check, problems, confirmed: problems.filter((v) => v.verdict === "confirmed").map((v) => v.id), commands: check.decision.commands.map((c) => c.text).join("\n") };
};

describe("the probes' catalogue (src/probe/facts.ts)", () => {
  it("declares every fact the probes report, under the probe that reports it, and every probe that runs", async () => {
    const names = new Set(PROBES.map((p) => p.name));
    for (const m of [{}, { arch: "9.0;10.0;10.1" }, { archs: ["90a"] }]) {
      const live = await probe(m);
      expect(Object.keys(live.facts).filter((f) => !LIVE_FACTS[f])).toEqual([]);
      // (One `nvcc --dryrun` per arch variant runs as nvcc-90a: its facts are nvcc-archs'.)
      expect(live.probes.map((p) => p.name).filter((n) => !names.has(n) && !/^nvcc-\d+[a-z]$/.test(n))).toEqual([]);
    }
    // Each fact is declared once, so that its probe, label and words are one.
    const declared = PROBES.flatMap((p) => Object.keys(p.facts));
    expect(declared.length).toBe(new Set(declared).size);
  });

  it("is the one the compiler bundles for core (kb.liveFacts); content/facts.md labels only facts a note's pattern names", () => {
    expect(kb.liveFacts).toEqual(LIVE_FACTS);
    const named = new Set(kb.notes.flatMap((n) => n.patterns.flatMap((p) => [...p.regex.matchAll(/\(\?<(\w+)>/g)].map((m) => m[1]!).concat(Object.keys(p.set)))));
    const labelled = kb.notes.flatMap((n) => Object.keys(n.factLabels ?? {}));
    expect(labelled.length).toBeGreaterThan(5);
    expect(labelled.filter((f) => !named.has(f))).toEqual([]);
  });
});

describe("H200 review: doctor", () => {
  it("TORCH_CUDA_ARCH_LIST=9.0a (the image's): no problem; nvcc 13.0 was asked about sm_90a and accepted it", async () => {
    const d = await doctor();
    expect(d.live.facts.nvccVariants).toBe("90a");
    expect(d.confirmed).toEqual([]);
    expect(d.verification.map((v) => v.id)).not.toContain("build-isolation-torch");
    expect(d.commands).toBe("");
  });
  it("unset: no problem, and no build-isolation claim (pip 24.0 with wheel takes the legacy path)", async () => {
    const d = await doctor({ arch: null });
    expect(d.confirmed).toEqual([]);
    expect(d.decision.walks.find((w) => w.tree === "build-isolation")!.path.join(" ")).toMatch(/pip 24\.0 with wheel/);
  });
  it('"9.0;10.0;10.1": unknown-cuda-arch, 10.1 only; the fix keeps 9.0 and 10.0', async () => {
    const d = await doctor({ arch: "9.0;10.0;10.1" });
    expect(d.confirmed).toEqual(["unknown-cuda-arch"]);
    expect(d.problems[0]!.because).toContain("rejects: 10.1");
    expect(d.commands).toContain('export TORCH_CUDA_ARCH_LIST="9.0;10.0"');
  });
  it("10.0+PTX: PTX for a newer arch does not run on 9.0", async () => {
    expect((await doctor({ arch: "10.0+PTX" })).confirmed).toEqual(["no-kernel-image"]);
  });
  it("8.0: no-kernel-image (8.0 does not cover 9.0); the fix adds 9.0", async () => {
    const d = await doctor({ arch: "8.0" });
    expect(d.confirmed).toEqual(["no-kernel-image"]);
    expect(d.commands).toContain('export TORCH_CUDA_ARCH_LIST="8.0;9.0"');
  });
  it.each(["9.0;10.0", "9.0+PTX", "Hopper", "8.0+PTX", "7.5;8.6+PTX"])("%s: no arch problem (a PTX entry at or below 9.0 is compiled for it by the driver)", async (arch) => {
    expect((await doctor({ arch })).confirmed).toEqual([]);
  });
  it("an a/f variant nvcc 13.0 rejects (9.0f is also rejected by torch) is not waved through", async () => {
    const d = await doctor({ arch: "9.0;10.0f" });
    expect(d.live.facts.nvccVariants).toBe("100f");
    expect(d.confirmed).toEqual(["unknown-cuda-arch"]);
  });
  it("CUDA_HOME = a fake 12.6 toolkit: cuda-major-mismatch; the fix points at the real 13.0", async () => {
    const d = await doctor({ env: { CUDA_HOME: "/opt/fake126" } });
    expect(d.live.facts.cudaHomeNvcc).toBe("12.6");
    expect(d.confirmed).toContain("cuda-major-mismatch");
    expect(d.commands).toContain("export CUDA_HOME=/usr/local/cuda-13.0");
  });
  it("CUDA_HOME unset: torch's rule finds /usr/local/cuda through PATH's nvcc: no problem", async () => {
    const d = await doctor({ env: { CUDA_HOME: undefined } });
    expect(d.live.facts).toMatchObject({ cudaHomeUsed: "/usr/local/cuda", cudaHomeSource: "PATH", cudaHomeNvcc: "13.0" });
    expect(d.confirmed).toEqual([]);
  });
  it("CUDA_HOME set to a folder without nvcc: PATH's nvcc does not stand in (torch runs CUDA_HOME's only)", async () => {
    const d = await doctor({ env: { CUDA_HOME: "/opt/cuda-does-not-exist" } });
    expect(d.live.facts.cudaHomeNvcc).toBe("");
    expect(d.confirmed).toContain("cuda-home-missing");
    expect(d.commands).toContain("export CUDA_HOME=/usr/local/cuda-13.0");
  });
  it("no ninja on PATH: said (a JIT load() fails), with the install command for the Python that builds", async () => {
    const d = await doctor({ absent: ["ninja"] });
    expect(d.confirmed).toEqual(["ninja-missing"]);
    expect(d.commands).toContain("/opt/torch/.venv/bin/python3 -m pip install ninja");
  });
  it("every tool hanging: nothing is confirmed, every verdict says which probe timed out", async () => {
    const d = await doctor({ hang: ["nvcc", "nvidia-smi", "ninja", "python", "python3", "/usr/local/cuda/bin/nvcc", "/opt/torch/.venv/bin/python"] });
    expect(d.confirmed).toEqual([]);
    expect(d.verification.map((v) => v.id)).not.toContain("torch-not-installed");
    expect(d.decision.walks.filter((w) => w.outcome === "undecided").map((w) => w.unknown).join(" ")).toMatch(/python: timed out after 2 s/);
    expect(d.decision.walks.map((w) => w.unknown ?? "").join(" ")).not.toMatch(/timed out: timed out/);
  });
  it("--python pointing at a Python that hangs: unverifiable, and nothing names python3 instead", async () => {
    const d = await doctor({ python: "/opt/other/bin/python", hang: ["/opt/other/bin/python"] });
    expect(d.confirmed).toEqual([]);
    expect(d.live.facts.buildPython).toBe("/opt/other/bin/python");
    expect(d.commands).not.toMatch(/python3 -m pip install torch/);
  });
  it("garbage from nvcc, nvidia-smi, ninja: unreadable, no crash, the GPU from torch", async () => {
    const d = await doctor({ garbage: ["nvcc", "nvidia-smi", "ninja"] });
    expect(d.live.probes.find((p) => p.name === "nvcc")!.status).toBe("unreadable");
    expect(d.live.facts.gpuCaps).toBe("9.0");
    expect(d.confirmed).toEqual([]);
  });
  it("the text: the table's problems, then each decision as the branch taken, in words (no expression, no ‹›, no Windows check)", async () => {
    const d = await doctor({ arch: "8.0" });
    const text = renderLiveCheck(d, engine.matcher.byId, { color: false }, "doctor");
    expect(text).toContain('TORCH_CUDA_ARCH_LIST="8.0" builds for 80, not for this machine\'s GPUs (9.0)');
    expect(text).not.toMatch(/set\(|subset\(|‹|\{\{|Visual Studio|developer prompt/);
    expect(text.split("\n").length).toBeLessThan(45);
    expect(renderLiveCheck(d, engine.matcher.byId, { color: false, verbose: true }, "doctor")).toMatch(/set\(archListEnv\)/);
  });
});

describe("H200 review: logs checked live", () => {
  const check = async (name: string, m: Parameters<typeof probe>[0] = {}) => {
    const r = log(name);
    const live = await probe({ ...m, archs: [] });
    const c = checkLive(r, kb, live);
    const root = r.rootCause ? c.verification.find((v) => v.id === r.rootCause!.id) : undefined;
    return { r, ...c, root, confirmedStanding: c.verification.filter((v) => v.kind === "standing" && v.verdict === "confirmed").map((v) => v.id), commands: c.decision.commands.map((x) => x.text).join("\n") };
  };
  it("ok: no cause, no standing problem", async () => {
    const c = await check("ok", { arch: null });
    expect(c.r.rootCause).toBeNull();
    expect(c.confirmedStanding).toEqual([]);
  });
  it('arch list "9.0;10.0;10.1": unknown-cuda-arch at line 66 confirmed, the fix keeps 10.0; fixed list → no longer true', async () => {
    const c = await check("arch-rejected", { arch: "9.0;10.0;10.1" });
    expect(c.r.rootCause).toMatchObject({ id: "unknown-cuda-arch", line: 66 });
    expect(c.root).toMatchObject({ verdict: "confirmed" });
    expect(c.commands).toContain('export TORCH_CUDA_ARCH_LIST="9.0;10.0"');
    expect((await check("arch-rejected", { arch: "9.0;10.0" })).root).toMatchObject({ verdict: "no longer true" });
  });
  it('nvcc 13 rejects "6.1;9.0": nvcc-unsupported-arch at line 9, confirmed from the arch the log names, fix without 6.1', async () => {
    const c = await check("arch-nvcc-rejects", { arch: "6.1;9.0" });
    expect(c.r.rootCause).toMatchObject({ id: "nvcc-unsupported-arch", line: 9 });
    expect(c.root).toMatchObject({ verdict: "confirmed" });
    expect(c.commands).toContain('export TORCH_CUDA_ARCH_LIST="9.0"');
    // The arch the log names is still one this nvcc rejects, whatever the list says now (issue 14, problem 7).
    expect((await check("arch-nvcc-rejects", { arch: "9.0" })).root).toMatchObject({ verdict: "confirmed" });
  });
  it("fake nvcc 12.6 under CUDA_HOME: cuda-major-mismatch at line 47, confirmed, fix CUDA_HOME=/usr/local/cuda-13.0; with the real one: no longer true", async () => {
    const c = await check("nvcc-major", { env: { CUDA_HOME: "/opt/fake126" } });
    expect(c.r.rootCause).toMatchObject({ id: "cuda-major-mismatch", line: 47 });
    expect(c.root).toMatchObject({ verdict: "confirmed" });
    // The row the verdict rests on is CUDA_HOME's nvcc (12.6 in the log and here), not PATH's 13.0.
    expect(c.root!.evidence).toContainEqual(expect.objectContaining({ fact: "cudaHomeNvcc", log: "12.6", live: "12.6", same: true }));
    expect(c.root!.evidence.map((e) => e.fact)).not.toContain("nvcc");
    expect(c.commands).toContain("export CUDA_HOME=/usr/local/cuda-13.0");
    expect((await check("nvcc-major")).root).toMatchObject({ verdict: "no longer true" });
  });
  it("fake nvcc 13.1 (minor): harmless; no longer true once CUDA_HOME is back to 13.0", async () => {
    const c = await check("nvcc-minor");
    expect(c.r.rootCause).toBeNull();
    expect(c.verification.find((v) => v.id === "cuda-minor-mismatch")).toMatchObject({ verdict: "no longer true" });
  });
  it("sm_80-only build: exit 0 as a build, the standing no-kernel-image for this 9.0 GPU", async () => {
    const c = await check("arch-80-only", { arch: null });
    expect(c.r.rootCause).toBeNull();
    expect(c.confirmedStanding).toContain("no-kernel-image");
    expect(c.commands).toContain('export TORCH_CUDA_ARCH_LIST="9.0"');
  });
  it("its run on the H200: no-kernel-image gets a verdict (confirmed with the list still 8.0)", async () => {
    const c = await check("arch80-check-envkept", { arch: "8.0" });
    expect(c.r.rootCause).toMatchObject({ id: "no-kernel-image", line: 5 });
    expect(c.root).toMatchObject({ verdict: "confirmed" });
    expect(c.commands).toContain('export TORCH_CUDA_ARCH_LIST="8.0;9.0"');
    const unset = await check("arch80-check-envunset", { arch: null });
    expect(unset.root).toMatchObject({ verdict: "unverifiable" });
    expect(unset.root!.because).toMatch(/not something the probes read/);
    expect(unset.commands).toContain('export TORCH_CUDA_ARCH_LIST="9.0"');
  });
  it("joined build and run logs: confirmed from the log's sm_80 flags", async () => {
    const c = await check("arch80-combined", { arch: "9.0" });
    expect(c.root).toMatchObject({ id: "no-kernel-image", verdict: "confirmed" });
  });
  it("missing ninja, setup.py: harmless fallback; JIT load(): ninja-missing confirmed (the probe says absent), fix pip install ninja", async () => {
    expect((await check("no-ninja", { absent: ["ninja"] })).r.rootCause).toBeNull();
    const c = await check("no-ninja-jit", { absent: ["ninja"] });
    expect(c.r.rootCause).toMatchObject({ id: "ninja-missing", line: 12 });
    expect(c.root).toMatchObject({ verdict: "confirmed" });
    expect(c.commands).toContain("/opt/torch/.venv/bin/python3 -m pip install ninja");
  });
  it("undefined symbol at import: abi-undefined-symbol at line 4, a verdict and a rebuild", async () => {
    const c = await check("undefined-symbol-check");
    expect(c.r.rootCause).toMatchObject({ id: "abi-undefined-symbol", line: 4 });
    expect(c.root?.verdict).toBeDefined();
    expect(c.commands).toContain("-m pip install --no-build-isolation --no-cache-dir .");
  });
  it("CUDA_HOME=/opt/cuda-does-not-exist: cuda-home-missing at line 4 confirmed, fix the real 13.0; another wrong folder is not 'no longer true'", async () => {
    const c = await check("cuda-home-bad", { env: { CUDA_HOME: "/opt/cuda-does-not-exist" } });
    expect(c.r.rootCause).toMatchObject({ id: "cuda-home-missing", line: 4 });
    expect(c.root).toMatchObject({ verdict: "confirmed" });
    expect(c.commands).toContain("export CUDA_HOME=/usr/local/cuda-13.0");
    expect((await check("cuda-home-bad", { env: { CUDA_HOME: "/opt/cuda-elsewhere" } })).root).toMatchObject({ verdict: "confirmed" });
    expect((await check("cuda-home-bad")).root).toMatchObject({ verdict: "no longer true" });
  });
  it("-lcuda with libcuda.so hidden and LIBRARY_PATH unset: cannot-find-lcuda at line 16, confirmed, fix LIBRARY_PATH=the stub's folder", async () => {
    const c = await check("lcuda-hidden", { env: { LIBRARY_PATH: undefined }, hidden: ["/lib/libcuda.so", "/usr/local/nvidia/lib64/libcuda.so"] });
    expect(c.r.rootCause).toMatchObject({ id: "cannot-find-lcuda", line: 16 });
    expect(c.root).toMatchObject({ verdict: "confirmed" });
    expect(c.commands).toContain('export LIBRARY_PATH="/usr/local/cuda/lib64/stubs${LIBRARY_PATH:+:$LIBRARY_PATH}"');
  });
  it("stale build/ (a): ld 2.42's 'file too short' is stale-build-artifacts", async () => {
    const c = await check("stale-trunc");
    expect(c.r.rootCause).toMatchObject({ id: "stale-build-artifacts", line: 7 });
    expect(c.root?.verdict).toBeDefined();
  });
  it("stale build/ (b): rebuilt by ninja with the new flags: no cause", async () => {
    expect((await check("stale-config", { arch: "9.0" })).r.rootCause).toBeNull();
  });
  it("built with 9.0a: no cause and no problem (sm_90a is built by nvcc 13.0 and runs on 9.0)", async () => {
    const c = await check("arch-90a", { archs: ["90a"] });
    expect(c.r.rootCause).toBeNull();
    expect(c.confirmedStanding).toEqual([]);
  });
  it("pip install . with no pyproject.toml (pip 24.0): no cause and no isolation claim (the log shows the setup.py path)", async () => {
    const c = await check("pip-install-nopyproject");
    expect(c.r.logFacts).toMatchObject({ pipMode: "setup.py" });
    expect(c.r.rootCause).toBeNull();
    expect(c.verification.map((v) => v.id)).not.toContain("build-isolation-torch");
  });
});

describe("no report shows an unfilled or empty placeholder", () => {
  const machines: [string, Parameters<typeof probe>[0]][] = [
    ["the H200 as the image sets it", {}],
    ["the H200, list unset, no ninja, libcuda hidden", { arch: null, absent: ["ninja"], env: { LIBRARY_PATH: undefined }, hidden: ["/lib/libcuda.so", "/usr/local/nvidia/lib64/libcuda.so"] }],
    ["the H200 with a bad list and a bad CUDA_HOME", { arch: "6.1;10.1;9.0a", env: { CUDA_HOME: "/opt/cuda-does-not-exist" } }],
    ["every tool hanging", { arch: "8.0", hang: ["nvcc", "nvidia-smi", "ninja", "python", "python3", "/usr/local/cuda/bin/nvcc", "/opt/torch/.venv/bin/python"] }],
    ["garbage from every tool", { garbage: ["nvcc", "nvidia-smi", "ninja", "gcc", "g++", "ldconfig"] }],
  ];
  const LAB = new URL("./fixtures/lab-h200/", import.meta.url).pathname;
  const logs = [
    ...readdirSync(LOGS).map((f) => join(LOGS, f)),
    ...readdirSync(LAB).filter((f) => f.endsWith(".log")).map((f) => join(LAB, f)),
  ];
  // What the live check writes: every "because", every branch label on a path, every fix command.
  const EMPTY = [/\(\s+\)/, /\(sm \)/, /: *$/m, / [,;)]/, /=""/, /\(""\)/, /=[ \t]*$/m, /\bundefined\b|\bnull\b|\bNaN\b/];
  it.each(machines)("on %s, every log, every format", async (_, m) => {
    const live = await probe(m);
    for (const file of logs) {
      const raw = readFileSync(file, "utf8");
      const report = engine.analyze(raw);
      const { verification, decision } = checkLive(report, kb, live);
      const full = { ...report, verification, decision, environment: { facts: live.facts, probes: live.probes } };
      const words = [...verification.map((v) => v.because), ...decision.walks.flatMap((w) => w.path)];
      for (const p of words) {
        expect(p, `${file}: ${p}`).not.toMatch(/\{\{|‹|›/);
        for (const re of EMPTY) expect(p, `${file}: ${re}: ${p}`).not.toMatch(re);
      }
      // Commands may quote a note's own text (a comment ending in ":"), but never an unfilled or empty value.
      for (const c of decision.commands.map((x) => x.text)) {
        for (const re of [/\{\{|‹|›/, /=""/, /=[ \t]*$/m, /\bundefined\b|\bnull\b/]) expect(c, `${file}: ${re}: ${c}`).not.toMatch(re);
      }
      const outputs = [
        renderReport(full, engine.matcher.byId, { color: false }),
        renderReport(full, engine.matcher.byId, { color: false, verbose: true }),
        renderMarkdown(full, engine.matcher.byId, {}),
        renderGithub([{ source: file, report: full }], engine.matcher.byId, {}),
        JSON.stringify(renderSarif([{ source: file, report: full }], engine.matcher.byId, {})),
        JSON.stringify(full),
      ];
      const fromLog = /\{\{|‹/.test(raw);
      for (const o of outputs) if (!fromLog) expect(o, file).not.toMatch(/\{\{|‹/);
    }
  });
  it("doctor's text on each machine, verbose too", async () => {
    for (const [, m] of machines) {
      const live = await probe(m);
      const c = checkLive(null, kb, live);
      for (const verbose of [false, true]) {
        const text = renderEnvironment(live, { color: false }) + renderLiveCheck(c, engine.matcher.byId, { color: false, verbose }, "doctor");
        expect(text).not.toMatch(/\{\{|‹/);
      }
    }
  });
});
