// Small logs of the shapes people paste, written for these tests (not copied from any corpus), through the
// real knowledge base: each kind of issue 11 (translated output, a project's own words, a traceback read as
// a unit, a warning settled on the outcome, causes shown by paths, paste shapes) and the honest boundary.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { Engine } from "../src/core/analyze.js";
import { loadKb } from "../src/cli/kb-load.js";
import type { Report } from "../src/core/types.js";

const engine = new Engine(loadKb(join(import.meta.dirname, "..", "dist", "kb.json")));
const analyze = (lines: string[]): Report => engine.analyze(lines.join("\n") + "\n");
const cause = (r: Report) => (r.rootCause ? { id: r.rootCause.id, line: r.rootCause.line } : null);
const severityAt = (r: Report, line: number) => r.findings.find((f) => f.line === line && !f.unexplained)?.severity;

describe("translated and mixed-language tool output", () => {
  it("gcc with a translated errno text, full-width punctuation, and a hand-shortened MSVC line", () => {
    expect(cause(analyze(["[3/9] c++ -c src/knn.cpp -o build/knn.o", "src/knn.cpp:2:10: fatal error: cusolverDn.h: Нет такого файла или каталога", "compilation terminated."]))).toEqual({ id: "missing-header", line: 2 });
    expect(cause(analyze(["src/knn.cpp:2:10: 致命错误：cusolverDn.h：没有那个文件或目录", "编译中断。"]))).toEqual({ id: "missing-header", line: 1 });
    expect(cause(analyze(["knn.cu", "fatal error C1083: 無法開啟包含檔案: “cusolverDn.h”: No such file or directory"]))).toEqual({ id: "missing-header", line: 2 });
  });

  it("keeps what is not a missing install out: a missing source file, torch's removed THC headers", () => {
    const src = analyze(["gcc: error: ../common/src/rle.c: No existe el archivo o el directorio", "error: command 'gcc' failed with exit status 1"]);
    expect(src.rootCause).toBeNull();
    expect(src.unrecognized.map((u) => u.line)).toEqual([1]);
    const thc = analyze(["csrc/roi_align_kernel.cu:3:10: fatal error: THC/THCAtomics.cuh: No such file or directory"]);
    expect(thc.rootCause).toBeNull();
    expect(thc.findings).toEqual([expect.objectContaining({ line: 1, severity: "fatal", unexplained: true })]);
  });

  it("GNU ld in French or Japanese still names -lcuda", () => {
    expect(cause(analyze(["/usr/bin/ld : ne peut pas trouver -lcuda : Aucun fichier ou dossier de ce type", "collect2: error: ld returned 1 exit status"]))).toEqual({ id: "cannot-find-lcuda", line: 1 });
    expect(cause(analyze(["/usr/bin/ld: -lcuda が見つかりません", "collect2: error: ld returned 1 exit status"]))).toEqual({ id: "cannot-find-lcuda", line: 1 });
  });
});

describe("the same cause in a project's own words", () => {
  it("a DeepSpeed-style check: same major version is the minor case made fatal, another major the major case", () => {
    expect(cause(analyze(["Exception: Installed CUDA version 11.7 does not match the version torch was compiled with 11.8, unable to compile cuda/cpp extensions without a matching cuda version."]))).toEqual({ id: "cuda-minor-mismatch", line: 1 });
    expect(cause(analyze(["Exception: Installed CUDA version 11.8 does not match the version torch was compiled with 12.1, unable to compile cuda/cpp extensions without a matching cuda version."]))).toEqual({ id: "cuda-major-mismatch", line: 1 });
  });

  it("a setup.py's own nvcc check, then its NameError", () => {
    const r = analyze([
      "  /tmp/pip-install-x/causal-conv1d/setup.py:101: UserWarning: nvcc was not found.  Are you sure your environment has nvcc available?",
      "  Traceback (most recent call last):",
      '    File "/tmp/pip-install-x/causal-conv1d/setup.py", line 180, in <module>',
      "      if bare_metal_version >= Version(\"11.8\"):",
      "  NameError: name 'bare_metal_version' is not defined",
    ]);
    expect(cause(r)?.id).toBe("cuda-home-missing");
    expect(severityAt(r, 5)).toBe("fatal");
  });
});

