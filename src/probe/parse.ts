// Pure parsers of what the probed tools print, and of what a person pastes into the page in their place.
// Each takes the tool's output and returns facts (declared in probe/facts.ts) or a reason it could not read
// them. They know output formats, never what a value means.

export type Parsed =
  | { readonly ok: true; readonly facts: Record<string, string>; readonly detail: string }
  | { readonly ok: false; readonly detail: string; /** try the probe's next form (an older tool) */ readonly retry?: boolean };

const unreadable = (what: string, text: string): Parsed => ({ ok: false, detail: `${what}: ${firstLine(text) || "no output"}` });

export function firstLine(text: string): string {
  const l = text.split(/\r?\n/).map((s) => s.trim()).find(Boolean) ?? "";
  return l.length > 120 ? `${l.slice(0, 119)}…` : l;
}

/** `nvcc --version`: "Cuda compilation tools, release 13.0, V13.0.88" (the same from CUDA 9 to 13). */
export function parseNvccVersion(text: string): Parsed {
  const m = /Cuda compilation tools, release (\d+\.\d+), V(\d+(?:\.\d+)+)/.exec(text);
  if (!m) return unreadable("not an nvcc banner", text);
  return { ok: true, facts: { nvcc: m[1]!, nvccBuild: m[2]! }, detail: `release ${m[1]} (V${m[2]})` };
}

/** `nvcc --list-gpu-arch`: one `compute_XX` per line → sm numbers. */
export function parseNvccArchs(text: string, fact = "nvccArchs"): Parsed {
  const archs = [...text.matchAll(/^\s*compute_(\d+[a-z]?)\s*$/gm)].map((m) => m[1]!);
  if (!archs.length) return unreadable("no compute_XX lines", text);
  return { ok: true, facts: { [fact]: archs.join(";") }, detail: `${archs[0]} … ${archs.at(-1)}` };
}

/** `nvcc --list-gpu-code`: one `sm_XX` per line (some releases list `sm_90a` too) → sm numbers. */
export function parseNvccCodes(text: string): Parsed {
  const codes = [...text.matchAll(/^\s*sm_(\d+[a-z]?)\s*$/gm)].map((m) => m[1]!);
  if (!codes.length) return unreadable("no sm_XX lines", text);
  return { ok: true, facts: { nvccCodes: codes.join(";") }, detail: `${codes[0]} … ${codes.at(-1)}` };
}

/**
 * The arch-specific and family variants (`9.0a`, `10.0f`) in a TORCH_CUDA_ARCH_LIST, as sm numbers (`90a`):
 * nvcc lists none of them, so each is asked of nvcc itself.
 */
export function archVariants(archList: string): string[] {
  const out: string[] = [];
  for (const e of archList.split(/[;\s]+/)) {
    const m = /^(\d+)\.(\d)([a-z])(?:\+PTX)?$/.exec(e.trim());
    if (m && !out.includes(`${m[1]}${m[2]}${m[3]}`)) out.push(`${m[1]}${m[2]}${m[3]}`);
  }
  return out;
}

/** `nvcc --dryrun -gencode arch=compute_X,code=sm_X ...`: exit 0 = this nvcc compiles for X. */
export function parseNvccDryrun(arch: string, r: { stdout: string; stderr: string; code: number }): Parsed {
  if (r.code === 0) return { ok: true, facts: { nvccVariants: arch }, detail: `${arch} accepted` };
  const fatal = /nvcc fatal\s*:\s*(.+)/.exec(`${r.stderr}\n${r.stdout}`);
  if (fatal) return { ok: true, facts: { nvccVariantsRejected: arch }, detail: `${arch} rejected: ${firstLine(fatal[1]!)}` };
  return unreadable(`no verdict on ${arch}`, r.stderr || r.stdout);
}

export interface Gpu {
  readonly index: string;
  readonly name: string;
  readonly cap: string;
  readonly driver: string;
  readonly memory: string;
}

/** The GPU facts from a list of GPUs, whoever reported them. */
export function gpuFacts(gpus: readonly Gpu[], source: string): Record<string, string> {
  const caps = gpus.map((g) => g.cap).filter(Boolean);
  return {
    gpuCount: String(gpus.length),
    gpuNames: gpus.map((g) => g.name).join(";"),
    gpuCaps: caps.join(";"),
    gpuArch: caps.map((c) => c.replace(".", "")).join(";"),
    ...(gpus[0]?.driver ? { driver: gpus[0].driver } : {}),
    gpuSource: source,
  };
}

