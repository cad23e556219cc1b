// The probes of the live toolchain: each a small record of what it runs, its time limit and the pure
// parser of what it prints (parse.ts). `collectLiveFacts` runs them all at once; a missing tool, a hang,
// a flood of output or garbage becomes a status in the report, never an exception.

import { closeSync, constants as fsc, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from "node:fs";
import { sep as pathSep } from "node:path";
import { freemem, totalmem, cpus } from "node:os";
import type { LiveFacts, ProbeStatus } from "../core/types.js";
import { runProcess, type RunResult, type Runner } from "./run.js";
import {
  firstLine, gpuFacts, parseBuildRequires, parseClVersion, parseGnuVersion, parseLdconfig, parseNinjaVersion,
  archVariants, parseNvccArchs, parseNvccCodes, parseNvccDryrun, parseNvccVersion, parseNvidiaSmiQuery, parseTorchReport, torchGpus, torchRequirement, type Parsed, type TorchReport,
} from "./parse.js";

export type Env = Readonly<Record<string, string | undefined>>;

/** What the probes may look at on disk; tests pass a fake. */
export interface FsView {
  list(dir: string): string[];
  isFile(path: string): boolean;
  isDir(path: string): boolean;
  /** A project file's text: a regular file only, at most PROJECT_FILE_MAX bytes, never blocking; null otherwise. */
  read(path: string): string | null;
  /** Why `read` gave null for a file that exists (a FIFO, a device, a link out of `within`, too large); null: absent or fine. */
  problem?(path: string, within?: string): string | null;
  /** Modification time in seconds, or null. */
  mtime(path: string): number | null;
}

export const realFs: FsView = {
  list: (dir) => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  },
  isFile: (p) => {
    try {
      return statSync(p).isFile();
    } catch {
      return false;
    }
  },
  isDir: (p) => {
    try {
      return statSync(p).isDirectory();
    } catch {
      return false;
    }
  },
  read: (p) => safeRead(p).text,
  problem: (p, within) => safeRead(p, within).problem,
  mtime: (p) => {
    try {
      return statSync(p).mtimeMs / 1000;
    } catch {
      return null;
    }
  },
};

/** Project files (pyproject.toml, setup.py) are read up to this size; a bigger one is not a real one. */
export const PROJECT_FILE_MAX = 1 << 20;

/**
 * Reads a file of the project without trusting it: a link must stay inside `within`; only a regular
 * file is read (a FIFO or a device would block or never end), opened non-blocking and checked again on
 * the open descriptor, and at most PROJECT_FILE_MAX bytes.
 */