describe("a project's own toolkit check", () => {
  it("flash-attention, causal-conv1d and reworded 'requires CUDA' checks name an old toolkit, with the version asked for", () => {
    const r = analyze([
      "  Preparing metadata (setup.py) ... error",
      "  × python setup.py egg_info did not run successfully.",
      "  ╰─> [9 lines of output]",
      "      Traceback (most recent call last):",
      '        File "/tmp/pip-install-q8/flash-attn_91/setup.py", line 160, in <module>',
      "          raise RuntimeError(",
      "      RuntimeError: FlashAttention is only supported on CUDA 11.7 and above.  Note: make sure nvcc has a supported version by running nvcc -V.",
      "      [end of output]",
      "error: metadata-generation-failed",
    ]);
    expect(cause(r)).toEqual({ id: "cuda-toolkit-too-old", line: 7 });
    expect(r.findings.find((f) => f.line === 7)?.facts).toMatchObject({ cudaMin: "11.7" });
    expect(cause(analyze(["RuntimeError: mamba_ssm is only supported on CUDA 11.6 and above."]))?.id).toBe("cuda-toolkit-too-old");
    expect(cause(analyze(["ValueError: grouped GEMM requires CUDA >= 12.1, this nvcc is 11.8"]))?.id).toBe("cuda-toolkit-too-old");
    // Not a toolkit: a GPU or Python floor is another matter.
    expect(analyze(["RuntimeError: FP8 is only supported on compute capability 8.9 and above"]).rootCause).toBeNull();
  });
});

describe("a traceback read as a unit", () => {
  it("pip's ERROR: Exception: over urllib3's reads is a broken download, even with the last line cut", () => {
    const r = analyze([
      "Collecting torch==2.3.1",
      "     |█████████▋           | 1003.5 MB 2.2 MB/s eta 0:07:20ERROR: Exception:",
      "Traceback (most recent call last):",
      '  File "/venv/lib/python3.10/site-packages/pip/_vendor/urllib3/response.py", line 435, in _error_catcher',
      "    yield",
      '  File "/venv/lib/python3.10/site-packages/pip/_vendor/urllib3/response.py", line 516, in read',
      "    data = self._fp.read(amt) if not fp_closed else b\"\"",
    ]);
    expect(cause(r)).toEqual({ id: "torch-download-timeout", line: 2 });
  });

  it("the same head over another traceback only repeats a failure", () => {
    const r = analyze([
      "ERROR: Exception:",
      "Traceback (most recent call last):",
      '  File "/usr/lib/python3/dist-packages/pip/_internal/cli/base_command.py", line 167, in exc_logging_wrapper',
      "OSError: [Errno 28] No space left on device",
    ]);
    expect(r.rootCause).toBeNull();
    expect(r.symptoms.map((s) => s.line)).toContain(1);
  });

  it("a generic WinError 2 under verify_ninja_availability is ninja missing; under the project's own code it is not", () => {
    const ninja = analyze([
      "Traceback (most recent call last):",
      '  File "C:\\env\\lib\\site-packages\\torch\\utils\\cpp_extension.py", line 1570, in verify_ninja_availability',
      "    subprocess.check_output('ninja --version'.split())",
      "FileNotFoundError: [WinError 2] Das System kann die angegebene Datei nicht finden",
    ]);
    expect(cause(ninja)).toEqual({ id: "ninja-missing", line: 4 });
    const other = analyze(["Traceback (most recent call last):", '  File "C:\\proj\\tools\\ver.py", line 8, in git_hash', "FileNotFoundError: [WinError 2] The system cannot find the file specified"]);
    expect(other.rootCause).toBeNull();
  });
});