/**
 * `nvidia-smi --query-gpu=index,name,compute_cap,driver_version,memory.total --format=csv,noheader`.
 * Drivers before ~510 do not know compute_cap and say so: the probe then asks without it.
 */
export function parseNvidiaSmiQuery(text: string, withCap = true): Parsed {
  if (/not a valid field/i.test(text)) return { ok: false, detail: `this nvidia-smi is too old: ${firstLine(text)}`, retry: true };
  if (/No devices were found/i.test(text)) return { ok: true, facts: gpuFacts([], "nvidia-smi"), detail: "no GPU" };
  if (/couldn't communicate with the NVIDIA driver|NVIDIA-SMI has failed/i.test(text)) {
    return { ok: true, facts: gpuFacts([], "nvidia-smi (no driver)"), detail: `no driver: ${firstLine(text)}` };
  }
  const gpus: Gpu[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const f = line.split(",").map((s) => s.trim());
    const want = withCap ? 5 : 4;
    if (f.length !== want || !/^\d+$/.test(f[0]!)) return unreadable("not nvidia-smi CSV", line);
    const [index, name, a, b, c] = f as [string, string, string, string, string?];
    const cap = withCap ? a : "";
    if (withCap && !/^\d+\.\d+$/.test(cap)) return unreadable("compute_cap is not X.Y", line);
    gpus.push({ index, name, cap, driver: withCap ? b : a, memory: (withCap ? c : b) ?? "" });
  }
  if (!gpus.length) return unreadable("no GPU lines", text);
  const facts = gpuFacts(gpus, withCap ? "nvidia-smi" : "nvidia-smi (no compute_cap: capabilities from torch)");
  return { ok: true, facts, detail: gpus.map((g) => `${g.name}${g.cap ? ` (${g.cap})` : ""}`).join(", ") + ` · driver ${gpus[0]!.driver}` };
}

/** `gcc --version` / `g++ --version`: the version is the last word of the first line. */
export function parseGnuVersion(text: string, fact: string): Parsed {
  const line = firstLine(text);
  const m = /(\d+\.\d+(?:\.\d+)?)(?:\s+\(.*\))?\s*$/.exec(line) ?? /version (\d+\.\d+(?:\.\d+)?)/.exec(line);
  if (!m) return unreadable("no version on the first line", text);
  return { ok: true, facts: { [fact]: m[1]! }, detail: line };
}

/** `cl` (no arguments) prints its banner on stderr: "... Compiler Version 19.39.33523 for x64". */
export function parseClVersion(text: string): Parsed {
  const m = /Version (\d+\.\d+\.\d+(?:\.\d+)?) for (\w+)/.exec(text);
  if (!m) return unreadable("not a cl banner", text);
  return { ok: true, facts: { cl: m[1]! }, detail: `${m[1]} for ${m[2]}` };
}

/** `ninja --version`: "1.11.1" or "1.13.2.git.kitware.jobserver-pipe-1". */
export function parseNinjaVersion(text: string): Parsed {
  const m = /^\s*(\d+\.\d+(?:\.\d+)?)/.exec(text);
  if (!m) return unreadable("not a version", text);
  return { ok: true, facts: { ninja: m[1]! }, detail: firstLine(text) };
}

/** `ldconfig -p`: the paths of libcuda.so / libcuda.so.1 the loader knows. */
export function parseLdconfig(text: string): Parsed {
  if (!/libs? found in cache|=>/.test(text)) return unreadable("not ldconfig -p output", text);
  const paths = [...text.matchAll(/^\s*libcuda\.so(?:\.1)?\s+\([^)]*\)\s+=>\s+(\S+)\s*$/gm)].map((m) => m[1]!);
  const unique = [...new Set(paths)];
  return { ok: true, facts: { libcuda: unique.join(";") }, detail: unique.length ? unique[0]! : "no libcuda.so in the loader cache" };
}

