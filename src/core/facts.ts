// The names of the live facts the probes report, which probe reports each, and what it means.
// Trees and notes' `verify:` lists may only name these (the compiler checks); `log.NAME` names a fact
// the log showed (a note pattern's named group), which the compiler checks against the notes.
// Lists are `;`-separated; maps are `key=value;key=value`.

export interface LiveFactSpec {
  /** The probe that reports it (its name in the environment table). */
  readonly probe: string;
  readonly about: string;
  /** What a fix command says in its place when the value is unknown here: an instruction in words. */
  readonly unknown?: string;
  /** The log fact it is compared with when that is named otherwise (cudaHomeNvcc ↔ the log's nvcc). */
  readonly logName?: string;
}

export const LIVE_FACTS: Readonly<Record<string, LiveFactSpec>> = {
  platform: { probe: "system", about: "the operating system, as Node names it (linux, win32, darwin)" },
  cores: { probe: "system", about: "logical CPU cores" },
  memFreeGiB: { probe: "system", about: "free memory in GiB" },
  memTotalGiB: { probe: "system", about: "total memory in GiB" },

  nvcc: { probe: "nvcc", about: "release (X.Y) of the first nvcc on PATH", unknown: "<your nvcc release: nvcc --version>" },
  nvccBuild: { probe: "nvcc", about: "full version of the first nvcc on PATH (V13.0.88 → 13.0.88)" },
  nvccPath: { probe: "nvcc", about: "path of the first nvcc on PATH" },
  cudaHomeNvcc: { probe: "nvcc-home", about: "release of the nvcc torch runs: <its CUDA home>/bin/nvcc (CUDA_HOME, else CUDA_PATH, else the folder above PATH's nvcc, else /usr/local/cuda); empty: no nvcc there", unknown: "<the release of $CUDA_HOME/bin/nvcc --version>", logName: "nvcc" },
  cudaHomeNvccBuild: { probe: "nvcc-home", about: "full version of that nvcc (V13.0.88 → 13.0.88)" },
  cudaHomeNvccPath: { probe: "env", about: "the path of the nvcc torch runs" },
  cudaHomeUsed: { probe: "env", about: "the CUDA home torch's cpp_extension would use, found as torch finds it (empty: none)", unknown: "<your CUDA toolkit folder>" },
  cudaHomeSource: { probe: "env", about: "where that CUDA home came from: CUDA_HOME, CUDA_PATH, PATH or the default /usr/local/cuda" },
  nvccArchs: { probe: "nvcc-archs", about: "architectures the nvcc torch runs lists (nvcc --list-gpu-arch), as sm numbers" },
  nvccCodes: { probe: "nvcc-codes", about: "real architectures that nvcc lists (nvcc --list-gpu-code), as sm numbers" },
  nvccVariants: { probe: "nvcc-archs", about: "the arch-specific/family variants of TORCH_CUDA_ARCH_LIST (90a, 100f) that nvcc accepted when asked (nvcc --dryrun)" },
  nvccVariantsRejected: { probe: "nvcc-archs", about: "the variants that nvcc rejected when asked" },
  nvccTargets: { probe: "nvcc-archs", about: "everything that nvcc compiles for: its lists and the variants it accepted", unknown: "<the architectures nvcc --list-gpu-arch lists>" },
  toolkits: { probe: "toolkits", about: "installed CUDA toolkits, version=path (/usr/local/cuda-*, conda, CUDA_PATH_V*, Program Files)", unknown: "<a folder with a CUDA toolkit: ls -d /usr/local/cuda-*>" },

  python: { probe: "python", about: "the Python that builds (--python, else the active venv/conda env, else python3/python)", unknown: "<the Python that builds>" },
  buildPython: { probe: "python", about: "the interpreter the build uses: the one that answered, else --python, else the first candidate" },
  pip: { probe: "python", about: "pip's version in the Python that builds (empty: no pip there)", unknown: "<pip --version>" },
  wheel: { probe: "python", about: "the wheel package's version there (empty: not installed)" },
  setuptools: { probe: "python", about: "setuptools' version there (empty: not installed)" },
  pythonVersion: { probe: "python", about: "its version" },
  torch: { probe: "python", about: "torch.__version__" },
  torchError: { probe: "python", about: "why `import torch` failed" },
  torchCuda: { probe: "python", about: "torch.version.cuda: the CUDA torch was built with (empty for a CPU build)", unknown: "<torch's CUDA: python -c 'import torch; print(torch.version.cuda)'>" },
  cudaAvailable: { probe: "python", about: "torch.cuda.is_available()" },
  torchArchList: { probe: "python", about: "torch.cuda.get_arch_list() as sm numbers: the GPUs torch's own kernels cover" },
  torchCudaHome: { probe: "python", about: "torch.utils.cpp_extension.CUDA_HOME: the toolkit torch would build with" },
  cxx11Abi: { probe: "python", about: "torch._C._GLIBCXX_USE_CXX11_ABI" },
  torchMtime: { probe: "python", about: "when torch was installed (seconds since 1970)" },
  archAccepted: { probe: "python", about: "TORCH_CUDA_ARCH_LIST entries this torch accepts (asked of torch's own _get_cuda_arch_flags)" },
  archRejected: { probe: "python", about: "TORCH_CUDA_ARCH_LIST entries this torch rejects, with its own error" },
  archListArch: { probe: "python", about: "the sm numbers torch would compile for with the current TORCH_CUDA_ARCH_LIST (PTX entries end in +PTX)" },

  gpuNames: { probe: "nvidia-smi", about: "each GPU's name" },
  gpuCaps: { probe: "nvidia-smi", about: "each GPU's compute capability (X.Y), from nvidia-smi or else torch", unknown: "<your GPU's compute capability: nvidia-smi --query-gpu=compute_cap --format=csv>" },
  gpuArch: { probe: "nvidia-smi", about: "each GPU's compute capability as an sm number (9.0 → 90)" },
  gpuCount: { probe: "nvidia-smi", about: "how many GPUs" },
  driver: { probe: "nvidia-smi", about: "the NVIDIA driver version" },
  gpuSource: { probe: "nvidia-smi", about: "who reported the GPUs: nvidia-smi, or torch when nvidia-smi is missing or too old" },

  archListEnv: { probe: "env", about: "TORCH_CUDA_ARCH_LIST (empty: unset)" },
  cudaHome: { probe: "env", about: "CUDA_HOME (empty: unset)" },
  cudaPath: { probe: "env", about: "CUDA_PATH (empty: unset)" },
  pathNvcc: { probe: "env", about: "the PATH entries that hold an nvcc" },
  libraryPath: { probe: "env", about: "LIBRARY_PATH" },
  ldLibraryPath: { probe: "env", about: "LD_LIBRARY_PATH" },
  maxJobs: { probe: "env", about: "MAX_JOBS (empty: unset)" },
  cc: { probe: "env", about: "CC" },
  cxx: { probe: "env", about: "CXX" },
  cudaHostCxx: { probe: "env", about: "CUDAHOSTCXX" },
  distutilsUseSdk: { probe: "env", about: "DISTUTILS_USE_SDK" },
  mssdk: { probe: "env", about: "MSSdk" },
  vsPrompt: { probe: "env", about: "true when a Visual Studio developer prompt is active (VSCMD_ARG_TGT_ARCH or VCINSTALLDIR)" },
  vsArch: { probe: "env", about: "the target architecture of that prompt (VSCMD_ARG_TGT_ARCH)" },
  shell: { probe: "env", about: "the shell the fix commands are written for: sh, powershell or cmd" },

  gcc: { probe: "gcc", about: "gcc's version" },
  gxx: { probe: "g++", about: "g++'s version" },
  cl: { probe: "cl", about: "MSVC cl.exe's version (Windows)" },
  ninja: { probe: "ninja", about: "ninja's version" },
  libcuda: { probe: "libcuda", about: "where the driver's libcuda.so is (ldconfig -p)" },
  libcudaStub: { probe: "toolkits", about: "the toolkit's link stub, $CUDA_HOME/lib64/stubs/libcuda.so, if there" },
  libcudaStubDir: { probe: "toolkits", about: "the folder of that stub", unknown: "<your toolkit's lib64/stubs folder>" },
  libcudaLink: { probe: "toolkits", about: "the libcuda.so that `-lcuda` finds now (LIBRARY_PATH, then the linker's default folders; empty: none)" },

  project: { probe: "project", about: "the project folder (cwd or --project)" },
  pyproject: { probe: "project", about: "true when the project has a pyproject.toml" },
  buildRequires: { probe: "project", about: "pyproject.toml's build-system.requires" },
  buildRequiresTorch: { probe: "project", about: "the torch requirement in build-system.requires (empty: none)" },
  torchExtension: { probe: "project", about: "true when setup.py or pyproject.toml uses torch.utils.cpp_extension" },
  leftovers: { probe: "project", about: "leftover build/, dist/, *.egg-info in the project" },
  projectSkipped: { probe: "project", about: "project files not read, and why (a FIFO, a device, a link out of the project, too large)" },
  staleExtensions: { probe: "project", about: "compiled extensions (*.so, *.pyd) older than the installed torch" },
};

export function isLiveFact(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(LIVE_FACTS, name);
}