describe("a warning settled on the log's outcome", () => {
  const warning = "C:\\py\\lib\\site-packages\\torch\\utils\\cpp_extension.py:370: UserWarning: Error checking compiler version for cl: [WinError 2] The system cannot find the file specified";
  it("harmless when the build goes on and succeeds", () => {
    const r = analyze([warning, "  warnings.warn(f'Error checking compiler version for {compiler}: {error}')", "building 'knn_ext' extension", "Finished processing dependencies for knn-ext==0.1"]);
    expect(r.rootCause).toBeNull();
    expect(r.findings).toEqual([expect.objectContaining({ id: "cl-version-check-failed", severity: "harmless" })]);
  });

  it("the cause when the build then stops with nothing else to explain it; rootCause refines msvc-env-missing", () => {
    const r = analyze([warning, "Traceback (most recent call last):", '  File "train.py", line 4, in <module>', "    import knn_ext"]);
    expect(r.rootCause).toMatchObject({ id: "cl-version-check-failed", refines: "msvc-env-missing", line: 1 });
    expect(r.rootCause?.why).toMatch(/no other line explains the failure/);
    expect(r.findings[0]?.why).toMatch(/^fatal here/);
  });

  it("harmless when the failure has its own error line, even one no note knows", () => {
    const r = analyze([warning, "knn.cu(31): error: expected a \";\"", "error: command 'nvcc.exe' failed with exit code 2"]);
    expect(r.rootCause).toBeNull();
    expect(severityAt(r, 1)).toBe("harmless");
    expect(r.findings.find((f) => f.line === 1)?.why).toMatch(/line 2 \(an error no note knows\)/);
  });
});

describe("a log that stops", () => {
  it("a JIT load() that prints its extensions root and nothing after waits for a stale lock; one that goes on does not", () => {
    const root = "Using /home/lee/.cache/torch_extensions/py310_cu121 as PyTorch extensions root...";
    const hung = analyze(["[2024-05-02 10:11:02] [INFO] [real_accelerator.py:203:get_accelerator] Setting ds_accelerator to cuda (auto detect)", root, root, root, ""]);
    expect(cause(hung)).toEqual({ id: "stale-build-artifacts", line: 4 });
    const built = analyze([root, "Emitting ninja build file /home/lee/.cache/torch_extensions/py310_cu121/fused_adam/build.ninja...", "Building extension module fused_adam...", "Loading extension module fused_adam..."]);
    expect(built.rootCause).toBeNull();
    expect(built.findings.filter((f) => f.id === "stale-build-artifacts")).toEqual([]);
    // Interrupted while waiting: the traceback's file_baton frame says the same.
    const interrupted = analyze([root, "^CTraceback (most recent call last):", '  File "/opt/venv/lib/python3.10/site-packages/torch/utils/file_baton.py", line 42, in wait', "    time.sleep(self.wait_seconds)", "KeyboardInterrupt"]);
    expect(cause(interrupted)?.id).toBe("stale-build-artifacts");
  });
});

describe("causes shown by paths", () => {
  it("a torch collected while pip installs the build dependencies is the torch that raised the CUDA mismatch", () => {
    const r = analyze([
      "Obtaining file:///home/ana/src/map4d",
      "  Installing build dependencies: started",
      "  Running command pip subprocess to install build dependencies",
      "  Collecting torch>=2.0",
      "    Downloading torch-2.5.1-cp310-cp310-manylinux1_x86_64.whl (906.4 MB)",
      "  Successfully installed setuptools-75.1.0 torch-2.5.1",
      "  Installing build dependencies: finished with status 'done'",
      "  Getting requirements to build editable: started",
      "      RuntimeError:",
      "      The detected CUDA version (11.8) mismatches the version that was used to compile",
      "      PyTorch (12.4). Please make sure to use the same CUDA versions.",
    ]);
    expect(cause(r)).toEqual({ id: "build-isolation-torch", line: 10 });
    expect(r.findings.find((f) => f.line === 10)?.facts).toMatchObject({ nvcc: "11.8", torchCuda: "12.4" });
    // The torch installed by an earlier, separate command is the user's own: a plain mismatch.
    const own = analyze(["Collecting torch==2.5.1", "Successfully installed torch-2.5.1", "running build_ext", "RuntimeError:", "The detected CUDA version (11.8) mismatches the version that was used to compile", "PyTorch (12.4). Please make sure to use the same CUDA versions."]);
    expect(cause(own)?.id).toBe("cuda-major-mismatch");
  });

  it("an undefined symbol from the JIT cache is a stale build, from a wheel an ABI mismatch", () => {
    const sym = "_ZN3c1017RegisterOperatorsD1Ev";
    expect(cause(analyze([`ImportError: /home/ci/.cache/torch_extensions/py311_cu124/fused_lamb/fused_lamb.so: undefined symbol: ${sym}`]))?.id).toBe("stale-build-artifacts");
    expect(cause(analyze([`ImportError: /venv/lib/python3.11/site-packages/fused_lamb.cpython-311-x86_64-linux-gnu.so: undefined symbol: ${sym}`]))?.id).toBe("abi-undefined-symbol");
  });

  it("a JIT load() stuck on a lock left by an interrupted build", () => {
    const r = analyze([
      '  File "/venv/lib/python3.10/site-packages/torch/utils/cpp_extension.py", line 1601, in _jit_compile',
      "    baton.wait()",
      '  File "/venv/lib/python3.10/site-packages/torch/utils/file_baton.py", line 42, in wait',
      "    time.sleep(self.wait_seconds)",
      "KeyboardInterrupt",
    ]);
    expect(cause(r)).toEqual({ id: "stale-build-artifacts", line: 2 });
  });

  it("a truncated object under build/", () => {
    expect(cause(analyze(["/usr/bin/ld: build/temp.linux-x86_64-cpython-310/src/grid.o: file too short", "collect2: error: ld returned 1 exit status"]))?.id).toBe("stale-build-artifacts");
  });
});

