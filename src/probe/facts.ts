// The facts each probe yields, declared by the probes: for every probe, the live facts it reports (what
// each means, how the table labels it, what a fix command says when it is unknown), and for the probes the
// paste page can stand in for, the command a person runs and the parser of what it prints.
//
// Pure data (no Node): the compiler bundles the catalogue into kb.json (KnowledgeBase.liveFacts), where core
// reads it, and checks that trees and notes name only these facts; the paste page uses the same parsers.

import type { LiveFactSpec } from "../core/types.js";
import { parsePastedNvcc, parsePastedSmi, parseTorchOneLiner } from "./parse.js";

/** A probe's output that a person can paste into the page instead (the page has no tools to run). */
export interface PasteSource {
  /** The page's text box for it. */
  readonly box: "nvcc" | "smi" | "torch";
  /** What to run and paste (shown on the page). */
  readonly command: string;
  /** The box's heading, and what the page calls that output ("the torch one-liner"). */
  readonly title: string;
  readonly what: string;
  /** The facts in what it printed ({} when it is not that output). */
  readonly parse: (text: string) => Record<string, string>;
}

export interface ProbeDeclaration {
  /** The probe's name, as the environment table and each fact's `probe` give it. */
  readonly name: string;
  readonly facts: Readonly<Record<string, Omit<LiveFactSpec, "probe">>>;
  readonly paste?: PasteSource;
}

