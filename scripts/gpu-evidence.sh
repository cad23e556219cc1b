#!/bin/sh
# Records cudafix's live checks on a machine with an NVIDIA GPU, torch 2.11 (+cu130) and nvcc 13.0, as
# evidence for test/fixtures/gpu-h200/. Run from the repository root after `npm run build`:
#
#     sh scripts/gpu-evidence.sh [OUTDIR]        (default: $OUT, else ./gpu-evidence)
#
# Set PYTHON to the Python that has torch when it is not the active venv or python3 on PATH.
# It only runs cudafix (which prints commands and runs none) and a few read-only tools.
set -u
out="${1:-${OUT:-gpu-evidence}}"
mkdir -p "$out"
corpus="${CORPUS:-../shared/corpus/lab-h200}"
py=""
[ -n "${PYTHON:-}" ] && py="--python $PYTHON"

run() { # name, then the command; records stdout, stderr and the exit code
  name="$1"; shift
  "$@" >"$out/$name.out" 2>"$out/$name.err"
  echo "$?" >"$out/$name.rc"
}

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "node: $(node --version)"
  echo "nvidia-smi: $(nvidia-smi --query-gpu=name,compute_cap,driver_version --format=csv,noheader 2>&1 | head -4)"
  echo "nvcc: $(nvcc --version 2>&1 | grep release)"
  echo "python: ${PYTHON:-$(command -v python3)}"
} >"$out/machine.txt"

# No TORCH_CUDA_ARCH_LIST: the standing checks as the machine is.
run doctor env -u TORCH_CUDA_ARCH_LIST node bin/cudafix.js doctor --json $py
run doctor-text env -u TORCH_CUDA_ARCH_LIST NO_COLOR=1 node bin/cudafix.js doctor $py
# torch's own verdict on each entry: 9.0 and 10.0 accepted, 10.1 rejected by torch 2.11.
run doctor-archlist env TORCH_CUDA_ARCH_LIST="9.0;10.0;10.1" node bin/cudafix.js doctor --json $py
run doctor-archlist-text env TORCH_CUDA_ARCH_LIST="9.0;10.0;10.1" NO_COLOR=1 node bin/cudafix.js doctor $py
# The wheel built for sm_80 only, checked against this GPU.
run arch-80-only env -u TORCH_CUDA_ARCH_LIST node bin/cudafix.js --json "$corpus/arch-80-only.log" $py
run arch-80-only-text env -u TORCH_CUDA_ARCH_LIST NO_COLOR=1 node bin/cudafix.js "$corpus/arch-80-only.log" $py
# The log's unknown arch (13.5), with the list now set to 9.0;10.0;10.1.
run arch-unknown env TORCH_CUDA_ARCH_LIST="9.0;10.0;10.1" node bin/cudafix.js --json "$corpus/arch-unknown.log" $py
run arch-unknown-text env TORCH_CUDA_ARCH_LIST="9.0;10.0;10.1" NO_COLOR=1 node bin/cudafix.js "$corpus/arch-unknown.log" $py
ls -l "$out"