describe("pastes as people paste them", () => {
  it("Markdown-quoted, in backticks, indented by pip, or glued to a progress bar", () => {
    expect(cause(analyze(["> /usr/bin/ld: cannot find -lcuda: No such file or directory", "> collect2: error: ld returned 1 exit status"]))?.id).toBe("cannot-find-lcuda");
    expect(cause(analyze(["`OSError: CUDA_HOME environment variable is not set. Please set it to your CUDA install root.`"]))?.id).toBe("cuda-home-missing");
    expect(cause(analyze(["      [12/40] /usr/local/cuda/bin/nvcc -c csrc/fwd_hdim128.cu -o build/fwd_hdim128.o", "      Killed", "      [13/40] c++ -c csrc/api.cpp -o build/api.o"]))).toEqual({ id: "compiler-oom", line: 2 });
  });

  it("a line whose newlines the paste lost is matched in pieces, each keeping the line's number", () => {
    const r = analyze([
      "running build_ext",
      "cc1plus: warning: command-line option '-Wstrict-prototypes' is valid for C/ObjC but not for C++ g++: fatal error: Killed signal terminated program cc1plus compilation terminated. what can I do?",
    ]);
    expect(cause(r)).toEqual({ id: "compiler-oom", line: 2 });
    expect(r.findings.filter((f) => f.line === 2).map((f) => [f.id, f.severity])).toEqual([["unrelated-warning", "harmless"], ["compiler-oom", "fatal"]]);
    expect(r.symptoms.map((s) => [s.line, s.text])).toEqual([[2, "compilation terminated. what can I do?"]]);
    // A long command line is not cut.
    const cmd = analyze(["/usr/local/cuda/bin/nvcc -I/opt/torch/include -c csrc/grid.cu -o build/grid.o -O3 --use_fast_math -gencode=arch=compute_80,code=sm_80"]);
    expect(cmd.findings).toEqual([]);
  });

  it("a first line cut in half still names its cause", () => {
    expect(cause(analyze([" site-packages/selective_scan_cuda.cpython-310-x86_64-linux-gnu.so: undefined symbol: _ZN3c107WarningC1ESt7variantIJNS0_11UserWarningENS0_18DeprecationWarningEEERKNS_14SourceLocationESsb"]))?.id).toBe("abi-undefined-symbol");
    expect(cause(analyze(["CreateProcess failed: The system cannot find th"]))?.id).toBe("msvc-env-missing");
  });
});

describe("the honest boundary", () => {
  it("a source bug, a removed torch API, a full disk: no root cause, the error lines unrecognized", () => {
    for (const lines of [
      ["csrc/ops.cu(88): error: identifier \"AT_CHECK\" is undefined", "1 error detected in the compilation of \"csrc/ops.cu\"."],
      ["csrc/ops.cpp:12:5: error: ‘AT_CHECK’ was not declared in this scope; did you mean ‘TORCH_CHECK’?"],
      ["nvcc error   : 'cudafe++' died due to signal 11 (Invalid memory reference)"],
      ["/usr/bin/ld: final link failed: No space left on device", "collect2: error: ld returned 1 exit status"],
      ["ImportError: /srv/app/build/my_ops.so: undefined symbol: _ZN8pybind116detail11type_casterIN2at6TensorEvE4loadENS_6handleEb"],
    ]) {
      const r = analyze(lines);
      expect(r.rootCause, lines[0]).toBeNull();
      expect(r.unrecognized.length, lines[0]).toBeGreaterThan(0);
    }
  });
});
