#!/bin/sh
# One command for every scenario of issue 14's "How it is checked", on a machine with an NVIDIA GPU,
# torch 2.11 (+cu130) and nvcc 13.0 (the H200). Run from the repository root after `npm run build`:
#
#     NODE=/path/to/node sh scripts/gpu-evidence.sh [OUTDIR]     (default: $OUT, else ./gpu-evidence)
#
# NODE: the Node binary (the H200 image has none: carry one); PYTHON: the Python with torch when it is
# not the active venv or python3 on PATH. Everything it needs is inside the repository: the lab logs
# are test/fixtures/lab-h200/ and the review's logs test/fixtures/gpu-h200/logs/ (../shared does not
# travel). It runs only cudafix (which prints commands and runs none) and a few read-only tools, and
# writes each output as NAME.out / NAME.err / NAME.rc, the timings in timings.txt, all in one
# gpu-evidence.tar.gz under OUTDIR.
set -u
dest="${1:-${OUT:-gpu-evidence}}"
out="$dest/gpu-evidence"
mkdir -p "$out"
node="${NODE:-node}"
lab="test/fixtures/lab-h200"
logs="test/fixtures/gpu-h200/logs"
py=""
[ -n "${PYTHON:-}" ] && py="--python $PYTHON"
fake="$(mktemp -d)"

run() { # name, then the command; records stdout, stderr, the exit code and the wall time
  name="$1"; shift
  t0=$(date +%s%N)
  "$@" >"$out/$name.out" 2>"$out/$name.err"
  echo "$?" >"$out/$name.rc"
  echo "$name $(( ($(date +%s%N) - t0) / 1000000 )) ms" >>"$out/timings.txt"
}
cf() { "$node" bin/cudafix.js "$@" $py; }

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "node: $("$node" --version)"
  echo "nvidia-smi: $(nvidia-smi --query-gpu=name,compute_cap,driver_version --format=csv,noheader 2>&1 | head -4)"
  echo "nvcc: $(nvcc --version 2>&1 | grep release)"
  echo "nvcc --list-gpu-code: $(nvcc --list-gpu-code 2>&1 | tr '\n' ' ')"
  echo "python: ${PYTHON:-$(command -v python3)}"
  echo "pip: $(${PYTHON:-python3} -m pip --version 2>&1)"
  echo "TORCH_CUDA_ARCH_LIST as found: ${TORCH_CUDA_ARCH_LIST:-unset}; CUDA_HOME: ${CUDA_HOME:-unset}; LIBRARY_PATH: ${LIBRARY_PATH:-unset}"
} >"$out/machine.txt"

# doctor: exit 0 with the list unset and with 9.0a; flags "9.0;10.0;10.1" (10.1 only) and 8.0.
for spec in unset:- 90a:9.0a arch3:"9.0;10.0;10.1" arch80:8.0; do
  n="${spec%%:*}"; v="${spec#*:}"
  if [ "$v" = "-" ]; then set -- env -u TORCH_CUDA_ARCH_LIST; else set -- env TORCH_CUDA_ARCH_LIST="$v"; fi
  run "doctor-$n" "$@" NO_COLOR=1 "$node" bin/cudafix.js doctor $py
  run "doctor-$n-json" "$@" "$node" bin/cudafix.js doctor --json $py
done

# Timing: torch's answers come from the probe's cache once asked (doctor under 3 s); without the cache,
# every doctor imports torch.
run doctor-90a-again env TORCH_CUDA_ARCH_LIST=9.0a NO_COLOR=1 "$node" bin/cudafix.js doctor $py
run doctor-90a-nocache env TORCH_CUDA_ARCH_LIST=9.0a CUDAFIX_NO_CACHE=1 NO_COLOR=1 "$node" bin/cudafix.js doctor $py

# A fake nvcc 12.6 / 13.1 toolkit under CUDA_HOME (a script printing that banner; the rest is the real 13.0).
for v in 12.6 13.1; do
  mkdir -p "$fake/cuda-$v/bin"
  printf '#!/bin/sh\ncase "$1" in --version) echo "Cuda compilation tools, release %s, V%s.0" ;; *) exec /usr/local/cuda/bin/nvcc "$@" ;; esac\n' "$v" "$v" >"$fake/cuda-$v/bin/nvcc"
  chmod +x "$fake/cuda-$v/bin/nvcc"
done
run doctor-fake126-json env CUDA_HOME="$fake/cuda-12.6" "$node" bin/cudafix.js doctor --json $py
# No ninja on PATH (a PATH without the folder that holds it).
nodir="$(dirname "$(command -v ninja 2>/dev/null || echo /nonexistent/ninja)")"
nopath="$(echo "$PATH" | tr ':' '\n' | grep -vx "$nodir" | paste -sd: -)"
run doctor-noninja-json env PATH="$nopath" "$node" bin/cudafix.js doctor --json $py

# The lab scenarios' logs, diagnosed with live checks (JSON and text), each in the environment it is about.
lab() { # name, log file, then env assignments
  name="$1"; file="$2"; shift 2
  run "$name" env "$@" "$node" bin/cudafix.js --json "$file" $py
  run "$name-text" env "$@" NO_COLOR=1 "$node" bin/cudafix.js "$file" $py
}
lab arch-unknown "$lab/arch-unknown.log" TORCH_CUDA_ARCH_LIST="9.0;10.0;10.1"
lab arch-rejected "$logs/arch-rejected.log" TORCH_CUDA_ARCH_LIST="9.0;10.0;10.1"
lab arch-dropped "$lab/arch-dropped.log" TORCH_CUDA_ARCH_LIST="6.1"
lab arch-seed-no101 "$lab/arch-seed-no101.log" TORCH_CUDA_ARCH_LIST=9.0a
lab nvcc-major "$logs/nvcc-major.log" CUDA_HOME="$fake/cuda-12.6"
lab nvcc-minor "$lab/nvcc-minor-mismatch.log" CUDA_HOME="$fake/cuda-13.1"
lab arch-80-only "$lab/arch-80-only.log" TORCH_CUDA_ARCH_LIST=9.0a
lab arch-80-only-run "$lab/arch-80-only.run.log" TORCH_CUDA_ARCH_LIST=8.0
lab arch-80-combined "$logs/arch80-combined.log" TORCH_CUDA_ARCH_LIST=9.0a
lab no-ninja-jit "$logs/no-ninja-jit.log" PATH="$nopath"
lab undefined-symbol "$lab/undefined-symbol.run.log"
lab lcuda-hidden "$logs/lcuda-hidden.log" LIBRARY_PATH=
lab cuda-home-bad "$lab/cuda-home-bad.log" CUDA_HOME=/opt/cuda-does-not-exist
lab stale-trunc "$logs/stale-trunc.log"
lab arch-90a "$logs/arch-90a.log" TORCH_CUDA_ARCH_LIST=9.0a
lab pip-nopyproject "$logs/pip-install-nopyproject.log"
lab ok "$lab/ok.log"
# run: the build's own failure is reported and its code kept.
run run-exit3 env NO_COLOR=1 "$node" bin/cudafix.js run --no-verify -- sh -c 'echo building; exit 3'
# --python / --project that do not exist: one line, exit 2.
run bad-python "$node" bin/cudafix.js doctor --python /nonexistent/python3
run bad-project "$node" bin/cudafix.js doctor --project /nonexistent/project
rm -rf "$fake"
ls -l "$out"
# The device hands back at most 8 files: one tarball holds them all (unpack into test/fixtures/gpu-h200/).
tar czf "$dest/gpu-evidence.tar.gz" -C "$dest" gpu-evidence && rm -rf "$out"
ls -l "$dest"