export function safeRead(path: string, within?: string): { text: string | null; problem: string | null } {
  let fd: number | null = null;
  try {
    const l = lstatSync(path);
    if (l.isSymbolicLink() && within) {
      const real = realpathSync(path);
      const top = realpathSync(within);
      if (real !== top && !real.startsWith(top.endsWith(pathSep) ? top : top + pathSep)) return { text: null, problem: "a link to outside the project" };
    }
    // Not even opened unless it is a file: opening some devices does something.
    const kind = (st: { isFile(): boolean; isFIFO(): boolean; isDirectory(): boolean }): string | null =>
      st.isFile() ? null : st.isFIFO() ? "a FIFO, not a file" : st.isDirectory() ? "a folder" : "not a regular file (a device or socket)";
    const before = kind(l.isSymbolicLink() ? statSync(path) : l);
    if (before) return { text: null, problem: before };
    const noBlock = (fsc.O_NONBLOCK ?? 0) | (fsc.O_NOCTTY ?? 0);
    fd = openSync(path, fsc.O_RDONLY | noBlock);
    const st = fstatSync(fd);
    const after = kind(st);
    if (after) return { text: null, problem: after };
    if (st.size > PROJECT_FILE_MAX) return { text: null, problem: `larger than ${PROJECT_FILE_MAX >> 20} MiB` };
    const buf = Buffer.alloc(Math.min(st.size, PROJECT_FILE_MAX) + 1);
    let n = 0;
    while (n < buf.length) {
      const r = readSync(fd, buf, n, buf.length - n, n);
      if (r === 0) break;
      n += r;
    }
    if (n > PROJECT_FILE_MAX) return { text: null, problem: `larger than ${PROJECT_FILE_MAX >> 20} MiB` };
    return { text: buf.subarray(0, n).toString("utf8"), problem: null };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { text: null, problem: code === "ENOENT" || code === "ENOTDIR" ? null : `unreadable (${code ?? "error"})` };
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

export interface ToolAttempt {
  readonly file: string;
  readonly args: readonly string[];
  readonly parse: (out: { stdout: string; stderr: string; code: number }) => Parsed;
}

/** A probe that runs a tool: the forms to try in order (an older tool, another name), and its time limit. */
export interface ToolProbe {
  readonly name: string;
  readonly timeoutMs: number;
  readonly attempts: readonly ToolAttempt[];
  /** Facts that a tool found missing measures: e.g. no ninja on PATH is ninja = "" (known, empty), not unknown. */
  readonly absentFacts?: Record<string, string>;
}

export interface ProbeOptions {
  readonly env: Env;
  readonly platform: NodeJS.Platform;
  readonly cwd: string;
  /** --python PATH */
  readonly python?: string;
  /** --project DIR (default: cwd) */
  readonly project?: string;
  /** More architectures to ask nvcc about (sm numbers with a variant letter, from the log: 90a, 100f). */
  readonly archs?: readonly string[];
  readonly runner?: Runner;
  readonly fs?: FsView;
  /** Limit for each quick tool (nvcc, nvidia-smi, gcc ...). */
  readonly toolTimeoutMs?: number;
  /** Limit for the Python probe: importing torch and starting CUDA takes seconds. */
  readonly pythonTimeoutMs?: number;
  readonly system?: { freeBytes: number; totalBytes: number; cores: number };
}

export const TOOL_TIMEOUT_MS = 2000;
export const PYTHON_TIMEOUT_MS = 20000;

/**
 * Asks the building Python about its torch; torch itself judges each TORCH_CUDA_ARCH_LIST entry.
 * `import torch` takes seconds, so the answers are kept in a cache file (argv[1]) keyed by what they
 * depend on: the interpreter, torch's files (path, size, mtime), the CUDA and PATH variables and the
 * driver's version. torch's verdict on each arch entry is kept per entry. Anything changed: asked again.
 */
// It runs in an empty folder (run.ts), and drops the current folder from sys.path before any import, so
// a json.py or torch/ where cudafix was started is never what it imports.
export const TORCH_SCRIPT = String.raw`
import sys
sys.path[:] = [p for p in sys.path if p not in ("", ".")]
import json, os, warnings, hashlib, time
r = {"python": sys.executable, "pythonVersion": sys.version.split()[0]}
try:
    import importlib.metadata as md
    for name in ("pip", "wheel", "setuptools"):
        try:
            r[name] = md.version(name)
        except Exception:
            r[name] = None
except Exception:
    pass
cache_path = sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] else None
raw = os.environ.get("TORCH_CUDA_ARCH_LIST")
entries = [e for e in (raw or "").replace(" ", ";").split(";") if e]
TORCH_KEYS = ("torch", "torchCuda", "torchMtime", "cudaAvailable", "archList", "gpus", "cxx11Abi", "cudaHome")

def cache_key():
    import importlib.util
    spec = importlib.util.find_spec("torch")
    if spec is None or not spec.origin:
        return None
    d = os.path.dirname(spec.origin)
    parts = [sys.executable, spec.origin]
    for f in ("__init__.py", "version.py", os.path.join("lib", "libtorch_cuda.so"), os.path.join("lib", "torch_cuda.dll")):
        try:
            st = os.stat(os.path.join(d, f))
            parts.append("%s:%d:%d" % (f, st.st_mtime_ns, st.st_size))
        except OSError:
            parts.append(f + ":-")
    for v in ("CUDA_HOME", "CUDA_PATH", "CUDA_VISIBLE_DEVICES", "PATH", "LD_LIBRARY_PATH"):
        parts.append(v + "=" + os.environ.get(v, ""))
    try:
        with open("/proc/driver/nvidia/version") as fh:
            parts.append(fh.read())
    except OSError:
        parts.append("no /proc/driver/nvidia/version")
    return hashlib.sha256("\0".join(parts).encode("utf-8", "replace")).hexdigest()

cache, key = {}, None
if cache_path:
    try:
        key = cache_key()
        with open(cache_path) as fh:
            cache = json.load(fh)
        if not isinstance(cache, dict) or cache.get("v") != 1:
            cache = {}
    except Exception:
        cache = {}
    hit = cache.get("entries", {}).get(key) if key else None
    if hit and all(e in hit.get("arch", {}) for e in entries):
        r.update(hit["report"])
        r["cached"] = hit["t"]
        if entries:
            out = [dict(hit["arch"][e], entry=e) for e in entries]
            r["archEntries"] = out
            bad = [e for e in out if not e["accepted"]]
            if bad:
                r["archFlagsError"] = bad[0]["error"]
            else:
                r["archFlags"] = sorted(set(f for e in out for f in e["flags"]))
        print(json.dumps(r)); sys.exit(0)
try:
    import torch
except Exception as e:
    r["torchError"] = type(e).__name__ + ": " + str(e)
    print(json.dumps(r)); sys.exit(0)
r["torch"] = str(torch.__version__)
r["torchCuda"] = torch.version.cuda
r["torchMtime"] = os.path.getmtime(torch.__file__)
try:
    r["cudaAvailable"] = bool(torch.cuda.is_available())
    r["archList"] = list(torch.cuda.get_arch_list())
    r["gpus"] = [{"name": torch.cuda.get_device_name(i), "capability": list(torch.cuda.get_device_capability(i))} for i in range(torch.cuda.device_count())]
except Exception as e:
    r["gpuError"] = str(e)
try:
    r["cxx11Abi"] = bool(torch._C._GLIBCXX_USE_CXX11_ABI)
except Exception:
    pass
try:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import torch.utils.cpp_extension as ce
    r["cudaHome"] = ce.CUDA_HOME
    if raw:
        out = []
        for e in entries:
            os.environ["TORCH_CUDA_ARCH_LIST"] = e
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    out.append({"entry": e, "accepted": True, "flags": ce._get_cuda_arch_flags()})
            except Exception as x:
                out.append({"entry": e, "accepted": False, "error": type(x).__name__ + ": " + str(x)})
        os.environ["TORCH_CUDA_ARCH_LIST"] = raw
        r["archEntries"] = out
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                r["archFlags"] = ce._get_cuda_arch_flags()
        except Exception as x:
            r["archFlagsError"] = type(x).__name__ + ": " + str(x)
except Exception as e:
    r["cppExtensionError"] = type(e).__name__ + ": " + str(e)
print(json.dumps(r))
sys.stdout.flush()
if cache_path and key and "gpuError" not in r and "cppExtensionError" not in r:
    try:
        all_entries = cache.setdefault("entries", {})
        old = all_entries.get(key, {})
        arch = old.get("arch", {})
        for e in r.get("archEntries", []):
            arch[e["entry"]] = {k: v for k, v in e.items() if k != "entry"}
        all_entries[key] = {"t": time.time(), "report": {k: r[k] for k in TORCH_KEYS if k in r}, "arch": arch}
        for k in sorted(all_entries, key=lambda k: all_entries[k].get("t", 0))[:-16]:
            del all_entries[k]
        cache["v"] = 1
        os.makedirs(os.path.dirname(cache_path), exist_ok=True)
        tmp = cache_path + ".%d.tmp" % os.getpid()
        with open(tmp, "w") as fh:
            json.dump(cache, fh)
        os.replace(tmp, cache_path)
    except Exception:
        pass
`;

const sep = (platform: NodeJS.Platform): string => (platform === "win32" ? "\\" : "/");
const join = (platform: NodeJS.Platform, ...parts: string[]): string => parts.join(sep(platform)).replace(/[\\/]+/g, sep(platform));
const exe = (platform: NodeJS.Platform, name: string): string => (platform === "win32" ? `${name}.exe` : name);

/** Where the Python probe keeps torch's answers ("" = no cache: CUDAFIX_NO_CACHE=1, or no home folder). */
export function torchCachePath(env: Env, platform: NodeJS.Platform): string {
  if (env.CUDAFIX_NO_CACHE && env.CUDAFIX_NO_CACHE !== "0") return "";
  const base = platform === "win32" ? env.LOCALAPPDATA : env.XDG_CACHE_HOME || (env.HOME ? `${env.HOME}/.cache` : "");
  return base ? join(platform, base, "cudafix", "torch-probe.json") : "";
}

/** The Python that builds: --python, else the active venv, else the active conda env, else python3/python. */
export function pythonCandidates(o: Pick<ProbeOptions, "env" | "platform" | "python">): string[] {
  if (o.python) return [o.python];
  const win = o.platform === "win32";
  const out: string[] = [];
  if (o.env.VIRTUAL_ENV) out.push(join(o.platform, o.env.VIRTUAL_ENV, win ? "Scripts" : "bin", exe(o.platform, "python")));
  else if (o.env.CONDA_PREFIX) out.push(join(o.platform, o.env.CONDA_PREFIX, ...(win ? [] : ["bin"]), exe(o.platform, "python")));
  out.push(...(win ? ["python", "py"] : ["python3", "python"]));
  return out;
}

/**
 * The toolkit torch's cpp_extension builds with, found as torch finds it: CUDA_HOME, else CUDA_PATH, else
 * the folder above the first nvcc on PATH, else /usr/local/cuda. torch runs that folder's bin/nvcc only:
 * PATH's nvcc matters only when neither variable is set.
 */
export function torchCudaHome(env: Env, platform: NodeJS.Platform, fs: FsView): { home: string; source: string } | null {
  if (env.CUDA_HOME) return { home: env.CUDA_HOME, source: "CUDA_HOME" };
  if (env.CUDA_PATH) return { home: env.CUDA_PATH, source: "CUDA_PATH" };
  const delim = platform === "win32" ? ";" : ":";
  const nvcc = exe(platform, "nvcc");
  for (const d of (env.PATH ?? env.Path ?? "").split(delim)) {
    if (d && fs.isFile(join(platform, d, nvcc))) {
      const parent = d.replace(/[\\/]+$/, "").replace(/[\\/][^\\/]*$/, "");
      return { home: parent || sep(platform), source: "PATH" };
    }
  }
  if (platform !== "win32" && fs.isDir("/usr/local/cuda")) return { home: "/usr/local/cuda", source: "default /usr/local/cuda" };
  return null;
}

export function toolProbes(o: ProbeOptions): ToolProbe[] {
  const t = o.toolTimeoutMs ?? TOOL_TIMEOUT_MS;
  const win = o.platform === "win32";
  const fs = o.fs ?? realFs;
  const probes: ToolProbe[] = [
    // First: importing torch takes seconds, every other probe runs while it does.
    {
      name: "python",
      timeoutMs: o.pythonTimeoutMs ?? PYTHON_TIMEOUT_MS,
      attempts: pythonCandidates(o).map((file) => ({ file, args: ["-c", TORCH_SCRIPT, torchCachePath(o.env, o.platform)], parse: (r) => parseTorchReport(r.stdout).parsed })),
      absentFacts: { torch: "", torchError: "no Python found to ask" },
    },
    { name: "nvcc", timeoutMs: t, attempts: [{ file: "nvcc", args: ["--version"], parse: (r) => parseNvccVersion(r.stdout) }] },
    {
      name: "nvidia-smi",
      timeoutMs: t,
      attempts: [
        {
          file: "nvidia-smi",
          args: ["--query-gpu=index,name,compute_cap,driver_version,memory.total", "--format=csv,noheader"],
          parse: (r) => parseNvidiaSmiQuery(`${r.stdout}\n${r.code ? r.stderr : ""}`),
        },
        {
          file: "nvidia-smi",
          args: ["--query-gpu=index,name,driver_version,memory.total", "--format=csv,noheader"],
          parse: (r) => parseNvidiaSmiQuery(`${r.stdout}\n${r.code ? r.stderr : ""}`, false),
        },
      ],
    },
    { name: "ninja", timeoutMs: t, attempts: [{ file: "ninja", args: ["--version"], parse: (r) => parseNinjaVersion(r.stdout) }], absentFacts: { ninja: "" } },
  ];
  // The nvcc torch would run, and what it compiles for: asked of that nvcc, not of PATH's.
  const found = torchCudaHome(o.env, o.platform, fs);
  if (found) {
    const nvcc = join(o.platform, found.home, "bin", exe(o.platform, "nvcc"));
    probes.push(
      { name: "nvcc-home", timeoutMs: t, absentFacts: { cudaHomeNvcc: "" }, attempts: [{ file: nvcc, args: ["--version"], parse: (r) => {
        const p = parseNvccVersion(r.stdout);
        return p.ok ? { ...p, facts: { cudaHomeNvcc: p.facts.nvcc!, cudaHomeNvccBuild: p.facts.nvccBuild! } } : p;
      } }] },
      { name: "nvcc-archs", timeoutMs: t, attempts: [{ file: nvcc, args: ["--list-gpu-arch"], parse: (r) => parseNvccArchs(r.stdout) }] },
      { name: "nvcc-codes", timeoutMs: t, attempts: [{ file: nvcc, args: ["--list-gpu-code"], parse: (r) => parseNvccCodes(r.stdout) }] },
    );
    const nul = win ? "NUL" : "/dev/null";
    const variants = [...new Set([...archVariants(o.env.TORCH_CUDA_ARCH_LIST ?? ""), ...(o.archs ?? []).filter((a) => /^\d{2,3}[a-z]$/.test(a))])].slice(0, 8);
    for (const v of variants) {
      probes.push({ name: `nvcc-${v}`, timeoutMs: t, attempts: [{
        file: nvcc,
        args: ["--dryrun", "-gencode", `arch=compute_${v},code=sm_${v}`, "-x", "cu", "-c", nul, "-o", nul],
        parse: (r) => parseNvccDryrun(v, r),
      }] });
    }
  }
  if (win) {
    // cl prints its banner on stderr and exits non-zero without arguments.
    probes.push({ name: "cl", timeoutMs: t, attempts: [{ file: "cl", args: [], parse: (r) => parseClVersion(`${r.stderr}\n${r.stdout}`) }] });
  } else {
    probes.push(
      { name: "gcc", timeoutMs: t, attempts: [{ file: o.env.CC || "gcc", args: ["--version"], parse: (r) => parseGnuVersion(r.stdout, "gcc") }] },
      { name: "g++", timeoutMs: t, attempts: [{ file: o.env.CXX || "g++", args: ["--version"], parse: (r) => parseGnuVersion(r.stdout, "gxx") }] },
    );
    if (o.platform === "linux") {
      probes.push({ name: "libcuda", timeoutMs: t, attempts: ["ldconfig", "/sbin/ldconfig", "/usr/sbin/ldconfig"].map((file) => ({ file, args: ["-p"], parse: (r) => parseLdconfig(r.stdout) })) });
    }
  }
  return probes;
}

export interface ToolOutcome {
  readonly status: ProbeStatus;
  readonly facts: Record<string, string>;
  readonly stdout: string;
}

function describe(file: string, args: readonly string[]): string {
  const shown = args.map((a) => (a.includes("\n") ? "<script>" : /\s/.test(a) ? `"${a}"` : a));
  return [file, ...shown].join(" ");
}

export async function runToolProbe(p: ToolProbe, runner: Runner, env: Env): Promise<ToolOutcome> {
  const started = Date.now();
  let last: ToolOutcome | null = null;
  for (const a of p.attempts) {
    const r: RunResult = await runner(a.file, a.args, { timeoutMs: p.timeoutMs, env });
    const command = describe(a.file, a.args);
    const status = (s: ProbeStatus["status"], detail: string): ProbeStatus => ({ name: p.name, command, status: s, detail, ms: Date.now() - started });
    if (r.kind === "absent") {
      last = { status: status("absent", /[\\/]/.test(a.file) ? `${a.file}: no such file` : `${a.file}: not on PATH`), facts: { ...p.absentFacts }, stdout: "" };
      continue;
    }
    if (r.kind === "timeout") return { status: status("timed out", `timed out after ${formatSeconds(r.ms)}`), facts: {}, stdout: "" };
    if (r.kind === "signal") return { status: status("failed", `killed by ${r.signal}`), facts: {}, stdout: "" };
    if (r.kind === "flood") return { status: status("unreadable", `more than ${Math.round(r.bytes / 1024)} KiB of output`), facts: {}, stdout: "" };
    if (r.kind === "error") return { status: status("failed", r.message), facts: {}, stdout: "" };
    const parsed = a.parse(r);
    if (parsed.ok) return { status: status("ok", parsed.detail), facts: parsed.facts, stdout: r.stdout };
    last = {
      status: r.code !== 0 && !parsed.retry
        ? status("failed", `exit ${r.code}: ${firstLine(r.stderr) || firstLine(r.stdout) || "no output"}`)
        : status("unreadable", parsed.detail),
      facts: {},
      stdout: r.stdout,
    };
    if (!parsed.retry) return last;
  }
  return last ?? { status: { name: p.name, command: "", status: "absent", detail: "nothing to run", ms: 0 }, facts: {}, stdout: "" };
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

// ─── probes that read the environment and the disk ────────────────────────────────────────────────

export function envFacts(env: Env, platform: NodeJS.Platform, fs: FsView): Record<string, string> {
  const delim = platform === "win32" ? ";" : ":";
  const nvcc = exe(platform, "nvcc");
  const pathNvcc = (env.PATH ?? env.Path ?? "").split(delim).filter((d) => d && fs.isFile(join(platform, d, nvcc)));
  const vs = Boolean(env.VSCMD_ARG_TGT_ARCH || env.VCINSTALLDIR);
  return {
    archListEnv: env.TORCH_CUDA_ARCH_LIST ?? "",
    cudaHome: env.CUDA_HOME ?? "",
    cudaPath: env.CUDA_PATH ?? "",
    pathNvcc: [...new Set(pathNvcc)].join(";"),
    libraryPath: env.LIBRARY_PATH ?? "",
    ldLibraryPath: env.LD_LIBRARY_PATH ?? "",
    maxJobs: env.MAX_JOBS ?? "",
    cc: env.CC ?? "",
    cxx: env.CXX ?? "",
    cudaHostCxx: env.CUDAHOSTCXX ?? "",
    distutilsUseSdk: env.DISTUTILS_USE_SDK ?? "",
    mssdk: env.MSSdk ?? env.MSSDK ?? "",
    vsPrompt: String(vs),
    vsArch: env.VSCMD_ARG_TGT_ARCH ?? "",
    // cmd sets PROMPT in the environment; PowerShell does not.
    shell: platform === "win32" ? (env.PROMPT ? "cmd" : "powershell") : "sh",
  };
}

const PROGRAM_FILES_CUDA = "C:\\Program Files\\NVIDIA GPU Computing Toolkit\\CUDA";

/** Installed toolkits as version=path: /usr/local/cuda-X.Y, /opt/cuda*, the conda env, CUDA_PATH_V*, Program Files. */
export function findToolkits(env: Env, platform: NodeJS.Platform, fs: FsView): string {
  const found: [string, string][] = [];
  const add = (version: string, path: string): void => {
    if (!found.some(([, p]) => p === path)) found.push([version, path]);
  };
  if (platform !== "win32") {
    for (const root of ["/usr/local", "/opt"]) {
      for (const name of fs.list(root).sort()) {
        const m = /^cuda-(\d+\.\d+)$/.exec(name);
        if (m && fs.isDir(`${root}/${name}`)) add(m[1]!, `${root}/${name}`);
      }
    }
  } else {
    const root = env.ProgramFiles ? `${env.ProgramFiles}\\NVIDIA GPU Computing Toolkit\\CUDA` : PROGRAM_FILES_CUDA;
    for (const name of fs.list(root).sort()) {
      const m = /^v(\d+\.\d+)$/.exec(name);
      if (m) add(m[1]!, `${root}\\${name}`);
    }
  }
  for (const [k, v] of Object.entries(env)) {
    const m = /^CUDA_PATH_V(\d+)_(\d+)$/.exec(k);
    if (m && v) add(`${m[1]}.${m[2]}`, v.replace(/[\\/]+$/, ""));
  }
  const conda = env.CONDA_PREFIX;
  if (conda) {
    for (const name of fs.list(join(platform, conda, "conda-meta"))) {
      const m = /^cuda-nvcc-(\d+\.\d+)/.exec(name);
      if (m) add(m[1]!, platform === "win32" ? join(platform, conda, "Library") : conda);
    }
  }
  found.sort((a, b) => a[0].localeCompare(b[0], "en", { numeric: true }));
  return found.map(([v, p]) => `${v}=${p}`).join(";");
}

const SKIP_DIRS = new Set(["node_modules", ".git", ".venv", "venv", "site-packages", "__pycache__", ".tox", ".cache"]);

/** The project: build-system.requires, leftovers of earlier builds, compiled extensions older than torch. */
export function projectFacts(dir: string, platform: NodeJS.Platform, fs: FsView, torchMtime: number | null): Record<string, string> {
  const facts: Record<string, string> = { project: dir };
  const skipped: string[] = [];
  const read = (name: string): string | null => {
    const p = join(platform, dir, name);
    const text = fs.read(p);
    const why = text === null ? fs.problem?.(p, dir) : null;
    if (why) skipped.push(`${name}: ${why}`);
    return text;
  };
  const toml = read("pyproject.toml");
  facts.pyproject = String(toml !== null);
  if (toml !== null) {
    const reqs = parseBuildRequires(toml);
    facts.buildRequires = (reqs ?? []).join(";");
    facts.buildRequiresTorch = torchRequirement(reqs ?? []);
  }
  const setup = read("setup.py") ?? "";
  facts.projectSkipped = skipped.join("; ");
  facts.torchExtension = String(/cpp_extension|CUDAExtension|CppExtension|BuildExtension/.test(setup + (toml ?? "")));
  const names = fs.list(dir);
  facts.leftovers = names.filter((n) => ((n === "build" || n === "dist") && fs.isDir(join(platform, dir, n))) || n.endsWith(".egg-info")).sort().join(";");
  if (torchMtime !== null) {
    const stale: string[] = [];
    let budget = 5000;
    const walk = (d: string, rel: string, depth: number): void => {
      for (const n of fs.list(d)) {
        if (--budget < 0 || stale.length >= 20) return;
        const p = join(platform, d, n);
        const r = rel ? `${rel}/${n}` : n;
        if (/\.(so|pyd)$/.test(n)) {
          const m = fs.mtime(p);
          if (m !== null && m < torchMtime) stale.push(r);
        } else if (depth < 4 && !SKIP_DIRS.has(n) && !n.startsWith(".") && fs.isDir(p)) walk(p, r, depth + 1);
      }
    };
    walk(dir, "", 0);
    facts.staleExtensions = stale.join(";");
  }
  return facts;
}

/** The folders GNU ld searches for `-lcuda` after -L: LIBRARY_PATH, then its default folders. */
const LD_DEFAULT_DIRS = ["/usr/local/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/usr/local/lib64", "/lib64", "/usr/lib64", "/usr/local/lib", "/lib", "/usr/lib",
  "/usr/lib/aarch64-linux-gnu", "/lib/aarch64-linux-gnu"];

/** libcuda.so's link stub in the toolkit torch would use, and the libcuda.so the linker would find now. */
function stubFacts(facts: Record<string, string>, env: Env, platform: NodeJS.Platform, fs: FsView): Record<string, string> {
  if (platform !== "linux") return {};
  const out: Record<string, string> = { libcudaStub: "", libcudaStubDir: "" };
  const homes = [env.CUDA_HOME, env.CUDA_PATH, facts.torchCudaHome, facts.cudaHomeUsed, "/usr/local/cuda"].filter((h): h is string => Boolean(h));
  stub: for (const h of homes) {
    for (const lib of ["lib64", "lib"]) {
      const dir = `${h.replace(/\/+$/, "")}/${lib}/stubs`;
      if (fs.isFile(`${dir}/libcuda.so`)) {
        Object.assign(out, { libcudaStub: `${dir}/libcuda.so`, libcudaStubDir: dir });
        break stub;
      }
    }
  }
  const dirs = [...(env.LIBRARY_PATH ?? "").split(":").filter(Boolean), ...LD_DEFAULT_DIRS];
  out.libcudaLink = dirs.map((d) => `${d.replace(/\/+$/, "")}/libcuda.so`).find((p) => fs.isFile(p)) ?? "";
  return out;
}

/** Runs every probe at once and merges their facts. Never throws for trouble on the machine. */
export async function collectLiveFacts(o: ProbeOptions): Promise<LiveFacts & { torch: TorchReport | null }> {
  const runner = o.runner ?? runProcess;
  const fs = o.fs ?? realFs;
  const env: Env = o.env;
  const started = Date.now();
  const tools = toolProbes(o);
  const outcomes = await Promise.all(tools.map((p) => runToolProbe(p, runner, env)));
  const facts: Record<string, string> = {};
  const probes: ProbeStatus[] = [];
  let torch: TorchReport | null = null;
  for (const [i, out] of outcomes.entries()) {
    // Facts that several probes report (one nvcc answer per arch variant) add up as a list.
    for (const [k, v] of Object.entries(out.facts)) facts[k] = facts[k] && v && k.startsWith("nvccVariants") ? `${facts[k]};${v}` : v;
    probes.push(out.status);
    if (tools[i]!.name === "python" && out.status.status === "ok") torch = parseTorchReport(out.stdout).report;
  }
  const sys = o.system ?? { freeBytes: freemem(), totalBytes: totalmem(), cores: cpus().length };
  const gib = (b: number): string => (b / 2 ** 30).toFixed(1);
  Object.assign(facts, { platform: o.platform, cores: String(sys.cores), memFreeGiB: gib(sys.freeBytes), memTotalGiB: gib(sys.totalBytes) });
  probes.push({ name: "system", command: "(os module)", status: "ok", detail: `${o.platform}, ${sys.cores} cores, ${gib(sys.freeBytes)} of ${gib(sys.totalBytes)} GiB free`, ms: 0 });

  Object.assign(facts, envFacts(env, o.platform, fs));
  if (facts.nvcc && facts.pathNvcc) facts.nvccPath = join(o.platform, facts.pathNvcc.split(";")[0]!, exe(o.platform, "nvcc"));
  const home = torchCudaHome(env, o.platform, fs);
  facts.cudaHomeUsed = home?.home ?? "";
  // No CUDA home at all: there is no nvcc for torch to run (measured, not unknown).
  if (!home) facts.cudaHomeNvcc = "";
  facts.cudaHomeSource = home?.source ?? "none found";
  if (home) facts.cudaHomeNvccPath = join(o.platform, home.home, "bin", exe(o.platform, "nvcc"));
  // What the nvcc torch runs compiles for: its listed architectures, and the variants (90a, 100f) it accepted when asked.
  if (facts.nvccArchs !== undefined) {
    facts.nvccTargets = [...new Set([...facts.nvccArchs.split(";"), ...(facts.nvccCodes ?? "").split(";"), ...(facts.nvccVariants ?? "").split(";")].filter(Boolean))].join(";");
  }
  // The interpreter the build uses: the one that answered, else the one asked for (--python), else the first candidate.
  facts.buildPython = facts.python || pythonCandidates(o)[0]!;
  probes.push({ name: "env", command: "(environment)", status: "ok", detail: envDetail(facts), ms: 0 });

  // GPUs: nvidia-smi first; torch's view when nvidia-smi is missing or too old to give capabilities.
  const smi = probes.find((p) => p.name === "nvidia-smi");
  const tg = torchGpus(torch);
  if (!facts.gpuCaps && tg && (tg.length || smi?.status !== "ok")) {
    const smiGpus = facts.gpuNames ? facts.gpuNames.split(";") : [];
    Object.assign(facts, gpuFacts(tg, smi?.status === "ok" ? "torch (nvidia-smi gives no compute_cap)" : "torch (no nvidia-smi)"), smiGpus.length ? { gpuNames: facts.gpuNames } : {});
  } else if (smi?.status !== "ok" && !facts.gpuCount && o.platform === "linux" && !fs.isDir("/proc/driver/nvidia") && !fs.list("/dev").some((n) => /^nvidia\d+$/.test(n))) {
    // No nvidia-smi, no torch that sees a GPU, and no NVIDIA device node: there is no GPU here.
    Object.assign(facts, gpuFacts([], "no /dev/nvidia* device and no NVIDIA driver loaded"));
  }

  facts.toolkits = findToolkits(env, o.platform, fs);
  Object.assign(facts, stubFacts(facts, env, o.platform, fs));
  probes.push({ name: "toolkits", command: "(installed toolkits)", status: "ok", detail: facts.toolkits || "none found", ms: 0 });

  const dir = o.project ?? o.cwd;
  const torchMtime = facts.torchMtime ? Number(facts.torchMtime) : null;
  Object.assign(facts, projectFacts(dir, o.platform, fs, torchMtime));
  probes.push({ name: "project", command: `(${dir})`, status: "ok", detail: projectDetail(facts), ms: 0 });
  void started;
  return { facts, probes, torch };
}

function envDetail(f: Record<string, string>): string {
  const set = ["TORCH_CUDA_ARCH_LIST=archListEnv", "CUDA_HOME=cudaHome", "CUDA_PATH=cudaPath", "MAX_JOBS=maxJobs", "CC=cc", "CXX=cxx", "CUDAHOSTCXX=cudaHostCxx"]
    .map((kv) => kv.split("="))
    .filter(([, k]) => f[k!])
    .map(([n, k]) => `${n}=${f[k!]}`);
  return set.length ? set.join(" ") : "no build variables set";
}

function projectDetail(f: Record<string, string>): string {
  const parts = [f.pyproject === "true" ? `pyproject.toml requires ${f.buildRequires || "nothing"}` : "no pyproject.toml"];
  if (f.leftovers) parts.push(`leftovers: ${f.leftovers}`);
  if (f.staleExtensions) parts.push(`older than torch: ${f.staleExtensions}`);
  if (f.projectSkipped) parts.push(`not read: ${f.projectSkipped}`);
  return parts.join("; ");
}