/** Every probe and its facts, in the order the Markdown report's environment table lists labelled facts. */
export const PROBES: readonly ProbeDeclaration[] = [
  {
    name: "python",
    paste: {
      box: "torch",
      title: "torch",
      what: "the torch one-liner",
      command: `python -c "import torch; print(torch.__version__, torch.version.cuda, torch.cuda.get_arch_list(), torch.cuda.get_device_capability() if torch.cuda.is_available() else None)"`,
      parse: parseTorchOneLiner,
    },
    facts: {
      python: { about: "the Python that builds (--python, else the active venv/conda env, else python3/python)", unknown: "<the Python that builds>", label: "Python" },
      buildPython: { about: "the interpreter the build uses: the one that answered, else --python, else the first candidate" },
      pip: { about: "pip's version in the Python that builds (empty: no pip there)", unknown: "<pip --version>" },
      wheel: { about: "the wheel package's version there (empty: not installed)" },
      setuptools: { about: "setuptools' version there (empty: not installed)" },
      pythonVersion: { about: "its version" },
      torch: { about: "torch.__version__", label: "PyTorch" },
      torchError: { about: "why `import torch` failed" },
      torchCuda: { about: "torch.version.cuda: the CUDA torch was built with (empty for a CPU build)", unknown: "<torch's CUDA: python -c 'import torch; print(torch.version.cuda)'>", label: "PyTorch built with CUDA" },
      cudaAvailable: { about: "torch.cuda.is_available()" },
      torchArchList: { about: "torch.cuda.get_arch_list() as sm numbers: the GPUs torch's own kernels cover" },
      torchCudaHome: { about: "torch.utils.cpp_extension.CUDA_HOME: the toolkit torch would build with" },
      cxx11Abi: { about: "torch._C._GLIBCXX_USE_CXX11_ABI" },
      torchMtime: { about: "when torch was installed (seconds since 1970)" },
      archAccepted: { about: "TORCH_CUDA_ARCH_LIST entries this torch accepts (asked of torch's own _get_cuda_arch_flags)" },
      archRejected: { about: "TORCH_CUDA_ARCH_LIST entries this torch rejects, with its own error" },
      archListArch: { about: "the sm numbers torch would compile for with the current TORCH_CUDA_ARCH_LIST (PTX entries end in +PTX)" },
    },
  },
  {
    name: "nvcc",
    paste: { box: "nvcc", title: "nvcc", what: "nvcc --version", command: "nvcc --version", parse: parsePastedNvcc },
    facts: {
      nvcc: { about: "release (X.Y) of the first nvcc on PATH", unknown: "<your nvcc release: nvcc --version>", label: "nvcc (CUDA toolkit)" },
      nvccBuild: { about: "full version of the first nvcc on PATH (V13.0.88 → 13.0.88)", label: "nvcc build" },
      nvccPath: { about: "path of the first nvcc on PATH", label: "nvcc path" },
    },
  },
  {
    name: "nvcc-home",
    facts: {
      cudaHomeNvcc: { about: "release of the nvcc torch runs: <its CUDA home>/bin/nvcc (CUDA_HOME, else CUDA_PATH, else the folder above PATH's nvcc, else /usr/local/cuda); empty: no nvcc there", unknown: "<the release of $CUDA_HOME/bin/nvcc --version>", logName: "nvcc" },
      cudaHomeNvccBuild: { about: "full version of that nvcc (V13.0.88 → 13.0.88)" },
    },
  },
  {
    name: "nvcc-archs",
    facts: {
      nvccArchs: { about: "architectures the nvcc torch runs lists (nvcc --list-gpu-arch), as sm numbers" },
      nvccVariants: { about: "the arch-specific/family variants of TORCH_CUDA_ARCH_LIST (90a, 100f) that nvcc accepted when asked (nvcc --dryrun)" },
      nvccVariantsRejected: { about: "the variants that nvcc rejected when asked" },
      nvccTargets: { about: "everything that nvcc compiles for: its lists and the variants it accepted", unknown: "<the architectures nvcc --list-gpu-arch lists>" },
    },
  },
  {
    name: "nvcc-codes",
    facts: {
      nvccCodes: { about: "real architectures that nvcc lists (nvcc --list-gpu-code), as sm numbers" },
    },
  },
  {
    name: "toolkits",
    facts: {
      toolkits: { about: "installed CUDA toolkits, version=path (/usr/local/cuda-*, conda, CUDA_PATH_V*, Program Files)", unknown: "<a folder with a CUDA toolkit: ls -d /usr/local/cuda-*>" },
      libcudaStub: { about: "the toolkit's link stub, $CUDA_HOME/lib64/stubs/libcuda.so, if there" },
      libcudaStubDir: { about: "the folder of that stub", unknown: "<your toolkit's lib64/stubs folder>" },
      libcudaLink: { about: "the libcuda.so that `-lcuda` finds now (LIBRARY_PATH, then the linker's default folders; empty: none)" },
    },
  },
  {
    name: "nvidia-smi",
    paste: { box: "smi", title: "nvidia-smi", what: "nvidia-smi", command: "nvidia-smi --query-gpu=name,compute_cap,driver_version --format=csv,noheader; nvidia-smi | head -4", parse: parsePastedSmi },
    facts: {
      gpuNames: { about: "each GPU's name", label: "GPUs" },
      gpuCaps: { about: "each GPU's compute capability (X.Y), from nvidia-smi or else torch", unknown: "<your GPU's compute capability: nvidia-smi --query-gpu=compute_cap --format=csv>", label: "compute capability" },
      gpuArch: { about: "each GPU's compute capability as an sm number (9.0 → 90)" },
      gpuCount: { about: "how many GPUs" },
      driver: { about: "the NVIDIA driver version", label: "NVIDIA driver" },
      gpuSource: { about: "who reported the GPUs: nvidia-smi, or torch when nvidia-smi is missing or too old" },
    },
  },
  {
    name: "env",
    facts: {
      cudaHomeNvccPath: { about: "the path of the nvcc torch runs" },
      cudaHomeUsed: { about: "the CUDA home torch's cpp_extension would use, found as torch finds it (empty: none)", unknown: "<your CUDA toolkit folder>" },
      cudaHomeSource: { about: "where that CUDA home came from: CUDA_HOME, CUDA_PATH, PATH or the default /usr/local/cuda" },
      archListEnv: { about: "TORCH_CUDA_ARCH_LIST (empty: unset)" },
      cudaHome: { about: "CUDA_HOME (empty: unset)", label: "CUDA_HOME" },
      cudaPath: { about: "CUDA_PATH (empty: unset)" },
      pathNvcc: { about: "the PATH entries that hold an nvcc" },
      libraryPath: { about: "LIBRARY_PATH" },
      ldLibraryPath: { about: "LD_LIBRARY_PATH" },
      maxJobs: { about: "MAX_JOBS (empty: unset)", label: "MAX_JOBS" },
      cc: { about: "CC" },
      cxx: { about: "CXX" },
      cudaHostCxx: { about: "CUDAHOSTCXX" },
      distutilsUseSdk: { about: "DISTUTILS_USE_SDK" },
      mssdk: { about: "MSSdk" },
      vsPrompt: { about: "true when a Visual Studio developer prompt is active (VSCMD_ARG_TGT_ARCH or VCINSTALLDIR)" },
      vsArch: { about: "the target architecture of that prompt (VSCMD_ARG_TGT_ARCH)" },
      shell: { about: "the shell the fix commands are written for: sh, powershell or cmd" },
    },
  },
  {
    name: "gcc",
    facts: {
      gcc: { about: "gcc's version" },
    },
  },
  {
    name: "g++",
    facts: {
      gxx: { about: "g++'s version" },
    },
  },
  {
    name: "cl",
    facts: {
      cl: { about: "MSVC cl.exe's version (Windows)" },
    },
  },
  {
    name: "ninja",
    facts: {
      ninja: { about: "ninja's version" },
    },
  },
  {
    name: "libcuda",
    facts: {
      libcuda: { about: "where the driver's libcuda.so is (ldconfig -p)" },
    },
  },
  {
    name: "system",
    facts: {
      platform: { about: "the operating system, as Node names it (linux, win32, darwin)" },
      cores: { about: "logical CPU cores" },
      memFreeGiB: { about: "free memory in GiB" },
      memTotalGiB: { about: "total memory in GiB" },
    },
  },
  {
    name: "project",
    facts: {
      project: { about: "the project folder (cwd or --project)" },
      pyproject: { about: "true when the project has a pyproject.toml" },
      buildRequires: { about: "pyproject.toml's build-system.requires" },
      buildRequiresTorch: { about: "the torch requirement in build-system.requires (empty: none)" },
      torchExtension: { about: "true when setup.py or pyproject.toml uses torch.utils.cpp_extension" },
      leftovers: { about: "leftover build/, dist/, *.egg-info in the project" },
      projectSkipped: { about: "project files not read, and why (a FIFO, a device, a link out of the project, too large)" },
      staleExtensions: { about: "compiled extensions (*.so, *.pyd) older than the installed torch" },
    },
  },
];

/** The catalogue as core takes it: fact name → its declaration, with the probe that reports it. */
export const LIVE_FACTS: Readonly<Record<string, LiveFactSpec>> = Object.fromEntries(
  PROBES.flatMap((p) => Object.entries(p.facts).map(([name, spec]) => [name, { probe: p.name, ...spec }])),
);

/** The probes whose output the paste page reads, with their parsers, in the order of the page's boxes. */
const BOXES: readonly PasteSource["box"][] = ["nvcc", "smi", "torch"];
export const PASTE_SOURCES: readonly (PasteSource & { readonly probe: string })[] = PROBES.flatMap((p) => (p.paste ? [{ ...p.paste, probe: p.name }] : [])).sort(
  (a, b) => BOXES.indexOf(a.box) - BOXES.indexOf(b.box),
);