/** What the probe's Python script prints (see probes.ts): one JSON object on the last line. */
export interface TorchReport {
  python?: string;
  pythonVersion?: string;
  pip?: string | null;
  wheel?: string | null;
  setuptools?: string | null;
  torch?: string;
  torchError?: string;
  torchCuda?: string | null;
  torchMtime?: number;
  cudaAvailable?: boolean;
  archList?: string[];
  gpus?: { name: string; capability: [number, number] }[];
  cxx11Abi?: boolean;
  cudaHome?: string | null;
  archEntries?: { entry: string; accepted: boolean; flags?: string[]; error?: string }[];
  archFlags?: string[];
  archFlagsError?: string;
  cppExtensionError?: string;
  /** Set when torch's answers came from the probe's cache (seconds since 1970 of the run that asked torch). */
  cached?: number;
}

export function parseTorchReport(stdout: string): { parsed: Parsed; report: TorchReport | null } {
  const line = stdout.split(/\r?\n/).reverse().find((l) => l.trim().startsWith("{"));
  let r: TorchReport;
  try {
    r = JSON.parse(line ?? "") as TorchReport;
    if (!r || typeof r !== "object" || Array.isArray(r)) throw new Error("not an object");
  } catch {
    return { parsed: unreadable("no JSON from the Python script", stdout), report: null };
  }
  const facts: Record<string, string> = {};
  if (r.python) facts.python = r.python;
  if (r.pythonVersion) facts.pythonVersion = r.pythonVersion;
  // null: the package is not installed in that Python (measured: an empty value, not an unknown one).
  if (r.pip !== undefined) facts.pip = r.pip ?? "";
  if (r.wheel !== undefined) facts.wheel = r.wheel ?? "";
  if (r.setuptools !== undefined) facts.setuptools = r.setuptools ?? "";
  if (r.torchError) {
    // `import torch` failed: measured, so torch is known to be absent (an empty value), not unknown.
    facts.torchError = r.torchError;
    facts.torch = "";
  }
  if (r.torch) {
    facts.torch = r.torch;
    facts.torchError = "";
    facts.torchCuda = r.torchCuda ?? "";
    if (r.cudaAvailable !== undefined) facts.cudaAvailable = String(r.cudaAvailable);
    if (r.archList) facts.torchArchList = r.archList.map(smNumber).join(";");
    if (r.cudaHome !== undefined) facts.torchCudaHome = r.cudaHome ?? "";
    if (r.cxx11Abi !== undefined) facts.cxx11Abi = String(r.cxx11Abi);
    if (r.torchMtime !== undefined) facts.torchMtime = String(Math.floor(r.torchMtime));
    if (r.archEntries) {
      facts.archAccepted = r.archEntries.filter((e) => e.accepted).map((e) => e.entry).join(";");
      facts.archRejected = r.archEntries.filter((e) => !e.accepted).map((e) => e.entry).join(";");
    }
    if (r.archFlags) facts.archListArch = archesOfFlags(r.archFlags).join(";");
  }
  const detail = r.torch
    ? `torch ${r.torch} (CUDA ${r.torchCuda || "none: a CPU build"})${r.cudaAvailable === false ? ", no GPU visible" : ""}${typeof r.cached === "number" ? ` · torch's answers of ${new Date(r.cached * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC (torch, its CUDA variables and the driver unchanged since)` : ""}`
    : `no torch: ${r.torchError ?? "not importable"}`;
  return { parsed: { ok: true, facts, detail }, report: r };
}

/** "sm_90" → "90", "sm_90a" → "90a", "compute_90" → "90". */
export function smNumber(arch: string): string {
  return arch.replace(/^(?:sm|compute)_/, "");
}

/** nvcc `-gencode=arch=compute_90,code=sm_90` flags → sm numbers; PTX (code=compute_XX) as XX+PTX. */
export function archesOfFlags(flags: readonly string[]): string[] {
  const out: string[] = [];
  for (const f of flags) {
    for (const m of f.matchAll(/,code=(?:\[([\w,]+)\]|(\w+))/g)) {
      for (const code of (m[1] ?? m[2]!).split(",")) {
        const v = code.startsWith("compute_") ? `${smNumber(code)}+PTX` : smNumber(code);
        if (!out.includes(v)) out.push(v);
      }
    }
  }
  return out;
}

