// The names of the live facts the probes report, which probe reports each, and what it means.
// Trees and notes' `verify:` lists may only name these (the compiler checks); `log.NAME` names a fact
// the log showed (a note pattern's named group), which the compiler checks against the notes.
// Lists are `;`-separated; maps are `key=value;key=value`.

export interface LiveFactSpec {
  /** The probe that reports it (its name in the environment table). */
  readonly probe: string;
  readonly about: string;
}

export const LIVE_FACTS: Readonly<Record<string, LiveFactSpec>> = {
  platform: { probe: "system", about: "the operating system, as Node names it (linux, win32, darwin)" },
  cores: { probe: "system", about: "logical CPU cores" },
  memFreeGiB: { probe: "system", about: "free memory in GiB" },
  memTotalGiB: { probe: "system", about: "total memory in GiB" },

  nvcc: { probe: "nvcc", about: "release (X.Y) of the first nvcc on PATH" },
  nvccBuild: { probe: "nvcc", about: "full version of the first nvcc on PATH (V13.0.88 → 13.0.88)" },
  nvccPath: { probe: "nvcc", about: "path of the first nvcc on PATH" },
  cudaHomeNvcc: { probe: "nvcc-home", about: "release of $CUDA_HOME/bin/nvcc (else $CUDA_PATH/bin/nvcc), the one torch checks" },
  nvccArchs: { probe: "nvcc-archs", about: "architectures the nvcc on PATH can compile for (nvcc --list-gpu-arch), as sm numbers" },
  toolkits: { probe: "toolkits", about: "installed CUDA toolkits, version=path (/usr/local/cuda-*, conda, CUDA_PATH_V*, Program Files)" },

  python: { probe: "python", about: "the Python that builds (--python, else the active venv/conda env, else python3/python)" },
  pythonVersion: { probe: "python", about: "its version" },
  torch: { probe: "python", about: "torch.__version__" },
  torchError: { probe: "python", about: "why `import torch` failed" },
  torchCuda: { probe: "python", about: "torch.version.cuda: the CUDA torch was built with (empty for a CPU build)" },
  cudaAvailable: { probe: "python", about: "torch.cuda.is_available()" },
  torchArchList: { probe: "python", about: "torch.cuda.get_arch_list() as sm numbers: the GPUs torch's own kernels cover" },
  torchCudaHome: { probe: "python", about: "torch.utils.cpp_extension.CUDA_HOME: the toolkit torch would build with" },
  cxx11Abi: { probe: "python", about: "torch._C._GLIBCXX_USE_CXX11_ABI" },
  torchMtime: { probe: "python", about: "when torch was installed (seconds since 1970)" },
  archAccepted: { probe: "python", about: "TORCH_CUDA_ARCH_LIST entries this torch accepts (asked of torch's own _get_cuda_arch_flags)" },
  archRejected: { probe: "python", about: "TORCH_CUDA_ARCH_LIST entries this torch rejects, with its own error" },
  archListArch: { probe: "python", about: "the sm numbers torch would compile for with the current TORCH_CUDA_ARCH_LIST (PTX entries end in +PTX)" },

  gpuNames: { probe: "nvidia-smi", about: "each GPU's name" },
  gpuCaps: { probe: "nvidia-smi", about: "each GPU's compute capability (X.Y), from nvidia-smi or else torch" },
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