/** The torch view of the GPUs, for when nvidia-smi is missing or too old. */
export function torchGpus(r: TorchReport | null): Gpu[] | null {
  if (!r?.gpus || !r.torch) return null;
  return r.gpus.map((g, i) => ({ index: String(i), name: g.name, cap: `${g.capability[0]}.${g.capability[1]}`, driver: "", memory: "" }));
}

/** `build-system.requires` of a pyproject.toml (a small reader: the table and its one array of strings). */
export function parseBuildRequires(toml: string): string[] | null {
  const table = /^\s*\[build-system\]\s*$/m.exec(toml);
  if (!table) return null;
  const rest = toml.slice(table.index + table[0].length);
  const end = /^\s*\[[^\]]+\]\s*$/m.exec(rest);
  const body = end ? rest.slice(0, end.index) : rest;
  const m = /^\s*requires\s*=\s*\[([\s\S]*?)\]/m.exec(body);
  if (!m) return [];
  const noComments = m[1]!.replace(/#.*$/gm, "");
  return [...noComments.matchAll(/"([^"]*)"|'([^']*)'/g)].map((x) => (x[1] ?? x[2] ?? "").trim()).filter(Boolean);
}

/** The torch entry of a requirement list: "torch", "torch>=2.0", "torch==2.11.0" (names compare as pip does). */
export function torchRequirement(reqs: readonly string[]): string {
  return reqs.find((r) => /^torch(?![\w.-])/i.test(r.trim())) ?? "";
}

// ─── what the paste page reads (the outputs a person pastes: probe/facts.ts names the commands) ───

/** `nvcc --version` as pasted on the page (the facts, or none). */
export function parsePastedNvcc(text: string): Record<string, string> {
  const r = parseNvccVersion(text);
  return r.ok ? r.facts : {};
}

/** nvidia-smi as pasted on the page: the CSV query (name, compute_cap, driver) and/or the head of the plain table. */
export function parsePastedSmi(text: string): Record<string, string> {
  const gpus: Gpu[] = [];
  const named: string[] = [];
  let driver = "";
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    // --query-gpu=name,compute_cap,driver_version --format=csv,noheader → "NVIDIA H200, 9.0, 580.159.04"
    const csv = /^([^,|]+),\s*(\d+\.\d+),\s*(\d+(?:\.\d+)+)$/.exec(line);
    if (csv) {
      gpus.push({ index: String(gpus.length), name: csv[1]!.trim(), cap: csv[2]!, driver: csv[3]!, memory: "" });
      continue;
    }
    const table = /Driver Version:\s*(\d+(?:\.\d+)+)/.exec(line);
    if (table) driver ||= table[1]!;
    const gpuL = /^GPU \d+: (.+?) \(UUID/.exec(line);
    if (gpuL) named.push(gpuL[1]!);
  }
  if (gpus.length) return gpuFacts(gpus, "nvidia-smi");
  // Only the table or `nvidia-smi -L`: names and the driver, no capability.
  const facts: Record<string, string> = {};
  if (named.length) Object.assign(facts, { gpuNames: named.join(";"), gpuCount: String(named.length) });
  if (driver) facts.driver = driver;
  return facts;
}

/** The page's torch one-liner: `2.11.0+cu130 13.0 ['sm_75', 'sm_80'] (9, 0)`; a CPU build prints `2.13.0+cpu None [] None`. */
export function parseTorchOneLiner(text: string): Record<string, string> {
  const m = /(\d+\.\d+\.\d+\S*)\s+(None|\d+\.\d+)\s+\[([^\]]*)\](?:\s+(None|\((\d+),\s*(\d+)\)))?/.exec(text);
  if (!m) return {};
  const facts: Record<string, string> = { torch: m[1]!, torchCuda: m[2] === "None" ? "" : m[2]! };
  const archs = [...m[3]!.matchAll(/sm_(\d+)/g)].map((a) => a[1]!);
  facts.torchArchList = archs.join(";");
  facts.cudaAvailable = m[4] === undefined ? "" : m[4] === "None" ? "false" : "true";
  if (m[5] !== undefined && m[6] !== undefined) {
    facts.gpuCaps = `${m[5]}.${m[6]}`;
    facts.gpuArch = `${m[5]}${m[6]}`;
    facts.gpuSource = "torch";
  }
  if (facts.cudaAvailable === "") delete facts.cudaAvailable;
  return facts;
}
