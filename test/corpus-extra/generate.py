#!/usr/bin/env python3
"""Writes the extra labelled corpus (test/corpus-extra/*.log + labels.jsonl).

Each case is built from real message strings (shared/facts/torch-cuda-facts.md and the two seed write-ups).
Labels were written from what an expert would say, before cudafix was run on the logs.
Encodings: 'utf8' (LF), 'crlf' (UTF-8, CRLF), 'gbk' (cp936, CRLF), 'utf16' (UTF-16LE with BOM, CRLF).
Run: python3 test/corpus-extra/generate.py
"""
import json, os

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = []

def case(name, enc, text, root, key, fatal, harmless, facts, fix, source, notes=""):
    CASES.append(dict(name=name, enc=enc, text=text, label=dict(
        case=name, source=source, root_cause=root, key_line=key, fatal_lines=fatal,
        harmless_lines=[{"text": t, "id": i} for t, i in harmless], facts=facts, fix=fix, notes=notes)))

def write():
    with open(os.path.join(HERE, "labels.jsonl"), "w", encoding="utf8") as lf:
        for c in CASES:
            text = c["text"].lstrip("\n")
            if c["enc"] == "utf8":
                data = text.encode("utf8")
            elif c["enc"] == "crlf":
                data = text.replace("\n", "\r\n").encode("utf8")
            elif c["enc"] == "gbk":
                data = text.replace("\n", "\r\n").encode("gbk")
            elif c["enc"] == "utf16":
                data = b"\xff\xfe" + text.replace("\n", "\r\n").encode("utf-16-le")
            else:
                raise ValueError(c["enc"])
            with open(os.path.join(HERE, c["name"] + ".log"), "wb") as f:
                f.write(data)
            lf.write(json.dumps(c["label"], ensure_ascii=False) + "\n")

# ---------------------------------------------------------------- shared fragments
TP = "/home/lin/miniconda3/envs/map4d/lib/python3.10/site-packages/torch"
def nvcc_linux(i, n, src, obj, arch="86", cuda="/usr/local/cuda", tp=TP, extra_inc="", py="/home/lin/miniconda3/envs/map4d/include/python3.10"):
    return (f"[{i}/{n}] {cuda}/bin/nvcc  -I{tp}/include -I{tp}/include/torch/csrc/api/include -I{tp}/include/TH -I{tp}/include/THC "
            f"-I{cuda}/include {extra_inc}-I{py} -c -c {src} -o {obj} -D__CUDA_NO_HALF_OPERATORS__ -D__CUDA_NO_HALF_CONVERSIONS__ "
            f"-D__CUDA_NO_BFLOAT16_CONVERSIONS__ -D__CUDA_NO_HALF2_OPERATORS__ --expt-relaxed-constexpr --compiler-options ''\"'\"'-fPIC'\"'\"'' "
            f"-O3 -DTORCH_API_INCLUDE_EXTENSION_H '-DPYBIND11_COMPILER_TYPE=\"_gcc\"' '-DPYBIND11_STDLIB=\"_libstdcpp\"' '-DPYBIND11_BUILD_ABI=\"_cxxabi1011\"' "
            f"-DTORCH_EXTENSION_NAME=_C -D_GLIBCXX_USE_CXX11_ABI=0 -gencode=arch=compute_{arch},code=compute_{arch} -gencode=arch=compute_{arch},code=sm_{arch} -std=c++17")

def gxx_linux(i, n, src, obj, tp=TP, py="/home/lin/miniconda3/envs/map4d/include/python3.10", cxx="c++", extra=""):
    return (f"[{i}/{n}] {cxx} -MMD -MF {obj}.d -pthread -B /home/lin/miniconda3/envs/map4d/compiler_compat -Wno-unused-result -Wsign-compare -DNDEBUG -fwrapv -O2 -Wall -fPIC -O2 -isystem /home/lin/miniconda3/envs/map4d/include -fPIC "
            f"-I{tp}/include -I{tp}/include/torch/csrc/api/include -I{tp}/include/TH -I{tp}/include/THC -I/usr/local/cuda/include -I{py} -c -c {src} -o {obj} {extra}"
            f"-DTORCH_API_INCLUDE_EXTENSION_H '-DPYBIND11_COMPILER_TYPE=\"_gcc\"' '-DPYBIND11_STDLIB=\"_libstdcpp\"' '-DPYBIND11_BUILD_ABI=\"_cxxabi1011\"' -DTORCH_EXTENSION_NAME=_C -D_GLIBCXX_USE_CXX11_ABI=0 -std=c++17")

SETUPTOOLS_BANNER = """\
{site}/setuptools/_distutils/cmd.py:66: SetuptoolsDeprecationWarning: setup.py install is deprecated.
!!

        ********************************************************************************
        Please avoid running ``setup.py`` directly.
        Instead, use pypa/build, pypa/installer or other
        standards-based tools.

        See https://blog.ganssle.io/articles/2021/10/setup-py-deprecated.html for details.
        ********************************************************************************

!!
  self.initialize_options()
"""

SETUPTOOLS_BANNER_OVERDUE = """\
{site}/setuptools/_distutils/cmd.py:90: SetuptoolsDeprecationWarning: setup.py install is deprecated.
!!

        ********************************************************************************
        Please avoid running ``setup.py`` directly.
        Instead, use pypa/build, pypa/installer or other
        standards-based tools.

        This deprecation is overdue, please update your project and remove deprecated
        calls to avoid build errors in the future.

        See https://blog.ganssle.io/articles/2021/10/setup-py-deprecated.html for details.
        ********************************************************************************

!!
  self.initialize_options()
"""

def ninja_tb(tp, ninja_line=2100, pyver="3.10", prefix="/home/lin/miniconda3/envs/map4d"):
    return f"""\
Traceback (most recent call last):
  File "{tp}/utils/cpp_extension.py", line {ninja_line}, in _run_ninja_build
    subprocess.run(
  File "{prefix}/lib/python{pyver}/subprocess.py", line 526, in run
    raise CalledProcessError(retcode, process.args,
subprocess.CalledProcessError: Command '['ninja', '-v']' returned non-zero exit status 1.

The above exception was the direct cause of the following exception:
"""

# ================================================================ seed: Map4D (Linux, conda)
TCNN = "/tmp/pip-req-build-8q2k1c7x/bindings/torch"
case("map4d-tcnn-lcuda", "utf8", f"""
(map4d) lin@gpu-server:~/Map4D$ pip install git+https://github.com/NVlabs/tiny-cuda-nn/#subdirectory=bindings/torch
Collecting git+https://github.com/NVlabs/tiny-cuda-nn/#subdirectory=bindings/torch
  Cloning https://github.com/NVlabs/tiny-cuda-nn/ to /tmp/pip-req-build-8q2k1c7x
  Running command git clone --filter=blob:none --quiet https://github.com/NVlabs/tiny-cuda-nn/ /tmp/pip-req-build-8q2k1c7x
  Resolved https://github.com/NVlabs/tiny-cuda-nn/ to commit c91138bcd4c6877c8d5e60e483c0581aafc70cce
  Running command git submodule update --init --recursive -q
  Preparing metadata (setup.py) ... done
Building wheels for collected packages: tinycudann
  Building wheel for tinycudann (setup.py) ... error
  error: subprocess-exited-with-error

  × python setup.py bdist_wheel did not run successfully.
  │ exit code: 1
  ╰─> [61 lines of output]
      Building PyTorch extension for tiny-cuda-nn version 1.7
      Obtained compute capability 86 from PyTorch
      Detected CUDA version 11.8
      Targeting C++ standard 17
      running bdist_wheel
      running build
      running build_py
      creating build/lib.linux-x86_64-cpython-310/tinycudann
      copying tinycudann/modules.py -> build/lib.linux-x86_64-cpython-310/tinycudann
      copying tinycudann/__init__.py -> build/lib.linux-x86_64-cpython-310/tinycudann
      running egg_info
      writing tinycudann.egg-info/PKG-INFO
      writing top-level names to tinycudann.egg-info/top_level.txt
      reading manifest file 'tinycudann.egg-info/SOURCES.txt'
      writing manifest file 'tinycudann.egg-info/SOURCES.txt'
      running build_ext
      building 'tinycudann_bindings._86_C' extension
      creating {TCNN}/build/temp.linux-x86_64-cpython-310/src
      Emitting ninja build file {TCNN}/build/temp.linux-x86_64-cpython-310/build.ninja...
      Compiling objects...
      Allowing ninja to set a default number of workers... (overridable by setting the environment variable MAX_JOBS=N)
      {nvcc_linux(1, 9, "/tmp/pip-req-build-8q2k1c7x/src/common_host.cu", TCNN + "/build/temp.linux-x86_64-cpython-310/../../src/common_host.o", extra_inc="-I/tmp/pip-req-build-8q2k1c7x/include -I/tmp/pip-req-build-8q2k1c7x/dependencies -I/tmp/pip-req-build-8q2k1c7x/dependencies/cutlass/include ")}
      {nvcc_linux(2, 9, "/tmp/pip-req-build-8q2k1c7x/src/cpp_api.cu", TCNN + "/build/temp.linux-x86_64-cpython-310/../../src/cpp_api.o", extra_inc="-I/tmp/pip-req-build-8q2k1c7x/include ")}
      {nvcc_linux(9, 9, "/tmp/pip-req-build-8q2k1c7x/src/fully_fused_mlp.cu", TCNN + "/build/temp.linux-x86_64-cpython-310/../../src/fully_fused_mlp.o", extra_inc="-I/tmp/pip-req-build-8q2k1c7x/include ")}
      g++ -pthread -B /home/lin/miniconda3/envs/map4d/compiler_compat -shared -Wl,-rpath,/home/lin/miniconda3/envs/map4d/lib -Wl,-rpath-link,/home/lin/miniconda3/envs/map4d/lib -L/home/lin/miniconda3/envs/map4d/lib {TCNN}/build/temp.linux-x86_64-cpython-310/../../src/common_host.o {TCNN}/build/temp.linux-x86_64-cpython-310/../../src/cpp_api.o {TCNN}/build/temp.linux-x86_64-cpython-310/tinycudann/bindings.o -L{TP}/lib -L/usr/local/cuda/lib64 -lcuda -lc10 -ltorch -ltorch_cpu -ltorch_python -lcudart -lc10_cuda -ltorch_cuda -o build/lib.linux-x86_64-cpython-310/tinycudann_bindings/_86_C.cpython-310-x86_64-linux-gnu.so
      /home/lin/miniconda3/envs/map4d/compiler_compat/ld: cannot find -lcuda: No such file or directory
      collect2: error: ld returned 1 exit status
      error: command '/usr/bin/g++' failed with exit code 1
      [end of output]

  note: This error originates from a subprocess, and is likely not a problem with pip.
  ERROR: Failed building wheel for tinycudann
  Running setup.py clean for tinycudann
Failed to build tinycudann
ERROR: Could not build wheels for tinycudann, which is required to install pyproject.toml-based projects
""", "cannot-find-lcuda", "cannot find -lcuda", ["cannot find -lcuda: No such file or directory"], [],
    {"os": "Ubuntu 20.04", "torch": "2.0.1+cu118", "torch_cuda": "11.8", "nvcc": "11.8", "gpu": "RTX 4090 + RTX 3090", "env": "conda"},
    "Link against the driver stub: export LIBRARY_PATH=/usr/local/cuda/lib64/stubs:$LIBRARY_PATH (or symlink libcuda.so.1 to libcuda.so), then rebuild.",
    "seed 000 (Map4D, 1.11.1): tiny-cuda-nn `ld: cannot find -lcuda`")

MAP4D = "/home/lin/Map4D"
BENV = "/tmp/pip-build-env-r7d2_kq0/overlay/lib/python3.10/site-packages"
case("map4d-isolation-cuda-mismatch", "utf8", f"""
(map4d) lin@gpu-server:~/Map4D$ pip install -e . -v
Using pip 23.3.1 from /home/lin/miniconda3/envs/map4d/lib/python3.10/site-packages/pip (python 3.10)
Obtaining file:///home/lin/Map4D
  Running command pip subprocess to install build dependencies
  Collecting setuptools>=61
    Using cached setuptools-69.0.3-py3-none-any.whl.metadata (6.3 kB)
  Collecting wheel
    Using cached wheel-0.42.0-py3-none-any.whl.metadata (2.2 kB)
  Collecting ninja
    Using cached ninja-1.11.1.1-py2.py3-none-manylinux1_x86_64.manylinux_2_5_x86_64.whl.metadata (5.3 kB)
  Collecting torch>=2.0
    Downloading torch-2.5.1-cp310-cp310-manylinux1_x86_64.whl.metadata (28 kB)
  Collecting nvidia-cuda-runtime-cu12==12.4.127 (from torch>=2.0)
    Downloading nvidia_cuda_runtime_cu12-12.4.127-py3-none-manylinux2014_x86_64.whl.metadata (1.5 kB)
  Downloading torch-2.5.1-cp310-cp310-manylinux1_x86_64.whl (906.4 MB)
     ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━ 906.4/906.4 MB 38.2 MB/s eta 0:00:00
  Installing collected packages: mpmath, wheel, typing-extensions, sympy, setuptools, nvidia-nvtx-cu12, nvidia-nvjitlink-cu12, nvidia-nccl-cu12, nvidia-curand-cu12, nvidia-cufft-cu12, nvidia-cuda-runtime-cu12, nvidia-cuda-nvrtc-cu12, nvidia-cuda-cupti-cu12, nvidia-cublas-cu12, ninja, networkx, MarkupSafe, fsspec, filelock, triton, nvidia-cusparse-cu12, nvidia-cudnn-cu12, jinja2, nvidia-cusolver-cu12, torch
  Successfully installed MarkupSafe-2.1.3 filelock-3.13.1 fsspec-2023.12.2 jinja2-3.1.2 mpmath-1.3.0 networkx-3.2.1 ninja-1.11.1.1 nvidia-cublas-cu12-12.4.5.8 nvidia-cuda-cupti-cu12-12.4.127 nvidia-cuda-nvrtc-cu12-12.4.127 nvidia-cuda-runtime-cu12-12.4.127 nvidia-cudnn-cu12-9.1.0.70 nvidia-cufft-cu12-11.2.1.3 nvidia-curand-cu12-10.3.5.147 nvidia-cusolver-cu12-11.6.1.9 nvidia-cusparse-cu12-12.3.1.170 nvidia-nccl-cu12-2.21.5 nvidia-nvjitlink-cu12-12.4.127 nvidia-nvtx-cu12-12.4.127 setuptools-69.0.3 sympy-1.13.1 torch-2.5.1 triton-3.1.0 typing-extensions-4.9.0 wheel-0.42.0
  Installing build dependencies ... done
  Running command Checking if build backend supports build_editable
  Checking if build backend supports build_editable ... done
  Running command Getting requirements to build editable
  running egg_info
  writing map4d.egg-info/PKG-INFO
  writing dependency_links to map4d.egg-info/dependency_links.txt
  writing requirements to map4d.egg-info/requires.txt
  writing top-level names to map4d.egg-info/top_level.txt
  reading manifest file 'map4d.egg-info/SOURCES.txt'
  writing manifest file 'map4d.egg-info/SOURCES.txt'
  Getting requirements to build editable ... done
  Running command Preparing editable metadata (pyproject.toml)
  running dist_info
  Preparing editable metadata (pyproject.toml) ... done
Building wheels for collected packages: map4d
  Running command Building editable for map4d (pyproject.toml)
  running editable_wheel
  creating /tmp/pip-wheel-hx3y8l1s/.tmp-0c9xq3lb/map4d.egg-info
  running build_ext
  Traceback (most recent call last):
    File "/home/lin/miniconda3/envs/map4d/lib/python3.10/site-packages/pip/_vendor/pyproject_hooks/_in_process/_in_process.py", line 353, in <module>
      main()
    File "/home/lin/miniconda3/envs/map4d/lib/python3.10/site-packages/pip/_vendor/pyproject_hooks/_in_process/_in_process.py", line 335, in main
      json_out['return_val'] = hook(**hook_input['kwargs'])
    File "/home/lin/miniconda3/envs/map4d/lib/python3.10/site-packages/pip/_vendor/pyproject_hooks/_in_process/_in_process.py", line 273, in build_editable
      return hook(wheel_directory, config_settings, metadata_directory)
    File "{BENV}/setuptools/build_meta.py", line 443, in build_editable
      return self._build_with_temp_dir(
    File "{BENV}/setuptools/command/editable_wheel.py", line 289, in _run_build_commands
      self._run_build_subcommands()
    File "{BENV}/setuptools/command/build_ext.py", line 88, in run
      _build_ext.run(self)
    File "{BENV}/setuptools/_distutils/command/build_ext.py", line 345, in run
      self.build_extensions()
    File "{BENV}/torch/utils/cpp_extension.py", line 525, in build_extensions
      _check_cuda_version(compiler_name, compiler_version)
    File "{BENV}/torch/utils/cpp_extension.py", line 413, in _check_cuda_version
      raise RuntimeError(CUDA_MISMATCH_MESSAGE.format(cuda_str_version, torch.version.cuda))
  RuntimeError:
  The detected CUDA version (11.8) mismatches the version that was used to compile
  PyTorch (12.4). Please make sure to use the same CUDA versions.

  error: subprocess-exited-with-error

  × Building editable for map4d (pyproject.toml) did not run successfully.
  │ exit code: 1
  ╰─> See above for output.

  note: This error originates from a subprocess, and is likely not a problem with pip.
  full command: /home/lin/miniconda3/envs/map4d/bin/python /home/lin/miniconda3/envs/map4d/lib/python3.10/site-packages/pip/_vendor/pyproject_hooks/_in_process/_in_process.py build_editable /tmp/tmpa1z2k8xm
  cwd: /home/lin/Map4D
  Building editable for map4d (pyproject.toml) ... error
  ERROR: Failed building editable for map4d
Failed to build map4d
ERROR: Could not build wheels for map4d, which is required to install pyproject.toml-based projects
(map4d) lin@gpu-server:~/Map4D$ nvcc --version | tail -2
Cuda compilation tools, release 11.8, V11.8.89
Build cuda_11.8.r11.8/compiler.31833905_0
(map4d) lin@gpu-server:~/Map4D$ python -c "import torch; print(torch.__version__, torch.version.cuda)"
2.0.1 11.8
""", "build-isolation-torch", "The detected CUDA version (11.8) mismatches the version that was used to compile",
    ["The detected CUDA version (11.8) mismatches the version that was used to compile"], [],
    {"os": "Ubuntu 20.04", "torch": "2.0.1 (conda, cu118)", "torch_cuda": "11.8", "nvcc": "11.8", "build_env_torch": "2.5.1 (cu124, pulled by build isolation)", "pip": "23.3.1", "env": "conda"},
    "pip's isolated build installed torch 2.5.1+cu124 from PyPI (build-system.requires torch>=2.0). Pin torch==2.0.1 in pyproject.toml or use pip install --no-build-isolation -e .",
    "seed 000 (Map4D, 1.11.2): CUDA mismatch through pip's build isolation, old multi-line RuntimeError",
    "The user's own nvcc and torch agree (11.8); the 12.4 torch is the one pip installed into /tmp/pip-build-env-*. The traceback runs in the build env's cpp_extension.py. The line names cuda-major-mismatch's message, but the cause is isolation.")

case("map4d-arch-list-10-0-torch20", "utf8", f"""
(map4d) lin@gpu-server:~/Map4D$ echo $TORCH_CUDA_ARCH_LIST
5.0;5.2;6.0;6.1;7.0;7.5;8.0;8.6;8.9;9.0;10.0;10.1;10.3;12.0;12.1+PTX
(map4d) lin@gpu-server:~/Map4D$ python setup.py develop
running develop
/home/lin/miniconda3/envs/map4d/lib/python3.10/site-packages/setuptools/command/develop.py:40: EasyInstallDeprecationWarning: easy_install command is deprecated.
!!

        ********************************************************************************
        Please avoid running ``setup.py`` and ``easy_install``.
        Instead, use pypa/build, pypa/installer or other
        standards-based tools.

        See https://github.com/pypa/setuptools/issues/917 for details.
        ********************************************************************************

!!
  easy_install.initialize_options(self)
/home/lin/miniconda3/envs/map4d/lib/python3.10/site-packages/setuptools/_distutils/cmd.py:66: SetuptoolsDeprecationWarning: setup.py install is deprecated.
!!

        ********************************************************************************
        Please avoid running ``setup.py`` directly.
        Instead, use pypa/build, pypa/installer or other
        standards-based tools.

        See https://blog.ganssle.io/articles/2021/10/setup-py-deprecated.html for details.
        ********************************************************************************

!!
  self.initialize_options()
running egg_info
writing map4d.egg-info/PKG-INFO
writing dependency_links to map4d.egg-info/dependency_links.txt
writing top-level names to map4d.egg-info/top_level.txt
reading manifest file 'map4d.egg-info/SOURCES.txt'
writing manifest file 'map4d.egg-info/SOURCES.txt'
running build_ext
building 'map4d._C' extension
creating /home/lin/Map4D/build
creating /home/lin/Map4D/build/temp.linux-x86_64-cpython-310
creating /home/lin/Map4D/build/temp.linux-x86_64-cpython-310/csrc
Traceback (most recent call last):
  File "/home/lin/Map4D/setup.py", line 48, in <module>
    setup(
  File "/home/lin/miniconda3/envs/map4d/lib/python3.10/site-packages/setuptools/__init__.py", line 107, in setup
    return distutils.core.setup(**attrs)
  File "/home/lin/miniconda3/envs/map4d/lib/python3.10/site-packages/setuptools/_distutils/core.py", line 185, in setup
    return run_commands(dist)
  File "/home/lin/miniconda3/envs/map4d/lib/python3.10/site-packages/setuptools/command/develop.py", line 34, in run
    self.install_for_development()
  File "/home/lin/miniconda3/envs/map4d/lib/python3.10/site-packages/setuptools/command/build_ext.py", line 88, in run
    _build_ext.run(self)
  File "/home/lin/miniconda3/envs/map4d/lib/python3.10/site-packages/setuptools/_distutils/command/build_ext.py", line 345, in run
    self.build_extensions()
  File "{TP}/utils/cpp_extension.py", line 843, in build_extensions
    build_ext.build_extensions(self)
  File "{TP}/utils/cpp_extension.py", line 658, in unix_wrap_ninja_compile
    cuda_post_cflags = unix_cuda_flags(cuda_post_cflags)
  File "{TP}/utils/cpp_extension.py", line 557, in unix_cuda_flags
    cflags + _get_cuda_arch_flags(cflags))
  File "{TP}/utils/cpp_extension.py", line 1985, in _get_cuda_arch_flags
    raise ValueError(f"Unknown CUDA arch ({{arch}}) or GPU not supported")
ValueError: Unknown CUDA arch (10.0) or GPU not supported
""", "unknown-cuda-arch", "Unknown CUDA arch (10.0) or GPU not supported",
    ["ValueError: Unknown CUDA arch (10.0) or GPU not supported"],
    [("EasyInstallDeprecationWarning: easy_install command is deprecated.", "warn-setup-py-deprecated"),
     ("SetuptoolsDeprecationWarning: setup.py install is deprecated.", "warn-setup-py-deprecated")],
    {"os": "Ubuntu 20.04", "torch": "2.0.1+cu118", "torch_cuda": "11.8", "nvcc": "11.8", "gpu": "RTX 4090 (8.9) + RTX 3090 (8.6)", "TORCH_CUDA_ARCH_LIST": "5.0;5.2;6.0;6.1;7.0;7.5;8.0;8.6;8.9;9.0;10.0;10.1;10.3;12.0;12.1+PTX"},
    "torch 2.0 does not know 10.0 (accepted from 2.6). Set TORCH_CUDA_ARCH_LIST to the GPUs present: export TORCH_CUDA_ARCH_LIST=\"8.6;8.9+PTX\" (or unset it), then rebuild.",
    "seed 000 (Map4D, 1.11.3): Unknown CUDA arch (10.0) on an old torch, TORCH_CUDA_ARCH_LIST with 10.0/10.1")

case("arch-list-10-1-torch29", "utf8", f"""
$ export TORCH_CUDA_ARCH_LIST="8.6;8.9;10.0;10.1+PTX"
$ pip install --no-build-isolation -e . 2>&1 | tee build.log
Obtaining file:///home/lin/Map4D
  Checking if build backend supports build_editable ... done
  Preparing editable metadata (pyproject.toml) ... done
Building wheels for collected packages: map4d
  Building editable for map4d (pyproject.toml) ... error
  error: subprocess-exited-with-error

  × Building editable for map4d (pyproject.toml) did not run successfully.
  │ exit code: 1
  ╰─> [38 lines of output]
      running editable_wheel
      creating /tmp/pip-wheel-3v0n1qwd/.tmp-ak2l4p5y/map4d.egg-info
      running build_ext
      W1023 08:18:50.032000 91377 site-packages/torch/utils/cpp_extension.py:517] There are no g++ version bounds defined for CUDA version 12.8
      building 'map4d._C' extension
      creating /tmp/tmp_8r9x2zq.build-temp/csrc
      Traceback (most recent call last):
        File "/home/lin/.venv/lib/python3.12/site-packages/pip/_vendor/pyproject_hooks/_in_process/_in_process.py", line 389, in <module>
          main()
        File "/home/lin/.venv/lib/python3.12/site-packages/setuptools/_distutils/command/build_ext.py", line 368, in run
          self.build_extensions()
        File "/home/lin/.venv/lib/python3.12/site-packages/torch/utils/cpp_extension.py", line 1093, in build_extensions
          build_ext.build_extensions(self)
        File "/home/lin/.venv/lib/python3.12/site-packages/torch/utils/cpp_extension.py", line 873, in unix_wrap_ninja_compile
          cuda_post_cflags = unix_cuda_flags(cuda_post_cflags)
        File "/home/lin/.venv/lib/python3.12/site-packages/torch/utils/cpp_extension.py", line 772, in unix_cuda_flags
          cflags + _get_cuda_arch_flags(cflags))
        File "/home/lin/.venv/lib/python3.12/site-packages/torch/utils/cpp_extension.py", line 2436, in _get_cuda_arch_flags
          raise ValueError(f"Unknown CUDA arch ({{arch}}) or GPU not supported")
      ValueError: Unknown CUDA arch (10.1+PTX) or GPU not supported
      [end of output]

  note: This error originates from a subprocess, and is likely not a problem with pip.
  ERROR: Failed building editable for map4d
Failed to build map4d
error: failed-wheel-build-for-install

× Failed to build installable wheels for some pyproject.toml based projects
╰─> map4d
""", "unknown-cuda-arch", "Unknown CUDA arch (10.1+PTX) or GPU not supported",
    ["ValueError: Unknown CUDA arch (10.1+PTX) or GPU not supported"],
    [("There are no g++ version bounds defined for CUDA version 12.8", "warn-other")],
    {"os": "Ubuntu 22.04", "torch": "2.9.0+cu128", "torch_cuda": "12.8", "nvcc": "12.8", "pip": "25.2", "TORCH_CUDA_ARCH_LIST": "8.6;8.9;10.0;10.1+PTX"},
    "10.1 was renamed 11.0 and is unknown again from torch 2.9: drop it (export TORCH_CUDA_ARCH_LIST=\"8.6;8.9+PTX\", the GPUs present) and rebuild.",
    "seed 000 (Map4D, 1.11.3): a TORCH_CUDA_ARCH_LIST holding 10.1, on a torch that no longer accepts it",
    "The bounds W-line is a harmless warning (CUDA 12.8 has bounds in torch 2.11+, not necessarily 2.9; either way only a warning).")

# ================================================================ seed: Windows diff-gaussian-rasterization
DGR = r"J:\PythonProjects4\FaceLift\diff-gaussian-rasterization"
VENV = r"J:\PythonProjects4\FaceLift\venv"
WTP = VENV + r"\Lib\site-packages\torch"
MSVC = r"D:\Program Files\Microsoft Visual Studio\2022\Professional\VC\Tools\MSVC\14.42.34433"
def cuda_dir(v): return rf"C:\Program Files\NVIDIA GPU Computing Toolkit\CUDA\v{v}"
WFLAGS = "/MD /wd4819 /wd4251 /wd4244 /wd4267 /wd4275 /wd4018 /wd4190 /wd4624 /wd4067 /wd4068 /EHsc"
def winc(cuda, dgr=DGR, wtp=WTP, venv=VENV, msvc=MSVC):
    return (rf"-I{dgr}\third_party/glm/ -I{wtp}\include -I{wtp}\include\torch\csrc\api\include -I{wtp}\include\TH -I{wtp}\include\THC "
            rf""""-I{cuda_dir(cuda)}\include" -I{venv}\include -IC:\Python312\include -IC:\Python312\Include "-I{msvc}\include" "-I{msvc}\ATLMFC\include" "-ID:\Program Files\Microsoft Visual Studio\2022\Professional\VC\Auxiliary\VS\include" "-IC:\Program Files (x86)\Windows Kits\10\include\10.0.26100.0\ucrt" "-IC:\Program Files (x86)\Windows Kits\10\\include\10.0.26100.0\\um" "-IC:\Program Files (x86)\Windows Kits\10\\include\10.0.26100.0\\shared" """)
def nvcc_win(i, n, name, cuda="12.6", arch="86", dgr=DGR, **kw):
    tmp = dgr + r"\build\temp.win-amd64-cpython-312\Release"
    xc = " ".join("-Xcompiler " + f for f in WFLAGS.split())
    return (rf"[{i}/{n}] {cuda_dir(cuda)}\bin\nvcc --generate-dependencies-with-compile --dependency-output {tmp}\cuda_rasterizer/{name}.obj.d --use-local-env {xc} "
            r"-Xcudafe --diag_suppress=dll_interface_conflict_dllexport_assumed -Xcudafe --diag_suppress=dll_interface_conflict_none_assumed -Xcudafe --diag_suppress=field_without_dll_interface -Xcudafe --diag_suppress=base_class_has_different_dll_interface "
            + winc(cuda, dgr=dgr, **kw) + rf"-c {dgr}\cuda_rasterizer\{name}.cu -o {tmp}\cuda_rasterizer/{name}.obj -D__CUDA_NO_HALF_OPERATORS__ -D__CUDA_NO_HALF_CONVERSIONS__ -D__CUDA_NO_BFLOAT16_CONVERSIONS__ -D__CUDA_NO_HALF2_OPERATORS__ --expt-relaxed-constexpr -DTORCH_API_INCLUDE_EXTENSION_H -DTORCH_EXTENSION_NAME=_C -D_GLIBCXX_USE_CXX11_ABI=0 -gencode=arch=compute_{arch},code=compute_{arch} -gencode=arch=compute_{arch},code=sm_{arch}")
def cl_win(i, n, cuda="12.6", dgr=DGR):
    tmp = dgr + r"\build\temp.win-amd64-cpython-312\Release"
    return rf"[{i}/{n}] cl /showIncludes /nologo /O2 /W3 /GL /DNDEBUG /MD {WFLAGS} " + winc(cuda, dgr=dgr) + rf"-c {dgr}\ext.cpp /Fo{tmp}\ext.obj -DTORCH_API_INCLUDE_EXTENSION_H -DTORCH_EXTENSION_NAME=_C -D_GLIBCXX_USE_CXX11_ABI=0 /std:c++17"
W177 = (DGR.replace("\\", "/") + "/cuda_rasterizer/auxiliary.h(151): warning #177-D: variable \"p_proj\" was declared but never referenced\n"
        "      float3 p_proj = { p_hom.x * p_w, p_hom.y * p_w, p_hom.z * p_w };\n             ^\n")
VSBANNER = r"""**********************************************************************
** Visual Studio 2022 Developer Command Prompt v17.12.19
** Copyright (c) 2022 Microsoft Corporation
**********************************************************************
[vcvarsall.bat] Environment initialized for: 'x64'

D:\Program Files\Microsoft Visual Studio\2022\Professional>J:

J:\PythonProjects4\FaceLift>venv\Scripts\activate

(venv) J:\PythonProjects4\FaceLift>cd diff-gaussian-rasterization
"""
LINK = (rf'"{MSVC}\bin\HostX86\x64\link.exe" /nologo /INCREMENTAL:NO /LTCG /DLL /MANIFEST:EMBED,ID=2 /MANIFESTUAC:NO /LIBPATH:{WTP}\lib "/LIBPATH:{cuda_dir("12.6")}\lib\x64" /LIBPATH:{VENV}\libs /LIBPATH:C:\Python312\libs /LIBPATH:C:\Python312 /LIBPATH:{VENV}\PCbuild\amd64 "/LIBPATH:{MSVC}\ATLMFC\lib\x64" "/LIBPATH:{MSVC}\lib\x64" "/LIBPATH:C:\Program Files (x86)\Windows Kits\10\lib\10.0.26100.0\ucrt\x64" "/LIBPATH:C:\Program Files (x86)\Windows Kits\10\\lib\10.0.26100.0\\um\x64" '
        rf'c10.lib torch.lib torch_cpu.lib torch_python.lib cudart.lib c10_cuda.lib torch_cuda.lib /EXPORT:PyInit__C {DGR}\build\temp.win-amd64-cpython-312\Release\cuda_rasterizer/backward.obj {DGR}\build\temp.win-amd64-cpython-312\Release\cuda_rasterizer/forward.obj {DGR}\build\temp.win-amd64-cpython-312\Release\cuda_rasterizer/rasterizer_impl.obj {DGR}\build\temp.win-amd64-cpython-312\Release\ext.obj {DGR}\build\temp.win-amd64-cpython-312\Release\rasterize_points.obj /OUT:build\lib.win-amd64-cpython-312\diff_gaussian_rasterization\_C.cp312-win_amd64.pyd /IMPLIB:{DGR}\build\temp.win-amd64-cpython-312\Release\cuda_rasterizer\_C.cp312-win_amd64.lib')
WIN_BANNER = SETUPTOOLS_BANNER.format(site=VENV + r"\Lib\site-packages")

case("win-dgr-cuda13-major-mismatch", "gbk", VSBANNER + rf"""
(venv) {DGR}>nvcc --version
nvcc: NVIDIA (R) Cuda compiler driver
Copyright (c) 2005-2025 NVIDIA Corporation
Built on Wed_Nov_12_19:23:43_Pacific_Standard_Time_2025
Cuda compilation tools, release 13.1, V13.1.80
Build cuda_13.1.r13.1/compiler.36836380_0

(venv) {DGR}>set DISTUTILS_USE_SDK=1

(venv) {DGR}>set MSSdk=1

(venv) {DGR}>python setup.py bdist_wheel
running bdist_wheel
running build
running build_py
creating build\lib.win-amd64-cpython-312\diff_gaussian_rasterization
copying diff_gaussian_rasterization\__init__.py -> build\lib.win-amd64-cpython-312\diff_gaussian_rasterization
running build_ext
Traceback (most recent call last):
  File "{DGR}\setup.py", line 17, in <module>
    setup(
  File "{VENV}\Lib\site-packages\setuptools\__init__.py", line 117, in setup
    return distutils.core.setup(**attrs)
  File "{VENV}\Lib\site-packages\setuptools\_distutils\core.py", line 183, in setup
    return run_commands(dist)
  File "{VENV}\Lib\site-packages\setuptools\_distutils\dist.py", line 970, in run_command
    super().run_command(command)
  File "{VENV}\Lib\site-packages\setuptools\_distutils\command\build_ext.py", line 345, in run
    self.build_extensions()
  File "{WTP}\utils\cpp_extension.py", line 552, in build_extensions
    _check_cuda_version(compiler_name, compiler_version)
  File "{WTP}\utils\cpp_extension.py", line 447, in _check_cuda_version
    raise RuntimeError(CUDA_MISMATCH_MESSAGE.format(cuda_str_version, torch.version.cuda))
RuntimeError:
The detected CUDA version (13.1) mismatches the version that was used to compile
PyTorch (12.4). Please make sure to use the same CUDA versions.


(venv) {DGR}>
""", "cuda-major-mismatch", "The detected CUDA version (13.1) mismatches the version that was used to compile",
    ["The detected CUDA version (13.1) mismatches the version that was used to compile"], [],
    {"os": "Windows 11", "gpu": "RTX 3090", "compute_cap": "8.6", "torch": "2.4.0+cu124", "torch_cuda": "12.4", "nvcc": "13.1", "msvc": "14.42 (VS 2022 17.12)"},
    "Switch to a CUDA 12.x toolkit (switch-cuda 12.6: CUDA_PATH/CUDA_HOME and PATH to v12.6), then rebuild in the VS prompt with DISTUTILS_USE_SDK=1.",
    "seed 002 (Windows diff-gaussian-rasterization, 3.1): first attempt with CUDA 13.1 against torch 2.4.0+cu124",
    "torch 2.4 prints the multi-line RuntimeError form (the write-up shows it joined on one line). cp936 console, CRLF.")

case("win-dgr-cuda126-ok-gbk", "gbk", VSBANNER + rf"""
(venv) {DGR}>"D:\Program\switch-cuda.bat" 12.6
[OK] Switched to CUDA 12.6
  CUDA    : {cuda_dir("12.6")}
  CUDA x64: {cuda_dir("12.6")}\bin\x64
  cuDNN   : {cuda_dir("12.6")}\bin
Cuda compilation tools, release 12.6, V12.6.85

(venv) {DGR}>rd /s /q build

(venv) {DGR}>set DISTUTILS_USE_SDK=1

(venv) {DGR}>set MSSdk=1

(venv) {DGR}>python setup.py bdist_wheel
running bdist_wheel
running build
running build_py
creating build\lib.win-amd64-cpython-312\diff_gaussian_rasterization
copying diff_gaussian_rasterization\__init__.py -> build\lib.win-amd64-cpython-312\diff_gaussian_rasterization
running build_ext
{WTP}\utils\cpp_extension.py:416: UserWarning: The detected CUDA version (12.6) has a minor version mismatch with the version that was used to compile PyTorch (12.4). Most likely this shouldn't be a problem.
  warnings.warn(CUDA_MISMATCH_WARN.format(cuda_str_version, torch.version.cuda))
building 'diff_gaussian_rasterization._C' extension
creating {DGR}\build\temp.win-amd64-cpython-312\Release\cuda_rasterizer
{WTP}\utils\cpp_extension.py:1965: UserWarning: TORCH_CUDA_ARCH_LIST is not set, all archs for visible cards are included for compilation. 
If this is not desired, please set os.environ['TORCH_CUDA_ARCH_LIST'].
  warnings.warn(
Emitting ninja build file {DGR}\build\temp.win-amd64-cpython-312\Release\build.ninja...
Compiling objects...
Allowing ninja to set a default number of workers... (overridable by setting the environment variable MAX_JOBS=N)
{nvcc_win(1, 5, "forward")}
{W177}
Remark: The warnings can be suppressed with "-diag-suppress <warning-number>"

forward.cu
{nvcc_win(2, 5, "backward")}
{W177}
Remark: The warnings can be suppressed with "-diag-suppress <warning-number>"

backward.cu
{cl_win(3, 5)}
{nvcc_win(4, 5, "rasterizer_impl")}
{W177}
Remark: The warnings can be suppressed with "-diag-suppress <warning-number>"

rasterizer_impl.cu
{nvcc_win(5, 5, "rasterize_points").replace("cuda_rasterizer/rasterize_points", "rasterize_points").replace(chr(92) + "cuda_rasterizer" + chr(92) + "rasterize_points.cu", chr(92) + "rasterize_points.cu")}
rasterize_points.cu
{LINK}
   正在创建库 {DGR}\build\temp.win-amd64-cpython-312\Release\cuda_rasterizer\_C.cp312-win_amd64.lib 和对象 {DGR}\build\temp.win-amd64-cpython-312\Release\cuda_rasterizer\_C.cp312-win_amd64.exp
正在生成代码
已完成代码的生成
{WIN_BANNER}installing to build\bdist.win-amd64\wheel
running install
running install_lib
creating build\bdist.win-amd64\wheel
creating build\bdist.win-amd64\wheel\diff_gaussian_rasterization
copying build\lib.win-amd64-cpython-312\diff_gaussian_rasterization\_C.cp312-win_amd64.pyd -> build\bdist.win-amd64\wheel\.\diff_gaussian_rasterization
copying build\lib.win-amd64-cpython-312\diff_gaussian_rasterization\__init__.py -> build\bdist.win-amd64\wheel\.\diff_gaussian_rasterization
running install_egg_info
running egg_info
creating diff_gaussian_rasterization.egg-info
writing diff_gaussian_rasterization.egg-info\PKG-INFO
writing dependency_links to diff_gaussian_rasterization.egg-info\dependency_links.txt
writing top-level names to diff_gaussian_rasterization.egg-info\top_level.txt
writing manifest file 'diff_gaussian_rasterization.egg-info\SOURCES.txt'
reading manifest file 'diff_gaussian_rasterization.egg-info\SOURCES.txt'
writing manifest file 'diff_gaussian_rasterization.egg-info\SOURCES.txt'
Copying diff_gaussian_rasterization.egg-info to build\bdist.win-amd64\wheel\.\diff_gaussian_rasterization-0.0.0-py3.12.egg-info
running install_scripts
{VENV}\Lib\site-packages\wheel\bdist_wheel.py:108: RuntimeWarning: Config variable 'Py_DEBUG' is unset, Python ABI tag may be incorrect
  if get_flag("Py_DEBUG", hasattr(sys, "gettotalrefcount"), warn=(impl == "cp")):
creating build\bdist.win-amd64\wheel\diff_gaussian_rasterization-0.0.0.dist-info\WHEEL
creating 'dist\diff_gaussian_rasterization-0.0.0-cp312-cp312-win_amd64.whl' and adding 'build\bdist.win-amd64\wheel' to it
adding 'diff_gaussian_rasterization/_C.cp312-win_amd64.pyd'
adding 'diff_gaussian_rasterization/__init__.py'
adding 'diff_gaussian_rasterization-0.0.0.dist-info/METADATA'
adding 'diff_gaussian_rasterization-0.0.0.dist-info/WHEEL'
adding 'diff_gaussian_rasterization-0.0.0.dist-info/top_level.txt'
adding 'diff_gaussian_rasterization-0.0.0.dist-info/RECORD'
removing build\bdist.win-amd64\wheel

(venv) {DGR}>
""", "harmless-only", None, [],
    [("has a minor version mismatch with the version that was used to compile PyTorch (12.4)", "warn-cuda-minor-mismatch"),
     ("TORCH_CUDA_ARCH_LIST is not set, all archs for visible cards are included for compilation.", "warn-arch-list-not-set"),
     ("If this is not desired, please set os.environ['TORCH_CUDA_ARCH_LIST'].", "warn-arch-list-not-set"),
     ('auxiliary.h(151): warning #177-D: variable "p_proj" was declared but never referenced', "warn-unused-variable-177"),
     ("SetuptoolsDeprecationWarning: setup.py install is deprecated.", "warn-setup-py-deprecated"),
     ("RuntimeWarning: Config variable 'Py_DEBUG' is unset, Python ABI tag may be incorrect", "warn-py-debug-unset")],
    {"os": "Windows 11", "gpu": "RTX 3090", "compute_cap": "8.6", "torch": "2.4.0+cu124", "torch_cuda": "12.4", "nvcc": "12.6", "msvc": "14.42 (VS 2022 17.12.19)"},
    "Nothing to fix: the wheel was built; every warning is harmless.",
    "seed 002 (Windows diff-gaussian-rasterization, 3.4 and 5.x): the successful second attempt with CUDA 12.6",
    "cp936 console: link.exe's '正在创建库 ... 和对象 ...', '正在生成代码', '已完成代码的生成' are progress messages, not errors.")

case("win-dgr-stale-build-import", "gbk", rf"""
(venv) {DGR}>xcopy /E /I /Y H:\PythonProjects3\Win_ComfyUI\custom_nodes\diff-gaussian-rasterization {DGR}
4127 个文件

(venv) {DGR}>set DISTUTILS_USE_SDK=1

(venv) {DGR}>set MSSdk=1

(venv) {DGR}>python setup.py bdist_wheel
running bdist_wheel
running build
running build_py
running build_ext
{WTP}\utils\cpp_extension.py:416: UserWarning: The detected CUDA version (12.6) has a minor version mismatch with the version that was used to compile PyTorch (12.4). Most likely this shouldn't be a problem.
  warnings.warn(CUDA_MISMATCH_WARN.format(cuda_str_version, torch.version.cuda))
{WIN_BANNER}installing to build\bdist.win-amd64\wheel
running install
running install_lib
creating build\bdist.win-amd64\wheel
creating build\bdist.win-amd64\wheel\diff_gaussian_rasterization
copying build\lib.win-amd64-cpython-312\diff_gaussian_rasterization\_C.cp312-win_amd64.pyd -> build\bdist.win-amd64\wheel\.\diff_gaussian_rasterization
copying build\lib.win-amd64-cpython-312\diff_gaussian_rasterization\__init__.py -> build\bdist.win-amd64\wheel\.\diff_gaussian_rasterization
running install_egg_info
Copying diff_gaussian_rasterization.egg-info to build\bdist.win-amd64\wheel\.\diff_gaussian_rasterization-0.0.0-py3.12.egg-info
running install_scripts
creating 'dist\diff_gaussian_rasterization-0.0.0-cp312-cp312-win_amd64.whl' and adding 'build\bdist.win-amd64\wheel' to it
adding 'diff_gaussian_rasterization/_C.cp312-win_amd64.pyd'
adding 'diff_gaussian_rasterization/__init__.py'
removing build\bdist.win-amd64\wheel

(venv) {DGR}>pip install dist\diff_gaussian_rasterization-0.0.0-cp312-cp312-win_amd64.whl --force-reinstall
Processing {DGR}\dist\diff_gaussian_rasterization-0.0.0-cp312-cp312-win_amd64.whl
Installing collected packages: diff-gaussian-rasterization
  Attempting uninstall: diff-gaussian-rasterization
    Found existing installation: diff_gaussian_rasterization 0.0.0
    Uninstalling diff_gaussian_rasterization-0.0.0:
      Successfully uninstalled diff_gaussian_rasterization-0.0.0
Successfully installed diff-gaussian-rasterization-0.0.0

(venv) {DGR}>python -c "import torch, diff_gaussian_rasterization"
Traceback (most recent call last):
  File "<string>", line 1, in <module>
  File "{VENV}\Lib\site-packages\diff_gaussian_rasterization\__init__.py", line 15, in <module>
    from . import _C
ImportError: DLL load failed while importing _C: 找不到指定的程序。

(venv) {DGR}>
""", "abi-undefined-symbol", "DLL load failed while importing _C",
    ["ImportError: DLL load failed while importing _C"],
    [("has a minor version mismatch with the version that was used to compile PyTorch (12.4)", "warn-cuda-minor-mismatch"),
     ("SetuptoolsDeprecationWarning: setup.py install is deprecated.", "warn-setup-py-deprecated")],
    {"os": "Windows 11", "gpu": "RTX 3090", "torch": "2.4.0+cu124", "torch_cuda": "12.4", "nvcc": "12.6", "old_build": "torch 2.7.1+cu126 (copied build/)"},
    "The folder was copied with its build/ from a torch 2.7.1+cu126 environment; build_ext found the old _C.pyd up to date and packed it. rd /s /q build dist diff_gaussian_rasterization.egg-info, rebuild, reinstall.",
    "seed 002 (Windows diff-gaussian-rasterization, 3.3 and 6.1): a copied folder whose stale build/ is reused",
    "No compile step runs after 'running build_ext' (the old .pyd is newer than the sources); the import fails with WinError 127 text ('找不到指定的程序' = the specified procedure could not be found). The line-level cause is an extension that does not fit the installed torch (abi-undefined-symbol); the reason it does not fit is the stale build/ folder, which both notes' fixes clear.")

case("win-powershell-torch-timeout-utf16", "utf16", r"""
PS J:\PythonProjects4\FaceLift> pip install torch==2.4.0 torchvision==0.19.0 --index-url https://download.pytorch.org/whl/cu124 -v
Using pip 24.2 from J:\PythonProjects4\FaceLift\venv\Lib\site-packages\pip (python 3.12)
Looking in indexes: https://download.pytorch.org/whl/cu124
Collecting torch==2.4.0
  Obtaining dependency information for torch==2.4.0 from https://download.pytorch.org/whl/cu124/torch-2.4.0%2Bcu124-cp312-cp312-win_amd64.whl.metadata
  Downloading https://download.pytorch.org/whl/cu124/torch-2.4.0%2Bcu124-cp312-cp312-win_amd64.whl (2506.5 MB)
pip : ERROR: Exception:
At line:1 char:1
+ pip install torch==2.4.0 torchvision==0.19.0 --index-url https://down ...
+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : NotSpecified: (ERROR: Exception::String) [], RemoteException
    + FullyQualifiedErrorId : NativeCommandError
 
Traceback (most recent call last):
  File "J:\PythonProjects4\FaceLift\venv\Lib\site-packages\pip\_vendor\urllib3\response.py", line 438, in _error_catcher
    yield
  File "J:\PythonProjects4\FaceLift\venv\Lib\site-packages\pip\_vendor\urllib3\response.py", line 561, in read
    data = self._fp_read(amt) if not fp_closed else b""
  File "C:\Python312\Lib\ssl.py", line 1103, in read
    return self._sslobj.read(len, buffer)
TimeoutError: The read operation timed out

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "J:\PythonProjects4\FaceLift\venv\Lib\site-packages\pip\_internal\cli\base_command.py", line 105, in _run_wrapper
    status = _inner_run()
  File "J:\PythonProjects4\FaceLift\venv\Lib\site-packages\pip\_internal\network\download.py", line 147, in __call__
    for chunk in chunks:
  File "J:\PythonProjects4\FaceLift\venv\Lib\site-packages\pip\_vendor\urllib3\response.py", line 443, in _error_catcher
    raise ReadTimeoutError(self._pool, None, "Read timed out.")
pip._vendor.urllib3.exceptions.ReadTimeoutError: HTTPSConnectionPool(host='download.pytorch.org', port=443): Read timed out.
PS J:\PythonProjects4\FaceLift>
""", "torch-download-timeout", "pip._vendor.urllib3.exceptions.ReadTimeoutError: HTTPSConnectionPool(host='download.pytorch.org', port=443): Read timed out.",
    [], [],
    {"os": "Windows 11", "shell": "Windows PowerShell 5.1 (Tee/redirect writes UTF-16LE)", "pip": "24.2", "torch": "2.4.0+cu124 (wanted)"},
    "Download the wheel with a resumable downloader (IDM, aria2c) and pip install the local .whl, or retry with --timeout 120 --retries 10.",
    "seed 002 (section 7): torch wheel download timeout",
    "UTF-16LE with BOM (PowerShell `> file`). fatal_lines is empty on purpose: the scorer reads logs as UTF-8, so no label text can match a UTF-16 line; only the root cause is scored here. The `pip : ERROR: Exception:` line is PowerShell's NativeCommandError wrapping of stderr, not the cause.")

# ================================================================ Windows / MSVC, more
case("win-cl-not-on-path-gbk", "gbk", rf"""
Microsoft Windows [版本 10.0.22631.4460]
(c) Microsoft Corporation。保留所有权利。

C:\Users\wang\gs\submodules\simple-knn>cl
'cl' 不是内部或外部命令，也不是可运行的程序
或批处理文件。

C:\Users\wang\gs\submodules\simple-knn>pip install . --no-build-isolation
Processing c:\users\wang\gs\submodules\simple-knn
  Preparing metadata (pyproject.toml) ... done
Building wheels for collected packages: simple_knn
  Building wheel for simple_knn (pyproject.toml) ... error
  error: subprocess-exited-with-error

  × Building wheel for simple_knn (pyproject.toml) did not run successfully.
  │ exit code: 1
  ╰─> [27 lines of output]
      running bdist_wheel
      running build
      running build_ext
      C:\Users\wang\miniconda3\envs\gs\lib\site-packages\torch\utils\cpp_extension.py:382: UserWarning: Error checking compiler version for cl: [WinError 2] 系统找不到指定的文件。
        warnings.warn(f'Error checking compiler version for {{compiler}}: {{error}}')
      building 'simple_knn._C' extension
      creating build\temp.win-amd64-cpython-310\Release
      Emitting ninja build file C:\Users\wang\gs\submodules\simple-knn\build\temp.win-amd64-cpython-310\Release\build.ninja...
      Compiling objects...
      Allowing ninja to set a default number of workers... (overridable by setting the environment variable MAX_JOBS=N)
      [1/3] C:\Program Files\NVIDIA GPU Computing Toolkit\CUDA\v11.8\bin\nvcc --generate-dependencies-with-compile --dependency-output C:\Users\wang\gs\submodules\simple-knn\build\temp.win-amd64-cpython-310\Release\spatial.obj.d --use-local-env -Xcompiler /MD -Xcompiler /wd4819 -Xcompiler /EHsc -IC:\Users\wang\miniconda3\envs\gs\lib\site-packages\torch\include "-IC:\Program Files\NVIDIA GPU Computing Toolkit\CUDA\v11.8\include" -c C:\Users\wang\gs\submodules\simple-knn\spatial.cu -o C:\Users\wang\gs\submodules\simple-knn\build\temp.win-amd64-cpython-310\Release\spatial.obj -D__CUDA_NO_HALF_OPERATORS__ -DTORCH_EXTENSION_NAME=_C -gencode=arch=compute_86,code=sm_86
      FAILED: C:/Users/wang/gs/submodules/simple-knn/build/temp.win-amd64-cpython-310/Release/spatial.obj
      C:\Program Files\NVIDIA GPU Computing Toolkit\CUDA\v11.8\bin\nvcc --generate-dependencies-with-compile --dependency-output C:\Users\wang\gs\submodules\simple-knn\build\temp.win-amd64-cpython-310\Release\spatial.obj.d --use-local-env -Xcompiler /MD -c C:\Users\wang\gs\submodules\simple-knn\spatial.cu -o C:\Users\wang\gs\submodules\simple-knn\build\temp.win-amd64-cpython-310\Release\spatial.obj
      nvcc fatal   : Cannot find compiler 'cl.exe' in PATH
      ninja: build stopped: subcommand failed.
      Traceback (most recent call last):
        File "C:\Users\wang\miniconda3\envs\gs\lib\site-packages\torch\utils\cpp_extension.py", line 2100, in _run_ninja_build
          subprocess.run(
        File "C:\Users\wang\miniconda3\envs\gs\lib\subprocess.py", line 526, in run
          raise CalledProcessError(retcode, process.args,
      subprocess.CalledProcessError: Command '['ninja', '-v']' returned non-zero exit status 1.
      RuntimeError: Error compiling objects for extension
      [end of output]

  note: This error originates from a subprocess, and is likely not a problem with pip.
  ERROR: Failed building wheel for simple_knn
Failed to build simple_knn
ERROR: Could not build wheels for simple_knn, which is required to install pyproject.toml-based projects
""", "msvc-env-missing", "nvcc fatal   : Cannot find compiler 'cl.exe' in PATH",
    ["nvcc fatal   : Cannot find compiler 'cl.exe' in PATH"], [],
    {"os": "Windows 11 (zh-CN, cp936)", "torch": "2.0.1+cu118", "nvcc": "11.8", "env": "conda"},
    "Run the build from the 'x64 Native Tools Command Prompt for VS 2022' (or call vcvars64.bat first) and set DISTUTILS_USE_SDK=1.",
    "Chinese-locale Windows: plain cmd, no VS environment",
    "The '不是内部或外部命令' line is the user's own check at the prompt; it already says cl is missing. torch's 'Error checking compiler version for cl' warning is a consequence here, not the cause.")

case("win-distutils-use-sdk", "crlf", r"""
**********************************************************************
** Visual Studio 2022 Developer Command Prompt v17.9.6
** Copyright (c) 2022 Microsoft Corporation
**********************************************************************
[vcvarsall.bat] Environment initialized for: 'x64'

(gs) C:\src\gaussian-splatting>pip install submodules\diff-gaussian-rasterization --no-build-isolation
Processing c:\src\gaussian-splatting\submodules\diff-gaussian-rasterization
  Preparing metadata (setup.py) ... done
Building wheels for collected packages: diff_gaussian_rasterization
  Building wheel for diff_gaussian_rasterization (setup.py) ... error
  error: subprocess-exited-with-error

  × python setup.py bdist_wheel did not run successfully.
  │ exit code: 1
  ╰─> [26 lines of output]
      running bdist_wheel
      running build
      running build_py
      running build_ext
      Traceback (most recent call last):
        File "<string>", line 2, in <module>
        File "<pip-setuptools-caller>", line 34, in <module>
        File "C:\src\gaussian-splatting\submodules\diff-gaussian-rasterization\setup.py", line 17, in <module>
          setup(
        File "C:\Users\dev\miniconda3\envs\gs\lib\site-packages\setuptools\_distutils\command\build_ext.py", line 345, in run
          self.build_extensions()
        File "C:\Users\dev\miniconda3\envs\gs\lib\site-packages\torch\utils\cpp_extension.py", line 873, in build_extensions
          build_ext.build_extensions(self)
        File "C:\Users\dev\miniconda3\envs\gs\lib\site-packages\setuptools\_distutils\command\build_ext.py", line 467, in build_extensions
          self._build_extensions_serial()
        File "C:\Users\dev\miniconda3\envs\gs\lib\site-packages\setuptools\_distutils\command\build_ext.py", line 493, in _build_extensions_serial
          self.build_extension(ext)
        File "C:\Users\dev\miniconda3\envs\gs\lib\site-packages\torch\utils\cpp_extension.py", line 2015, in _get_vc_env
          raise UserWarning(msg)
      UserWarning: It seems that the VC environment is activated but DISTUTILS_USE_SDK is not set.This may lead to multiple activations of the VC env.Please set `DISTUTILS_USE_SDK=1` and try again.
      [end of output]

  note: This error originates from a subprocess, and is likely not a problem with pip.
  ERROR: Failed building wheel for diff_gaussian_rasterization
  Running setup.py clean for diff_gaussian_rasterization
Failed to build diff_gaussian_rasterization
ERROR: Could not build wheels for diff_gaussian_rasterization, which is required to install pyproject.toml-based projects
""", "msvc-env-missing", "It seems that the VC environment is activated but DISTUTILS_USE_SDK is not set.",
    ["UserWarning: It seems that the VC environment is activated but DISTUTILS_USE_SDK is not set."], [],
    {"os": "Windows 10", "torch": "2.1.2+cu118", "nvcc": "11.8", "msvc": "VS 2022 17.9", "env": "conda"},
    "set DISTUTILS_USE_SDK=1 (and MSSdk=1) in the developer prompt, then rebuild.",
    "seed 002: DISTUTILS_USE_SDK / MSSdk in the VS prompt",
    "The message is a UserWarning but torch raises it: the build stops.")

case("win-missing-glm-c1083-gbk", "gbk", VSBANNER.replace("FaceLift", "Win_ComfyUI").replace("J:", "H:").replace("PythonProjects4", "PythonProjects3") + rf"""
(venv) H:\PythonProjects3\Win_ComfyUI\diff-gaussian-rasterization>python setup.py bdist_wheel
running bdist_wheel
running build
running build_py
running build_ext
building 'diff_gaussian_rasterization._C' extension
Emitting ninja build file H:\PythonProjects3\Win_ComfyUI\diff-gaussian-rasterization\build\temp.win-amd64-cpython-312\Release\build.ninja...
Compiling objects...
Allowing ninja to set a default number of workers... (overridable by setting the environment variable MAX_JOBS=N)
[1/5] cl /showIncludes /nologo /O2 /W3 /GL /DNDEBUG /MD {WFLAGS} -IH:\PythonProjects3\Win_ComfyUI\diff-gaussian-rasterization\third_party/glm/ -c H:\PythonProjects3\Win_ComfyUI\diff-gaussian-rasterization\ext.cpp /FoH:\PythonProjects3\Win_ComfyUI\diff-gaussian-rasterization\build\temp.win-amd64-cpython-312\Release\ext.obj /std:c++17
[2/5] {cuda_dir("12.6")}\bin\nvcc --generate-dependencies-with-compile --dependency-output H:\PythonProjects3\Win_ComfyUI\diff-gaussian-rasterization\build\temp.win-amd64-cpython-312\Release\cuda_rasterizer/forward.obj.d --use-local-env -Xcompiler /MD -Xcompiler /wd4819 -Xcompiler /EHsc -IH:\PythonProjects3\Win_ComfyUI\diff-gaussian-rasterization\third_party/glm/ -c H:\PythonProjects3\Win_ComfyUI\diff-gaussian-rasterization\cuda_rasterizer\forward.cu -o H:\PythonProjects3\Win_ComfyUI\diff-gaussian-rasterization\build\temp.win-amd64-cpython-312\Release\cuda_rasterizer/forward.obj -gencode=arch=compute_86,code=sm_86
FAILED: H:/PythonProjects3/Win_ComfyUI/diff-gaussian-rasterization/build/temp.win-amd64-cpython-312/Release/cuda_rasterizer/forward.obj
{cuda_dir("12.6")}\bin\nvcc --generate-dependencies-with-compile --dependency-output H:\PythonProjects3\Win_ComfyUI\diff-gaussian-rasterization\build\temp.win-amd64-cpython-312\Release\cuda_rasterizer/forward.obj.d --use-local-env -c H:\PythonProjects3\Win_ComfyUI\diff-gaussian-rasterization\cuda_rasterizer\forward.cu
forward.cu
H:\PythonProjects3\Win_ComfyUI\diff-gaussian-rasterization\cuda_rasterizer\auxiliary.h(18): fatal error C1083: 无法打开包括文件: “glm/glm.hpp”: No such file or directory
ninja: build stopped: subcommand failed.
Traceback (most recent call last):
  File "H:\PythonProjects3\Win_ComfyUI\venv\Lib\site-packages\torch\utils\cpp_extension.py", line 2209, in _run_ninja_build
    subprocess.run(
  File "C:\Python312\Lib\subprocess.py", line 571, in run
    raise CalledProcessError(retcode, process.args,
subprocess.CalledProcessError: Command '['ninja', '-v']' returned non-zero exit status 1.

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "H:\PythonProjects3\Win_ComfyUI\diff-gaussian-rasterization\setup.py", line 17, in <module>
    setup(
  File "H:\PythonProjects3\Win_ComfyUI\venv\Lib\site-packages\torch\utils\cpp_extension.py", line 1959, in _write_ninja_file_and_compile_objects
    _run_ninja_build(
  File "H:\PythonProjects3\Win_ComfyUI\venv\Lib\site-packages\torch\utils\cpp_extension.py", line 2225, in _run_ninja_build
    raise RuntimeError(message) from e
RuntimeError: Error compiling objects for extension
""", "missing-header", "fatal error C1083", ["fatal error C1083"], [],
    {"os": "Windows 11 (zh-CN)", "torch": "2.7.1+cu126", "torch_cuda": "12.6", "nvcc": "12.6", "header": "glm/glm.hpp"},
    "cd third_party && git clone https://github.com/g-truc/glm.git (or git submodule update --init --recursive), rd /s /q build, rebuild.",
    "seed 002 (the first-time build it refers to: GLM must be put in third_party/glm)",
    "Label text is ASCII because the file is GBK and the scorer reads UTF-8; the full line is 'fatal error C1083: 无法打开包括文件: “glm/glm.hpp”: No such file or directory'.")

GHA = "2024-07-02T09:14:{:02d}.{:07d}Z "
def gha(lines, start=0):
    out = []
    for k, l in enumerate(lines.strip("\n").split("\n")):
        s = start + k
        out.append(GHA.format((s // 7) % 60, (s * 7919) % 10000000) + l)
    return "\n".join(out) + "\n"
case("gha-windows-vs2022-cuda118", "crlf", gha(rf"""
##[group]Run python -m pip install -v --no-build-isolation .
python -m pip install -v --no-build-isolation .
shell: C:\Program Files\PowerShell\7\pwsh.EXE -command ". '{{0}}'"
env:
  CUDA_PATH: C:\Program Files\NVIDIA GPU Computing Toolkit\CUDA\v11.8
  DISTUTILS_USE_SDK: 1
##[endgroup]
Using pip 24.1.1 from C:\hostedtoolcache\windows\Python\3.10.11\x64\lib\site-packages\pip (python 3.10)
Processing d:\a\fused-ops\fused-ops
  Running command python setup.py egg_info
  running egg_info
  Preparing metadata (setup.py) ... done
Building wheels for collected packages: fused_ops
  Running command python setup.py bdist_wheel
  running bdist_wheel
  running build_ext
  building 'fused_ops._C' extension
  Emitting ninja build file D:\a\fused-ops\fused-ops\build\temp.win-amd64-cpython-310\Release\build.ninja...
  Compiling objects...
  [1/2] C:\Program Files\NVIDIA GPU Computing Toolkit\CUDA\v11.8\bin\nvcc --generate-dependencies-with-compile --dependency-output D:\a\fused-ops\fused-ops\build\temp.win-amd64-cpython-310\Release\csrc/fused.obj.d --use-local-env -Xcompiler /MD -Xcompiler /wd4819 -Xcompiler /EHsc -ID:\a\fused-ops\fused-ops\csrc -c D:\a\fused-ops\fused-ops\csrc\fused.cu -o D:\a\fused-ops\fused-ops\build\temp.win-amd64-cpython-310\Release\csrc/fused.obj -gencode=arch=compute_80,code=sm_80 -gencode=arch=compute_86,code=sm_86
  FAILED: D:/a/fused-ops/fused-ops/build/temp.win-amd64-cpython-310/Release/csrc/fused.obj
  C:\Program Files\NVIDIA GPU Computing Toolkit\CUDA\v11.8\include\crt/host_config.h(153): fatal error C1189: #error:  -- unsupported Microsoft Visual Studio version! Only the versions between 2017 and 2022 (inclusive) are supported! The nvcc flag '-allow-unsupported-compiler' can be used to override this version check; however, using an unsupported host compiler may cause compilation failure or incorrect run time execution. Use at your own risk.
  fused.cu
  ninja: build stopped: subcommand failed.
  RuntimeError: Error compiling objects for extension
  error: subprocess-exited-with-error
  
  × python setup.py bdist_wheel did not run successfully.
  │ exit code: 1
  ╰─> See above for output.
  
  note: This error originates from a subprocess, and is likely not a problem with pip.
  full command: 'C:\hostedtoolcache\windows\Python\3.10.11\x64\python.exe' -u -c 'import sys, setuptools, tokenize; ...' bdist_wheel -d 'C:\Users\runneradmin\AppData\Local\Temp\pip-wheel-k2c6c5a2'
  cwd: D:\a\fused-ops\fused-ops\
  Building wheel for fused_ops (setup.py): finished with status 'error'
  ERROR: Failed building wheel for fused_ops
Failed to build fused_ops
ERROR: Could not build wheels for fused_ops, which is required to install pyproject.toml-based projects
##[error]Process completed with exit code 1.
"""), "host-compiler-unsupported", "unsupported Microsoft Visual Studio version!",
    ["fatal error C1189: #error:  -- unsupported Microsoft Visual Studio version!"], [],
    {"os": "windows-2022 runner", "msvc": "14.40 (VS 2022 17.10)", "nvcc": "11.8", "torch": "2.1.2+cu118"},
    "CUDA 11.8 rejects VS 2022 17.10+ (_MSC_VER >= 1940): install the 14.39 toolset (vcvars64.bat -vcvars_ver=14.39), move to CUDA 12.4+, or pass -allow-unsupported-compiler at your own risk.",
    "CI: GitHub Actions windows-2022 image after the VS 17.10 update; timestamps on every line",
    "`##[error]Process completed with exit code 1.` is the runner's summary, not a cause.")

case("win-python-lib-lnk1104-gbk", "gbk", r"""
D:\ComfyUI_windows_portable>.\python_embeded\python.exe -m pip install ComfyUI\custom_nodes\ComfyUI-3D-Pack\Gen_3D_Modules\diff-gaussian-rasterization --no-build-isolation
Processing d:\comfyui_windows_portable\comfyui\custom_nodes\comfyui-3d-pack\gen_3d_modules\diff-gaussian-rasterization
  Preparing metadata (pyproject.toml) ... done
Building wheels for collected packages: diff_gaussian_rasterization
  Building wheel for diff_gaussian_rasterization (pyproject.toml) ... error
  error: subprocess-exited-with-error

  × Building wheel for diff_gaussian_rasterization (pyproject.toml) did not run successfully.
  │ exit code: 1
  ╰─> [40 lines of output]
      running bdist_wheel
      running build
      running build_ext
      D:\ComfyUI_windows_portable\python_embeded\Lib\site-packages\torch\utils\cpp_extension.py:414: UserWarning: The detected CUDA version (12.6) has a minor version mismatch with the version that was used to compile PyTorch (12.4). Most likely this shouldn't be a problem.
        warnings.warn(CUDA_MISMATCH_WARN.format(cuda_str_version, torch.version.cuda))
      building 'diff_gaussian_rasterization._C' extension
      Emitting ninja build file D:\ComfyUI_windows_portable\ComfyUI\custom_nodes\ComfyUI-3D-Pack\Gen_3D_Modules\diff-gaussian-rasterization\build\temp.win-amd64-cpython-312\Release\build.ninja...
      Compiling objects...
      [1/5] cl /showIncludes /nologo /O2 /W3 /GL /DNDEBUG /MD /MD /wd4819 /EHsc -c ext.cpp /Foext.obj /std:c++17
      [5/5] C:\Program Files\NVIDIA GPU Computing Toolkit\CUDA\v12.6\bin\nvcc --use-local-env -c rasterize_points.cu -o rasterize_points.obj -gencode=arch=compute_89,code=sm_89
      "D:\Program Files\Microsoft Visual Studio\2022\BuildTools\VC\Tools\MSVC\14.41.34120\bin\HostX86\x64\link.exe" /nologo /INCREMENTAL:NO /LTCG /DLL /MANIFEST:EMBED,ID=2 /MANIFESTUAC:NO /LIBPATH:D:\ComfyUI_windows_portable\python_embeded\Lib\site-packages\torch\lib "/LIBPATH:C:\Program Files\NVIDIA GPU Computing Toolkit\CUDA\v12.6\lib\x64" /LIBPATH:D:\ComfyUI_windows_portable\python_embeded\libs /LIBPATH:D:\ComfyUI_windows_portable\python_embeded c10.lib torch.lib torch_cpu.lib torch_python.lib cudart.lib c10_cuda.lib torch_cuda.lib /EXPORT:PyInit__C backward.obj forward.obj rasterizer_impl.obj ext.obj rasterize_points.obj /OUT:build\lib.win-amd64-cpython-312\diff_gaussian_rasterization\_C.cp312-win_amd64.pyd
      LINK : fatal error LNK1104: 无法打开文件“python312.lib”
      error: command 'D:\\Program Files\\Microsoft Visual Studio\\2022\\BuildTools\\VC\\Tools\\MSVC\\14.41.34120\\bin\\HostX86\\x64\\link.exe' failed with exit code 1104
      [end of output]

  note: This error originates from a subprocess, and is likely not a problem with pip.
  ERROR: Failed building wheel for diff_gaussian_rasterization
Failed to build diff_gaussian_rasterization
ERROR: Could not build wheels for diff_gaussian_rasterization, which is required to install pyproject.toml-based projects
""", "python-import-lib-missing", "LINK : fatal error LNK1104", ["LINK : fatal error LNK1104"],
    [("has a minor version mismatch with the version that was used to compile PyTorch (12.4)", "warn-cuda-minor-mismatch")],
    {"os": "Windows 11 (zh-CN)", "python": "3.12 embeddable (ComfyUI portable python_embeded)", "torch": "2.5.1+cu124", "nvcc": "12.6"},
    "The embeddable Python has no libs\\python312.lib (nor include\\): copy libs\\ and include\\ from a full CPython 3.12 install of the same version into python_embeded\\, then rebuild.",
    "ComfyUI portable (python_embeded) building a Gaussian-splatting rasterizer: the Python import library is missing",
    "Full line: 'LINK : fatal error LNK1104: 无法打开文件“python312.lib”' (cannot open file). The compile steps are abridged. No note covered this when the label was written; the id is the one proposed for a new note.")

case("win-dll-load-module-not-found-gbk", "gbk", r"""
(venv) E:\work\nvdiffrast>python -c "import torch; import nvdiffrast.torch as dr; dr.RasterizeCudaContext()"
Traceback (most recent call last):
  File "<string>", line 1, in <module>
  File "E:\work\venv\lib\site-packages\nvdiffrast\torch\ops.py", line 186, in __init__
    self.cpp_wrapper = _get_plugin().RasterizeCRStateWrapper(cuda_device_idx)
  File "E:\work\venv\lib\site-packages\nvdiffrast\torch\ops.py", line 118, in _get_plugin
    torch.utils.cpp_extension.load(name=plugin_name, sources=source_paths, extra_cflags=opts, extra_cuda_cflags=opts+['-lineinfo'], extra_ldflags=ldflags, with_cuda=True, verbose=False)
  File "E:\work\venv\lib\site-packages\torch\utils\cpp_extension.py", line 1312, in load
    return _jit_compile(
  File "E:\work\venv\lib\site-packages\torch\utils\cpp_extension.py", line 1747, in _jit_compile
    return _import_module_from_library(name, build_directory, is_python_module)
  File "E:\work\venv\lib\site-packages\torch\utils\cpp_extension.py", line 2141, in _import_module_from_library
    module = importlib.util.module_from_spec(spec)
  File "<frozen importlib._bootstrap>", line 571, in module_from_spec
  File "<frozen importlib._bootstrap_external>", line 1176, in create_module
  File "<frozen importlib._bootstrap>", line 241, in _call_with_frames_removed
ImportError: DLL load failed while importing nvdiffrast_plugin: 找不到指定的模块。
""", "dll-dependency-not-found", "DLL load failed while importing nvdiffrast_plugin",
    ["ImportError: DLL load failed while importing nvdiffrast_plugin"], [],
    {"os": "Windows 10 (zh-CN)", "torch": "2.1.0+cu121", "python": "3.10"},
    "A DLL the plugin links (cudart64_12.dll, or one from torch\\lib) is not on the DLL search path: import torch first, add CUDA's bin with os.add_dll_directory, or put it on PATH.",
    "JIT load() on Windows: the built plugin cannot load a dependent DLL (WinError 126, '找不到指定的模块')")

# ================================================================ Chinese-locale Linux (LANG=zh_CN.UTF-8)
ZTP = "/home/zhang/anaconda3/envs/nerf/lib/python3.9/site-packages/torch"
case("linux-zh-missing-header", "utf8", f"""
(nerf) zhang@ubuntu:~/instant-nsr$ python setup.py build_ext --inplace
running build_ext
building 'raymarching._backend' extension
Emitting ninja build file /home/zhang/instant-nsr/build/temp.linux-x86_64-cpython-39/build.ninja...
Compiling objects...
Allowing ninja to set a default number of workers... (overridable by setting the environment variable MAX_JOBS=N)
[1/2] c++ -MMD -MF /home/zhang/instant-nsr/build/temp.linux-x86_64-cpython-39/src/bindings.o.d -pthread -B /home/zhang/anaconda3/envs/nerf/compiler_compat -Wno-unused-result -Wsign-compare -DNDEBUG -O2 -Wall -fPIC -I{ZTP}/include -I{ZTP}/include/torch/csrc/api/include -I/usr/local/cuda/include -I/home/zhang/anaconda3/envs/nerf/include/python3.9 -c -c /home/zhang/instant-nsr/src/bindings.cpp -o /home/zhang/instant-nsr/build/temp.linux-x86_64-cpython-39/src/bindings.o -O3 -std=c++17 -DTORCH_API_INCLUDE_EXTENSION_H -DTORCH_EXTENSION_NAME=_backend -D_GLIBCXX_USE_CXX11_ABI=0
FAILED: /home/zhang/instant-nsr/build/temp.linux-x86_64-cpython-39/src/raymarching.o
/usr/local/cuda/bin/nvcc  -I{ZTP}/include -I/usr/local/cuda/include -I/home/zhang/anaconda3/envs/nerf/include/python3.9 -c -c /home/zhang/instant-nsr/src/raymarching.cu -o /home/zhang/instant-nsr/build/temp.linux-x86_64-cpython-39/src/raymarching.o -D__CUDA_NO_HALF_OPERATORS__ --expt-relaxed-constexpr --compiler-options ''"'"'-fPIC'"'"'' -O3 -std=c++14 -U__CUDA_NO_HALF_OPERATORS__ -DTORCH_EXTENSION_NAME=_backend -gencode=arch=compute_86,code=compute_86 -gencode=arch=compute_86,code=sm_86
/home/zhang/instant-nsr/src/raymarching.cu:12:10: 致命错误：cuda/std/cstdint：没有那个文件或目录
   12 | #include <cuda/std/cstdint>
      |          ^~~~~~~~~~~~~~~~~~
编译中断。
ninja: build stopped: subcommand failed.
{ninja_tb(ZTP, 1900, "3.9", "/home/zhang/anaconda3/envs/nerf")}
Traceback (most recent call last):
  File "/home/zhang/instant-nsr/setup.py", line 39, in <module>
    setup(
  File "{ZTP}/utils/cpp_extension.py", line 1570, in _write_ninja_file_and_compile_objects
    _run_ninja_build(
  File "{ZTP}/utils/cpp_extension.py", line 1916, in _run_ninja_build
    raise RuntimeError(message) from e
RuntimeError: Error compiling objects for extension
""", "missing-header", "致命错误：cuda/std/cstdint：没有那个文件或目录",
    ["致命错误：cuda/std/cstdint：没有那个文件或目录"], [],
    {"os": "Ubuntu 20.04 (LANG=zh_CN.UTF-8)", "torch": "1.13.1+cu116", "torch_cuda": "11.6", "nvcc": "11.6", "header": "cuda/std/cstdint"},
    "The header comes from libcu++ (CUDA >= 11.x ships it under include/cuda/std in newer toolkits); use a toolkit that has it or add the CCCL include path, then rebuild.",
    "Chinese-locale gcc: 'fatal error: X: No such file or directory' is translated")

case("linux-zh-lcuda", "utf8", f"""
(nerf) zhang@ubuntu:~/tiny-cuda-nn/bindings/torch$ python setup.py install
Building PyTorch extension for tiny-cuda-nn version 1.7
Obtained compute capability 86 from PyTorch
Detected CUDA version 11.6
Targeting C++ standard 17
running install
running build_ext
g++ -pthread -B /home/zhang/anaconda3/envs/nerf/compiler_compat -shared -Wl,-rpath,/home/zhang/anaconda3/envs/nerf/lib build/temp.linux-x86_64-cpython-39/../../src/common_host.o build/temp.linux-x86_64-cpython-39/tinycudann/bindings.o -L{ZTP}/lib -L/usr/local/cuda/lib64 -lcuda -lc10 -ltorch -ltorch_cpu -ltorch_python -lcudart -lc10_cuda -ltorch_cuda -o build/lib.linux-x86_64-cpython-39/tinycudann_bindings/_86_C.cpython-39-x86_64-linux-gnu.so
/home/zhang/anaconda3/envs/nerf/compiler_compat/ld: 找不到 -lcuda: 没有那个文件或目录
collect2: 错误：ld 返回 1
error: command '/usr/bin/g++' failed with exit code 1
""", "cannot-find-lcuda", "找不到 -lcuda", ["ld: 找不到 -lcuda"], [],
    {"os": "Ubuntu 20.04 (LANG=zh_CN.UTF-8), docker without the driver mounted", "torch": "1.13.1+cu116", "nvcc": "11.6"},
    "export LIBRARY_PATH=/usr/local/cuda/lib64/stubs:$LIBRARY_PATH and rebuild.",
    "Chinese-locale binutils: 'cannot find -lcuda' is translated ('找不到 -lcuda')",
    "`collect2: 错误：ld 返回 1` is the translated 'ld returned 1 exit status' symptom.")

# ================================================================ older torch
O = "/opt/conda/lib/python3.8/site-packages/torch"
case("torch20-major-mismatch-multiline", "utf8", f"""
root@7f2c1b9e4a10:/workspace/apex# python setup.py install --cpp_ext --cuda_ext


torch.__version__  = 2.0.1+cu117


Compiling cuda extensions with
nvcc: NVIDIA (R) Cuda compiler driver
Copyright (c) 2005-2023 NVIDIA Corporation
Built on Mon_Apr__3_17:16:06_PDT_2023
Cuda compilation tools, release 12.1, V12.1.105
Build cuda_12.1.r12.1/compiler.32688072_0
from /usr/local/cuda/bin

Traceback (most recent call last):
  File "setup.py", line 179, in <module>
    check_cuda_torch_binary_vs_bare_metal(CUDA_HOME)
  File "setup.py", line 40, in check_cuda_torch_binary_vs_bare_metal
    raise RuntimeError(
RuntimeError: Cuda extensions are being compiled with a version of Cuda that does not match the version used to compile Pytorch binaries.  Pytorch binaries were compiled with Cuda 11.7.
In some cases, a minor-version mismatch will not cause later errors:  https://github.com/NVIDIA/apex/pull/323#discussion_r287021798.  You can try commenting out this check (at your own risk).
root@7f2c1b9e4a10:/workspace/apex# sed -i 's/check_cuda_torch_binary_vs_bare_metal(CUDA_HOME)/pass/' setup.py && python setup.py install --cpp_ext --cuda_ext
running install
running build_ext
Traceback (most recent call last):
  File "setup.py", line 842, in <module>
    setup(
  File "/opt/conda/lib/python3.8/site-packages/setuptools/__init__.py", line 87, in setup
    return distutils.core.setup(**attrs)
  File "/opt/conda/lib/python3.8/site-packages/setuptools/_distutils/command/build_ext.py", line 339, in run
    self.build_extensions()
  File "{O}/utils/cpp_extension.py", line 499, in build_extensions
    _check_cuda_version(compiler_name, compiler_version)
  File "{O}/utils/cpp_extension.py", line 387, in _check_cuda_version
    raise RuntimeError(CUDA_MISMATCH_MESSAGE.format(cuda_str_version, torch.version.cuda))
RuntimeError:
The detected CUDA version (12.1) mismatches the version that was used to compile
PyTorch (11.7). Please make sure to use the same CUDA versions.

""", "cuda-major-mismatch", "The detected CUDA version (12.1) mismatches the version that was used to compile",
    ["The detected CUDA version (12.1) mismatches the version that was used to compile",
     "RuntimeError: Cuda extensions are being compiled with a version of Cuda that does not match the version used to compile Pytorch binaries."], [],
    {"os": "docker nvidia/cuda:12.1 + conda", "torch": "2.0.1+cu117", "torch_cuda": "11.7", "nvcc": "12.1"},
    "Install the CUDA 11.7 toolkit (or torch built for cu121) and point CUDA_HOME at it; do not patch the checks out.",
    "apex on an old torch: apex's own setup.py check, then torch's multi-line RuntimeError",
    "apex's check_cuda_torch_binary_vs_bare_metal is the same cause in apex's words; the user removed it and torch's own check fired.")

case("torch21-setuptools-too-old", "utf8", f"""
$ python setup.py develop
running develop
running egg_info
writing pointnet2_ops.egg-info/PKG-INFO
running build_ext
Traceback (most recent call last):
  File "setup.py", line 24, in <module>
    setup(
  File "/home/ci/.venv/lib/python3.10/site-packages/setuptools/__init__.py", line 153, in setup
    return distutils.core.setup(**attr)
  File "/home/ci/.venv/lib/python3.10/site-packages/setuptools/command/build_ext.py", line 79, in run
    _build_ext.run(self)
  File "/usr/lib/python3.10/distutils/command/build_ext.py", line 340, in run
    self.build_extensions()
  File "/home/ci/.venv/lib/python3.10/site-packages/torch/utils/cpp_extension.py", line 525, in build_extensions
    _check_cuda_version(compiler_name, compiler_version)
  File "/home/ci/.venv/lib/python3.10/site-packages/torch/utils/cpp_extension.py", line 407, in _check_cuda_version
    raise ValueError("setuptools>=49.4.0 is required")
ValueError: setuptools>=49.4.0 is required
""", "setuptools-too-old", "ValueError: setuptools>=49.4.0 is required", ["ValueError: setuptools>=49.4.0 is required"], [],
    {"os": "Ubuntu 22.04", "torch": "2.1.2+cu121", "setuptools": "45.2.0"},
    "pip install -U 'setuptools>=49.4.0' (any recent setuptools), then rebuild.",
    "torch >= 2.1 with an old setuptools/packaging (pr #97602)",
    "No note covered this when the label was written; the id is the one proposed for a new note.")

J = "/home/ana/.venv/lib/python3.8/site-packages/torch"
case("torch113-jit-ninja-missing", "utf8", f"""
$ python bench.py
Traceback (most recent call last):
  File "bench.py", line 9, in <module>
    lltm_cuda = load(name="lltm_cuda", sources=["lltm_cuda.cpp", "lltm_cuda_kernel.cu"], verbose=True)
  File "{J}/utils/cpp_extension.py", line 1284, in load
    return _jit_compile(
  File "{J}/utils/cpp_extension.py", line 1508, in _jit_compile
    _write_ninja_file_and_build_library(
  File "{J}/utils/cpp_extension.py", line 1597, in _write_ninja_file_and_build_library
    verify_ninja_availability()
  File "{J}/utils/cpp_extension.py", line 1653, in verify_ninja_availability
    raise RuntimeError("Ninja is required to load C++ extensions")
RuntimeError: Ninja is required to load C++ extensions
""", "ninja-missing", "RuntimeError: Ninja is required to load C++ extensions", ["RuntimeError: Ninja is required to load C++ extensions"], [],
    {"torch": "1.13.1+cu117", "mode": "JIT load()"},
    "pip install ninja (in the same environment), then rerun.",
    "JIT torch.utils.cpp_extension.load() on torch 1.13 without ninja")

J2 = "/home/ana/.venv/lib/python3.11/site-packages/torch"
case("jit-load-user-code-error", "utf8", f"""
$ python train.py
Using /home/ana/.cache/torch_extensions/py311_cu121 as PyTorch extensions root...
Creating extension directory /home/ana/.cache/torch_extensions/py311_cu121/fused_adam...
Detected CUDA files, patching ldflags
Emitting ninja build file /home/ana/.cache/torch_extensions/py311_cu121/fused_adam/build.ninja...
/home/ana/.venv/lib/python3.11/site-packages/torch/utils/cpp_extension.py:1967: UserWarning: TORCH_CUDA_ARCH_LIST is not set, all archs for visible cards are included for compilation. 
If this is not desired, please set os.environ['TORCH_CUDA_ARCH_LIST'].
  warnings.warn(
Building extension module fused_adam...
Allowing ninja to set a default number of workers... (overridable by setting the environment variable MAX_JOBS=N)
[1/3] /usr/local/cuda/bin/nvcc --generate-dependencies-with-compile --dependency-output fused_adam_kernel.cuda.o.d -DTORCH_EXTENSION_NAME=fused_adam -DTORCH_API_INCLUDE_EXTENSION_H -DPYBIND11_COMPILER_TYPE=\\"_gcc\\" -DPYBIND11_STDLIB=\\"_libstdcpp\\" -DPYBIND11_BUILD_ABI=\\"_cxxabi1011\\" -isystem {J2}/include -isystem {J2}/include/torch/csrc/api/include -isystem /usr/local/cuda/include -isystem /usr/include/python3.11 -D_GLIBCXX_USE_CXX11_ABI=0 -D__CUDA_NO_HALF_OPERATORS__ -D__CUDA_NO_HALF_CONVERSIONS__ -D__CUDA_NO_BFLOAT16_CONVERSIONS__ -D__CUDA_NO_HALF2_OPERATORS__ --expt-relaxed-constexpr -gencode=arch=compute_89,code=compute_89 -gencode=arch=compute_89,code=sm_89 --compiler-options '-fPIC' -O3 -Werror=cross-execution-space-call -std=c++17 -c /home/ana/proj/ops/fused_adam_kernel.cu -o fused_adam_kernel.cuda.o 
FAILED: fused_adam_kernel.cuda.o 
/usr/local/cuda/bin/nvcc --generate-dependencies-with-compile --dependency-output fused_adam_kernel.cuda.o.d -DTORCH_EXTENSION_NAME=fused_adam -isystem {J2}/include -O3 -Werror=cross-execution-space-call -std=c++17 -c /home/ana/proj/ops/fused_adam_kernel.cu -o fused_adam_kernel.cuda.o 
/home/ana/proj/ops/fused_adam_kernel.cu(57): error: identifier "blockDimx" is undefined
      const int stride = blockDimx * gridDim.x;
                         ^

1 error detected in the compilation of "/home/ana/proj/ops/fused_adam_kernel.cu".
[2/3] c++ -MMD -MF fused_adam.o.d -DTORCH_EXTENSION_NAME=fused_adam -DTORCH_API_INCLUDE_EXTENSION_H -isystem {J2}/include -fPIC -std=c++17 -O3 -c /home/ana/proj/ops/fused_adam.cpp -o fused_adam.o 
ninja: build stopped: subcommand failed.
Traceback (most recent call last):
  File "{J2}/utils/cpp_extension.py", line 2096, in _run_ninja_build
    subprocess.run(
  File "/usr/lib/python3.11/subprocess.py", line 571, in run
    raise CalledProcessError(retcode, process.args,
subprocess.CalledProcessError: Command '['ninja', '-v']' returned non-zero exit status 1.

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "/home/ana/proj/train.py", line 14, in <module>
    fused_adam = load(name="fused_adam", sources=["ops/fused_adam.cpp", "ops/fused_adam_kernel.cu"], verbose=True)
  File "{J2}/utils/cpp_extension.py", line 1309, in load
    return _jit_compile(
  File "{J2}/utils/cpp_extension.py", line 1719, in _jit_compile
    _write_ninja_file_and_build_library(
  File "{J2}/utils/cpp_extension.py", line 1832, in _write_ninja_file_and_build_library
    _run_ninja_build(
  File "{J2}/utils/cpp_extension.py", line 2112, in _run_ninja_build
    raise RuntimeError(message) from e
RuntimeError: Error building extension 'fused_adam'
""", "unknown", 'error: identifier "blockDimx" is undefined', [],
    [("TORCH_CUDA_ARCH_LIST is not set, all archs for visible cards are included for compilation.", "warn-arch-list-not-set")],
    {"torch": "2.3.1+cu121", "nvcc": "12.1", "gpu": "RTX 4090", "mode": "JIT load()"},
    "A typo in the extension's own kernel (blockDimx for blockDim.x): fix the source; no toolchain problem.",
    "JIT load() failing on a bug in the extension's own code",
    "The real error is in user code; no note should claim it, it belongs in unrecognized. `-Werror=cross-execution-space-call` in the command line is not an error.")

case("jit-load-cpu-torch-cuda-home", "utf8", """
$ CUDA_HOME=/usr/local/cuda-12.4 python -c "from torch.utils.cpp_extension import load; load('k', ['k.cu'], verbose=True)"
Traceback (most recent call last):
  File "<string>", line 1, in <module>
  File "/srv/venv/lib/python3.12/site-packages/torch/utils/cpp_extension.py", line 1623, in load
    return _jit_compile(
  File "/srv/venv/lib/python3.12/site-packages/torch/utils/cpp_extension.py", line 2076, in _jit_compile
    _write_ninja_file_and_build_library(
  File "/srv/venv/lib/python3.12/site-packages/torch/utils/cpp_extension.py", line 2203, in _write_ninja_file_and_build_library
    extra_ldflags = _prepare_ldflags(
  File "/srv/venv/lib/python3.12/site-packages/torch/utils/cpp_extension.py", line 2340, in _prepare_ldflags
    extra_ldflags.append(f'-L{_join_cuda_home("lib64")}')
  File "/srv/venv/lib/python3.12/site-packages/torch/utils/cpp_extension.py", line 2939, in _join_cuda_home
    raise OSError('CUDA_HOME environment variable is not set. '
OSError: CUDA_HOME environment variable is not set. Please set it to your CUDA install root.
$ python -c "import torch; print(torch.__version__, torch.version.cuda)"
2.6.0+cpu None
""", "cuda-home-missing", "OSError: CUDA_HOME environment variable is not set. Please set it to your CUDA install root.",
    ["OSError: CUDA_HOME environment variable is not set. Please set it to your CUDA install root."], [],
    {"torch": "2.6.0+cpu", "torch_cuda": None, "CUDA_HOME": "/usr/local/cuda-12.4 (ignored)", "mode": "JIT load()"},
    "torch is a CPU build, so torch ignores CUDA_HOME: install a CUDA torch (pip install torch --index-url https://download.pytorch.org/whl/cu124).",
    "JIT load() with a CPU-only torch (>= 2.6 forces CUDA_HOME to None)")

# ================================================================ torch >= 2.8 glog forms, CI, ANSI
V = "/home/runner/.venv/lib/python3.12/site-packages/torch"
case("torch28-glog-warnings-ok", "utf8", f"""
$ pip install -v --no-build-isolation .
Using pip 25.1.1 from /home/runner/.venv/lib/python3.12/site-packages/pip (python 3.12)
Processing /home/runner/work/gsplat-lite
  Running command Preparing metadata (pyproject.toml)
  running dist_info
  Preparing metadata (pyproject.toml) ... done
Building wheels for collected packages: gsplat_lite
  Running command Building wheel for gsplat_lite (pyproject.toml)
  running bdist_wheel
  running build
  running build_ext
  W0827 05:24:55.683000 68843 site-packages/torch/utils/cpp_extension.py:531] The detected CUDA version (12.9) has a minor version mismatch with the version that was used to compile PyTorch (12.8). Most likely this shouldn't be a problem.
  building 'gsplat_lite.csrc' extension
  creating build/temp.linux-x86_64-cpython-312/gsplat_lite/cuda/csrc
  W0827 05:24:55.701000 68843 site-packages/torch/utils/cpp_extension.py:2425] TORCH_CUDA_ARCH_LIST is not set, all archs for visible cards are included for compilation.
  W0827 05:24:55.701000 68843 site-packages/torch/utils/cpp_extension.py:2425] If this is not desired, please set os.environ['TORCH_CUDA_ARCH_LIST'] to specific architectures.
  [1/3] /usr/local/cuda/bin/nvcc --generate-dependencies-with-compile --dependency-output /home/runner/work/gsplat-lite/build/temp.linux-x86_64-cpython-312/gsplat_lite/cuda/csrc/projection.o.d -I{V}/include -I/usr/local/cuda/include -I/usr/include/python3.12 -c -c /home/runner/work/gsplat-lite/gsplat_lite/cuda/csrc/projection.cu -o /home/runner/work/gsplat-lite/build/temp.linux-x86_64-cpython-312/gsplat_lite/cuda/csrc/projection.o -D__CUDA_NO_HALF_OPERATORS__ --expt-relaxed-constexpr --compiler-options ''"'"'-fPIC'"'"'' -O3 --use_fast_math -DTORCH_API_INCLUDE_EXTENSION_H -DTORCH_EXTENSION_NAME=csrc -gencode=arch=compute_90,code=compute_90 -gencode=arch=compute_90,code=sm_90 -std=c++17
  /home/runner/work/gsplat-lite/gsplat_lite/cuda/csrc/projection.cu(211): warning #177-D: variable "cov2d_det" was declared but never referenced
        float cov2d_det = det;
              ^

  Remark: The warnings can be suppressed with "-diag-suppress <warning-number>"

  [2/3] /usr/local/cuda/bin/nvcc --generate-dependencies-with-compile -c -c /home/runner/work/gsplat-lite/gsplat_lite/cuda/csrc/rasterization.cu -o /home/runner/work/gsplat-lite/build/temp.linux-x86_64-cpython-312/gsplat_lite/cuda/csrc/rasterization.o -gencode=arch=compute_90,code=sm_90 -std=c++17
  [3/3] c++ -MMD -MF /home/runner/work/gsplat-lite/build/temp.linux-x86_64-cpython-312/gsplat_lite/cuda/csrc/ext.o.d -fno-strict-overflow -Wsign-compare -DNDEBUG -g -O2 -Wall -fPIC -I{V}/include -c /home/runner/work/gsplat-lite/gsplat_lite/cuda/csrc/ext.cpp -o /home/runner/work/gsplat-lite/build/temp.linux-x86_64-cpython-312/gsplat_lite/cuda/csrc/ext.o -O3 -DTORCH_API_INCLUDE_EXTENSION_H -DTORCH_EXTENSION_NAME=csrc -D_GLIBCXX_USE_CXX11_ABI=1 -std=c++17
  x86_64-linux-gnu-g++ -fno-strict-overflow -Wsign-compare -DNDEBUG -g -O2 -Wall -shared -Wl,-O1 -Wl,-Bsymbolic-functions build/temp.linux-x86_64-cpython-312/gsplat_lite/cuda/csrc/ext.o build/temp.linux-x86_64-cpython-312/gsplat_lite/cuda/csrc/projection.o build/temp.linux-x86_64-cpython-312/gsplat_lite/cuda/csrc/rasterization.o -L{V}/lib -L/usr/local/cuda/lib64 -lc10 -ltorch -ltorch_cpu -ltorch_python -lcudart -lc10_cuda -ltorch_cuda -o build/lib.linux-x86_64-cpython-312/gsplat_lite/csrc.cpython-312-x86_64-linux-gnu.so
  installing to build/bdist.linux-x86_64/wheel
  running install
  running install_lib
  warning: install_lib: byte-compiling is disabled, skipping.
  running install_egg_info
  running install_scripts
  creating '/tmp/pip-wheel-7yq9t9ol/.tmp-u6e8v2_w/gsplat_lite-0.3.0-cp312-cp312-linux_x86_64.whl' and adding 'build/bdist.linux-x86_64/wheel' to it
  Building wheel for gsplat_lite (pyproject.toml) ... done
  Created wheel for gsplat_lite: filename=gsplat_lite-0.3.0-cp312-cp312-linux_x86_64.whl size=1874201 sha256=5b1f0d3c7a4f9b8e2c6d1a0f3e5b7c9d2a4f6e8b0c1d3e5f7a9b2c4d6e8f0a1b
Successfully built gsplat_lite
Installing collected packages: gsplat_lite
Successfully installed gsplat_lite-0.3.0
""", "harmless-only", None, [],
    [("has a minor version mismatch with the version that was used to compile PyTorch (12.8)", "warn-cuda-minor-mismatch"),
     ("TORCH_CUDA_ARCH_LIST is not set, all archs for visible cards are included for compilation.", "warn-arch-list-not-set"),
     ("please set os.environ['TORCH_CUDA_ARCH_LIST'] to specific architectures.", "warn-arch-list-not-set"),
     ('warning #177-D: variable "cov2d_det" was declared but never referenced', "warn-unused-variable-177"),
     ("warning: install_lib: byte-compiling is disabled, skipping.", "warn-other")],
    {"os": "Ubuntu 24.04", "gpu": "H100", "compute_cap": "9.0", "torch": "2.8.0+cu128", "torch_cuda": "12.8", "nvcc": "12.9", "pip": "25.1.1"},
    "Nothing to fix: the wheel was built and installed.",
    "torch 2.8: the minor-mismatch and arch-list warnings as glog W-lines inside pip -v output")

ESC = "\x1b"
def red(s): return f"{ESC}[01;31m{ESC}[K{s}{ESC}[m{ESC}[K"
def bold(s): return f"{ESC}[01m{ESC}[K{s}{ESC}[m{ESC}[K"
case("gha-linux-ansi-gcc13-cuda121", "utf8", gha(f"""
##[group]Run pip install --no-build-isolation -v .
{ESC}[36;1mpip install --no-build-isolation -v .{ESC}[0m
shell: /usr/bin/bash -e {{0}}
##[endgroup]
Processing /home/runner/work/pointops/pointops
  Running command Building wheel for pointops (pyproject.toml)
  running bdist_wheel
  running build_ext
  building 'pointops._C' extension
  [1/4] /usr/local/cuda-12.1/bin/nvcc -I/opt/hostedtoolcache/Python/3.11.9/x64/lib/python3.11/site-packages/torch/include -c -c /home/runner/work/pointops/pointops/src/knn/knn_cuda_kernel.cu -o /home/runner/work/pointops/pointops/build/temp.linux-x86_64-cpython-311/src/knn/knn_cuda_kernel.o --compiler-options ''"'"'-fPIC'"'"'' -O3 -DTORCH_EXTENSION_NAME=_C -gencode=arch=compute_80,code=sm_80 -ccbin gcc-13 -std=c++17
  FAILED: /home/runner/work/pointops/pointops/build/temp.linux-x86_64-cpython-311/src/knn/knn_cuda_kernel.o
  /usr/local/cuda-12.1/bin/nvcc -c -c /home/runner/work/pointops/pointops/src/knn/knn_cuda_kernel.cu -o /home/runner/work/pointops/pointops/build/temp.linux-x86_64-cpython-311/src/knn/knn_cuda_kernel.o -ccbin gcc-13 -std=c++17
  In file included from {bold("/usr/local/cuda-12.1/include/cuda_runtime.h:82")},
                   from {bold("<command-line>:")}:
  {bold("/usr/local/cuda-12.1/include/crt/host_config.h:132:2:")} {red("error: ")}#error -- unsupported GNU version! gcc versions later than 12 are not supported! The nvcc flag '-allow-unsupported-compiler' can be used to override this version check; however, using an unsupported host compiler may cause compilation failure or incorrect run time execution. Use at your own risk.
    132 | #{red("error")} -- unsupported GNU version! gcc versions later than 12 are not supported! The nvcc flag '-allow-unsupported-compiler' can be used to override this version check; however, using an unsupported host compiler may cause compilation failure or incorrect run time execution. Use at your own risk.
        |  {red("^~~~~")}
  ninja: build stopped: subcommand failed.
  RuntimeError: Error compiling objects for extension
  error: subprocess-exited-with-error
  {ESC}[31m×{ESC}[0m Building wheel for pointops {ESC}[1;32m({ESC}[0m{ESC}[32mpyproject.toml{ESC}[0m{ESC}[1;32m){ESC}[0m did not run successfully.
  {ESC}[31m│{ESC}[0m exit code: {ESC}[1;36m1{ESC}[0m
  {ESC}[31m╰─>{ESC}[0m See above for output.
  {ESC}[1;35mnote{ESC}[0m: This error originates from a subprocess, and is likely not a problem with pip.
  {ESC}[1;31merror{ESC}[0m: {ESC}[1mfailed-wheel-build-for-install{ESC}[0m
##[error]Process completed with exit code 1.
"""), "host-compiler-unsupported", "unsupported GNU version! gcc versions later than 12 are not supported!",
    ["unsupported GNU version! gcc versions later than 12 are not supported!"], [],
    {"os": "ubuntu-24.04 runner", "gcc": "13", "nvcc": "12.1", "torch": "2.3.1+cu121"},
    "CUDA 12.1 accepts gcc <= 12: install gcc-12/g++-12 and build with CC=gcc-12 CXX=g++-12 (or NVCC_CCBIN), or use CUDA >= 12.4.",
    "CI: GitHub Actions timestamps + gcc's ANSI colour codes (GCC_COLORS) + pip rich colours",
    "Both the diagnostic line and the caret echo contain the message; the diagnostic line is the one labelled (it also appears in the echo, which is fine).")

case("gha-torch28-tuple-major-mismatch", "utf8", gha(f"""
##[group]Run python setup.py bdist_wheel
{ESC}[36;1mpython setup.py bdist_wheel{ESC}[0m
##[endgroup]
running bdist_wheel
running build
running build_ext
Traceback (most recent call last):
  File "/home/runner/work/flash-lite/flash-lite/setup.py", line 61, in <module>
    setup(
  File "/opt/hostedtoolcache/Python/3.12.4/x64/lib/python3.12/site-packages/torch/utils/cpp_extension.py", line 710, in build_extensions
    _check_cuda_version(compiler_name, compiler_version)
  File "/opt/hostedtoolcache/Python/3.12.4/x64/lib/python3.12/site-packages/torch/utils/cpp_extension.py", line 585, in _check_cuda_version
    raise RuntimeError(CUDA_MISMATCH_MESSAGE, cuda_str_version, torch.version.cuda)
RuntimeError: ('The detected CUDA version (%s) mismatches the version that was used to compilePyTorch (%s). Please make sure to use the same CUDA versions.', '12.4', '13.0')
##[error]Process completed with exit code 1.
"""), "cuda-major-mismatch", "RuntimeError: ('The detected CUDA version (%s) mismatches",
    ["RuntimeError: ('The detected CUDA version (%s) mismatches"], [],
    {"os": "ubuntu-22.04 runner (Jimver/cuda-toolkit 12.4)", "torch": "2.9.0 (PyPI default, cu130)", "torch_cuda": "13.0", "nvcc": "12.4"},
    "pip install torch --index-url https://download.pytorch.org/whl/cu126 (a 12.x torch) or install CUDA 13.0 on the runner.",
    "CI: torch >= 2.8 prints the major mismatch as a tuple with %s")

# ================================================================ docker buildkit
def bk(step, t0, lines):
    out = []
    t = t0
    for l in lines.strip("\n").split("\n"):
        t += 0.013
        out.append(f"#{step} {t:.3f} {l}")
    return "\n".join(out) + "\n"
case("docker-no-gpu-indexerror", "utf8", """
#0 building with "default" instance using docker driver

#1 [internal] load build definition from Dockerfile
#1 transferring dockerfile: 1.02kB done
#1 DONE 0.0s

#9 [5/7] RUN pip install --no-build-isolation ./submodules/simple-knn
""" + bk(9, 0.4, """
Processing ./submodules/simple-knn
  Preparing metadata (setup.py): started
  Preparing metadata (setup.py): finished with status 'done'
Building wheels for collected packages: simple_knn
  Building wheel for simple_knn (setup.py): started
  Building wheel for simple_knn (setup.py): finished with status 'error'
  error: subprocess-exited-with-error
  
  × python setup.py bdist_wheel did not run successfully.
  │ exit code: 1
  ╰─> [33 lines of output]
      No CUDA runtime is found, using CUDA_HOME='/usr/local/cuda'
      running bdist_wheel
      running build
      running build_ext
      building 'simple_knn._C' extension
      /opt/conda/lib/python3.10/site-packages/torch/utils/cpp_extension.py:1967: UserWarning: TORCH_CUDA_ARCH_LIST is not set, all archs for visible cards are included for compilation.
      If this is not desired, please set os.environ['TORCH_CUDA_ARCH_LIST'].
        warnings.warn(
      Traceback (most recent call last):
        File "<string>", line 2, in <module>
        File "<pip-setuptools-caller>", line 34, in <module>
        File "/workspace/submodules/simple-knn/setup.py", line 21, in <module>
          setup(
        File "/opt/conda/lib/python3.10/site-packages/torch/utils/cpp_extension.py", line 794, in unix_wrap_ninja_compile
          cuda_post_cflags = unix_cuda_flags(cuda_post_cflags)
        File "/opt/conda/lib/python3.10/site-packages/torch/utils/cpp_extension.py", line 693, in unix_cuda_flags
          cflags + _get_cuda_arch_flags(cflags))
        File "/opt/conda/lib/python3.10/site-packages/torch/utils/cpp_extension.py", line 1982, in _get_cuda_arch_flags
          arch_list[-1] += '+PTX'
      IndexError: list index out of range
      [end of output]
  
  note: This error originates from a subprocess, and is likely not a problem with pip.
  ERROR: Failed building wheel for simple_knn
  Running setup.py clean for simple_knn
Failed to build simple_knn
ERROR: Could not build wheels for simple_knn, which is required to install pyproject.toml-based projects
""") + """#9 ERROR: process "/bin/sh -c pip install --no-build-isolation ./submodules/simple-knn" did not complete successfully: exit code: 1
------
 > [5/7] RUN pip install --no-build-isolation ./submodules/simple-knn:
------
Dockerfile:14
ERROR: failed to solve: process "/bin/sh -c pip install --no-build-isolation ./submodules/simple-knn" did not complete successfully: exit code: 1
""", "cuda-arch-list-no-gpu", "IndexError: list index out of range", ["IndexError: list index out of range"],
    [("No CUDA runtime is found, using CUDA_HOME='/usr/local/cuda'", "warn-other")],
    {"os": "docker build (pytorch/pytorch:2.3.1-cuda12.1-cudnn8-devel), no GPU at build time", "torch": "2.3.1+cu121", "nvcc": "12.1"},
    "Set the target archs explicitly in the Dockerfile: ENV TORCH_CUDA_ARCH_LIST=\"8.0;8.6;8.9;9.0+PTX\".",
    "docker buildkit `#9 1.234 ` prefixes; no GPU during docker build",
    "The arch-list UserWarning is printed too, but here it is part of the failure (no visible cards), so it is not labelled harmless.")

case("docker-flash-attn-cicc-oom", "utf8", "#11 [7/9] RUN MAX_JOBS=16 pip install flash-attn==2.5.8 --no-build-isolation\n" + bk(11, 2.1, """
Collecting flash-attn==2.5.8
  Downloading flash_attn-2.5.8.tar.gz (2.5 MB)
  Preparing metadata (setup.py): started
  Preparing metadata (setup.py): finished with status 'done'
Building wheels for collected packages: flash-attn
  Building wheel for flash-attn (setup.py): started
""") + bk(11, 1423.5, """
  Building wheel for flash-attn (setup.py): finished with status 'error'
  error: subprocess-exited-with-error
  
  × python setup.py bdist_wheel did not run successfully.
  │ exit code: 1
  ╰─> [1204 lines of output]
      torch.__version__  = 2.3.0+cu121
      running bdist_wheel
      Guessing wheel URL:  https://github.com/Dao-AILab/flash-attention/releases/download/v2.5.8/flash_attn-2.5.8+cu122torch2.3cxx11abiFALSE-cp310-cp310-linux_x86_64.whl
      Precompiled wheel not found. Building from source...
      running build_ext
      building 'flash_attn_2_cuda' extension
      [1/85] /usr/local/cuda/bin/nvcc -c csrc/flash_attn/src/flash_bwd_hdim128_fp16_sm80.cu -o build/temp.linux-x86_64-cpython-310/csrc/flash_attn/src/flash_bwd_hdim128_fp16_sm80.o -O3 -std=c++17 -U__CUDA_NO_HALF_OPERATORS__ --expt-relaxed-constexpr --expt-extended-lambda --use_fast_math -gencode arch=compute_80,code=sm_80 -gencode arch=compute_90,code=sm_90 --threads 4 -DTORCH_EXTENSION_NAME=flash_attn_2_cuda
      [2/85] /usr/local/cuda/bin/nvcc -c csrc/flash_attn/src/flash_bwd_hdim160_bf16_sm80.cu -o build/temp.linux-x86_64-cpython-310/csrc/flash_attn/src/flash_bwd_hdim160_bf16_sm80.o -O3 --threads 4 -gencode arch=compute_80,code=sm_80 -gencode arch=compute_90,code=sm_90
      FAILED: build/temp.linux-x86_64-cpython-310/csrc/flash_attn/src/flash_bwd_hdim256_bf16_sm80.o
      /usr/local/cuda/bin/nvcc -c csrc/flash_attn/src/flash_bwd_hdim256_bf16_sm80.cu -o build/temp.linux-x86_64-cpython-310/csrc/flash_attn/src/flash_bwd_hdim256_bf16_sm80.o -O3 --threads 4
      nvcc error   : 'cicc' died due to signal 9 (Kill signal)
      nvcc error   : 'cicc' died due to signal 9 (Kill signal)
      ninja: build stopped: subcommand failed.
      Traceback (most recent call last):
        File "/usr/local/lib/python3.10/dist-packages/torch/utils/cpp_extension.py", line 2107, in _run_ninja_build
          subprocess.run(
      subprocess.CalledProcessError: Command '['ninja', '-v', '-j', '16']' returned non-zero exit status 1.
      RuntimeError: Error compiling objects for extension
      [end of output]
  
  note: This error originates from a subprocess, and is likely not a problem with pip.
  ERROR: Failed building wheel for flash-attn
Failed to build flash-attn
ERROR: Could not build wheels for flash-attn, which is required to install pyproject.toml-based projects
""") + """#11 ERROR: process "/bin/sh -c MAX_JOBS=16 pip install flash-attn==2.5.8 --no-build-isolation" did not complete successfully: exit code: 1
ERROR: failed to solve: process "/bin/sh -c MAX_JOBS=16 pip install flash-attn==2.5.8 --no-build-isolation" did not complete successfully: exit code: 1
""", "compiler-oom", "nvcc error   : 'cicc' died due to signal 9 (Kill signal)", ["'cicc' died due to signal 9 (Kill signal)"], [],
    {"os": "docker build, 32 GB RAM", "torch": "2.3.0+cu121", "nvcc": "12.1", "MAX_JOBS": "16"},
    "Lower parallelism: MAX_JOBS=4 (each nvcc --threads 4 job can take 4-8 GB), or give Docker more memory.",
    "docker buildkit; flash-attn from source runs out of memory")

case("docker-torch-download-timeout", "utf8", "#6 [3/8] RUN pip install torch==2.1.2 --index-url https://download.pytorch.org/whl/cu118\n" + bk(6, 0.8, """
Looking in indexes: https://download.pytorch.org/whl/cu118
Collecting torch==2.1.2
  Downloading https://download.pytorch.org/whl/cu118/torch-2.1.2%2Bcu118-cp310-cp310-linux_x86_64.whl (2325.9 MB)
     ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━ 0.6/2.3 GB 2.1 MB/s eta 0:13:22
ERROR: Exception:
Traceback (most recent call last):
  File "/usr/local/lib/python3.10/dist-packages/pip/_vendor/urllib3/response.py", line 438, in _error_catcher
    yield
  File "/usr/local/lib/python3.10/dist-packages/pip/_vendor/urllib3/response.py", line 561, in read
    data = self._fp_read(amt) if not fp_closed else b""
  File "/usr/lib/python3.10/ssl.py", line 1159, in read
    return self._sslobj.read(len, buffer)
TimeoutError: The read operation timed out

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "/usr/local/lib/python3.10/dist-packages/pip/_internal/cli/base_command.py", line 180, in exc_logging_wrapper
    status = run_func(*args)
  File "/usr/local/lib/python3.10/dist-packages/pip/_vendor/urllib3/response.py", line 443, in _error_catcher
    raise ReadTimeoutError(self._pool, None, "Read timed out.")
pip._vendor.urllib3.exceptions.ReadTimeoutError: HTTPSConnectionPool(host='download.pytorch.org', port=443): Read timed out.
""") + """#6 ERROR: process "/bin/sh -c pip install torch==2.1.2 --index-url https://download.pytorch.org/whl/cu118" did not complete successfully: exit code: 2
""", "torch-download-timeout", "ReadTimeoutError: HTTPSConnectionPool(host='download.pytorch.org', port=443): Read timed out.",
    ["ReadTimeoutError: HTTPSConnectionPool(host='download.pytorch.org', port=443): Read timed out."], [],
    {"os": "docker build", "torch": "2.1.2+cu118 (wanted)"},
    "Retry with pip install --timeout 120 --retries 10, or download the wheel once and COPY it into the image.",
    "docker buildkit; torch wheel download timeout (the seed's timeout, on Linux)",
    "The first fatal line is `TimeoutError: The read operation timed out`; either line names the same cause.")

# ================================================================ pip versions and build isolation
case("pip26-isolation-cpu-torch", "utf8", """
$ pip install .
Processing /home/dev/mmcv-lite
  Installing build dependencies: started
  Installing build dependencies: finished with status 'done'
  Getting requirements to build wheel: started
  Getting requirements to build wheel: finished with status 'error'
  error: subprocess-exited-with-error
  
  × Getting requirements to build wheel did not run successfully.
  │ exit code: 1
  ╰─> [21 lines of output]
      Traceback (most recent call last):
        File "/home/dev/.venv/lib/python3.12/site-packages/pip/_vendor/pyproject_hooks/_in_process/_in_process.py", line 389, in <module>
          main()
        File "/home/dev/.venv/lib/python3.12/site-packages/pip/_vendor/pyproject_hooks/_in_process/_in_process.py", line 143, in get_requires_for_build_wheel
          return hook(config_settings)
        File "/tmp/pip-build-env-p2w0c1sd/overlay/lib/python3.12/site-packages/setuptools/build_meta.py", line 331, in get_requires_for_build_wheel
          return self._get_build_requires(config_settings, requirements=[])
        File "/tmp/pip-build-env-p2w0c1sd/overlay/lib/python3.12/site-packages/setuptools/build_meta.py", line 512, in run_setup
          super().run_setup(setup_script=setup_script)
        File "<string>", line 40, in <module>
        File "/tmp/pip-build-env-p2w0c1sd/overlay/lib/python3.12/site-packages/torch/utils/cpp_extension.py", line 1196, in CUDAExtension
          library_dirs += library_paths(device_type="cuda")
        File "/tmp/pip-build-env-p2w0c1sd/overlay/lib/python3.12/site-packages/torch/utils/cpp_extension.py", line 1474, in library_paths
          lib_dir = _join_cuda_home(lib_dir)
        File "/tmp/pip-build-env-p2w0c1sd/overlay/lib/python3.12/site-packages/torch/utils/cpp_extension.py", line 2941, in _join_cuda_home
          raise OSError('CUDA_HOME environment variable is not set. '
      OSError: CUDA_HOME environment variable is not set. Please set it to your CUDA install root.
      [end of output]
  
  note: This error originates from a subprocess, and is likely not a problem with pip.
ERROR: Failed to build 'file:///home/dev/mmcv-lite' when getting requirements to build wheel
$ echo $CUDA_HOME
/usr/local/cuda-12.6
""", "build-isolation-torch", "OSError: CUDA_HOME environment variable is not set. Please set it to your CUDA install root.",
    ["OSError: CUDA_HOME environment variable is not set. Please set it to your CUDA install root."], [],
    {"pip": "26.2.2", "torch": "2.7.1+cu126 (user env)", "build_env_torch": "2.13.0+cpu", "CUDA_HOME": "/usr/local/cuda-12.6"},
    "The isolated build env got a CPU torch (which forces CUDA_HOME to None): pip install --no-build-isolation ., or pin the CUDA torch in build-system.requires.",
    "pip 26 with build isolation: build-system.requires 'torch' resolved to a +cpu wheel",
    "CUDA_HOME is set; the OSError comes from the build env's torch (/tmp/pip-build-env-*/overlay/...), a CPU build. The last line is pip 26's new 'Failed to build ... when getting requirements to build wheel'.")

case("pip23-legacy-egg-info-no-torch", "utf8", """
$ pip --version
pip 23.0.1 from /usr/lib/python3/dist-packages/pip (python 3.11)
$ pip install ./pointnet2_ops_lib
Processing ./pointnet2_ops_lib
  Preparing metadata (setup.py) ... error
  error: subprocess-exited-with-error
  
  × python setup.py egg_info did not run successfully.
  │ exit code: 1
  ╰─> [6 lines of output]
      Traceback (most recent call last):
        File "<string>", line 2, in <module>
        File "<pip-setuptools-caller>", line 34, in <module>
        File "/home/dev/Pointnet2_PyTorch/pointnet2_ops_lib/setup.py", line 5, in <module>
          from torch.utils.cpp_extension import BuildExtension, CUDAExtension
      ModuleNotFoundError: No module named 'torch'
      [end of output]
  
  note: This error originates from a subprocess, and is likely not a problem with pip.
error: metadata-generation-failed

× Encountered error while generating package metadata.
╰─> See above for output.

note: This is an issue with the package mentioned above, not pip.
hint: See above for details.
$ python3 -c "import torch"
Traceback (most recent call last):
  File "<string>", line 1, in <module>
ModuleNotFoundError: No module named 'torch'
""", "torch-not-installed", "ModuleNotFoundError: No module named 'torch'", ["ModuleNotFoundError: No module named 'torch'"], [],
    {"pip": "23.0.1", "python": "3.11 (Debian system)"},
    "Install torch into this Python first (pip install torch ...), then build.",
    "pip 23 legacy path (setup.py egg_info, no isolation): torch really is missing",
    "No 'Installing build dependencies' / 'Getting requirements to build wheel': pip 23.0.1 took the legacy path, so this is not isolation; the user's own `python3 -c \"import torch\"` confirms it.")

case("pip25-isolation-no-torch-ansi", "utf8", f"""
$ pip install git+https://github.com/graphdeco-inria/diff-gaussian-rasterization
Collecting git+https://github.com/graphdeco-inria/diff-gaussian-rasterization
  Cloning https://github.com/graphdeco-inria/diff-gaussian-rasterization to /tmp/pip-req-build-f8x3k0ra
  Running command git clone --filter=blob:none --quiet https://github.com/graphdeco-inria/diff-gaussian-rasterization /tmp/pip-req-build-f8x3k0ra
  Resolved https://github.com/graphdeco-inria/diff-gaussian-rasterization to commit 59f5f77e3ddbac3ed9db93ec2cfe99ed6c5d121d
  Running command git submodule update --init --recursive -q
  Installing build dependencies ... {ESC}[?25l{ESC}[?25hdone
  Getting requirements to build wheel ... {ESC}[?25l{ESC}[?25herror
  {ESC}[1;31merror{ESC}[0m: {ESC}[1msubprocess-exited-with-error{ESC}[0m
  
  {ESC}[31m×{ESC}[0m {ESC}[32mGetting requirements to build wheel{ESC}[0m did not run successfully.
  {ESC}[31m│{ESC}[0m exit code: {ESC}[1;36m1{ESC}[0m
  {ESC}[31m╰─>{ESC}[0m {ESC}[31m[17 lines of output]{ESC}[0m
  {ESC}[31m   {ESC}[0m Traceback (most recent call last):
  {ESC}[31m   {ESC}[0m   File "/home/u/.venv/lib/python3.12/site-packages/pip/_vendor/pyproject_hooks/_in_process/_in_process.py", line 389, in <module>
  {ESC}[31m   {ESC}[0m     main()
  {ESC}[31m   {ESC}[0m   File "/tmp/pip-build-env-a9k2m1x0/overlay/lib/python3.12/site-packages/setuptools/build_meta.py", line 317, in run_setup
  {ESC}[31m   {ESC}[0m     exec(code, locals())
  {ESC}[31m   {ESC}[0m   File "<string>", line 13, in <module>
  {ESC}[31m   {ESC}[0m ModuleNotFoundError: No module named 'torch'
  {ESC}[31m   {ESC}[0m {ESC}[31m[end of output]{ESC}[0m
  
  {ESC}[1;35mnote{ESC}[0m: This error originates from a subprocess, and is likely not a problem with pip.
{ESC}[1;31merror{ESC}[0m: {ESC}[1msubprocess-exited-with-error{ESC}[0m

{ESC}[31m×{ESC}[0m {ESC}[32mGetting requirements to build wheel{ESC}[0m did not run successfully.
{ESC}[31m│{ESC}[0m exit code: {ESC}[1;36m1{ESC}[0m
{ESC}[31m╰─>{ESC}[0m See above for output.

{ESC}[1;35mnote{ESC}[0m: This error originates from a subprocess, and is likely not a problem with pip.
""", "build-isolation-torch", "ModuleNotFoundError: No module named 'torch'", ["ModuleNotFoundError: No module named 'torch'"], [],
    {"pip": "25.1.1 (terminal, colours forced)", "torch": "2.5.1+cu124 (installed in the venv)"},
    "pip install --no-build-isolation git+https://github.com/graphdeco-inria/diff-gaussian-rasterization",
    "pip 25 interactive output with ANSI colours, build isolation without torch")

# ================================================================ conda, run time
CE = "/home/li/miniconda3/envs/gs"
case("conda-libstdcxx-glibcxx", "utf8", f"""
(gs) li@ws:~/gaussian-splatting$ python train.py -s data/garden
Traceback (most recent call last):
  File "/home/li/gaussian-splatting/train.py", line 16, in <module>
    from gaussian_renderer import render, network_gui
  File "/home/li/gaussian-splatting/gaussian_renderer/__init__.py", line 14, in <module>
    from diff_gaussian_rasterization import GaussianRasterizationSettings, GaussianRasterizer
  File "{CE}/lib/python3.8/site-packages/diff_gaussian_rasterization/__init__.py", line 15, in <module>
    from . import _C
ImportError: {CE}/bin/../lib/libstdc++.so.6: version `GLIBCXX_3.4.30' not found (required by {CE}/lib/python3.8/site-packages/diff_gaussian_rasterization/_C.cpython-38-x86_64-linux-gnu.so)
""", "libstdcxx-too-old", "version `GLIBCXX_3.4.30' not found", ["version `GLIBCXX_3.4.30' not found"], [],
    {"env": "conda (libstdcxx-ng 11.2)", "gcc": "12 (system, used to build)", "torch": "1.12.1+cu116"},
    "conda install -c conda-forge 'libstdcxx-ng>=12' (or build with the conda gcc), then rerun.",
    "conda env whose libstdc++ is older than the system gcc that built the extension")

case("conda-build-ok-compiler-warnings", "utf8", f"""
(gs) li@ws:~/gaussian-splatting/submodules/simple-knn$ python setup.py install
running install
{SETUPTOOLS_BANNER_OVERDUE.format(site=CE + '/lib/python3.8/site-packages')}running bdist_egg
running egg_info
writing simple_knn.egg-info/PKG-INFO
running install_lib
running build_ext
{CE}/lib/python3.8/site-packages/torch/utils/cpp_extension.py:387: UserWarning: The detected CUDA version (11.8) has a minor version mismatch with the version that was used to compile PyTorch (11.7). Most likely this shouldn't be a problem.
  warnings.warn(CUDA_MISMATCH_WARN.format(cuda_str_version, torch.version.cuda))
{CE}/lib/python3.8/site-packages/torch/utils/cpp_extension.py:397: UserWarning: There are no x86_64-conda-linux-gnu-c++ version bounds defined for CUDA version 11.8
  warnings.warn(f'There are no {{compiler_name}} version bounds defined for CUDA version {{cuda_str_version}}')
building 'simple_knn._C' extension
creating /home/li/gaussian-splatting/submodules/simple-knn/build/temp.linux-x86_64-cpython-38
Emitting ninja build file /home/li/gaussian-splatting/submodules/simple-knn/build/temp.linux-x86_64-cpython-38/build.ninja...
Compiling objects...
Allowing ninja to set a default number of workers... (overridable by setting the environment variable MAX_JOBS=N)
[1/3] {CE}/bin/nvcc  -I{CE}/lib/python3.8/site-packages/torch/include -I{CE}/include -I{CE}/include/python3.8 -c -c /home/li/gaussian-splatting/submodules/simple-knn/spatial.cu -o /home/li/gaussian-splatting/submodules/simple-knn/build/temp.linux-x86_64-cpython-38/spatial.o -D__CUDA_NO_HALF_OPERATORS__ --expt-relaxed-constexpr --compiler-options ''"'"'-fPIC'"'"'' -Werror=format-security -DTORCH_EXTENSION_NAME=_C -D_GLIBCXX_USE_CXX11_ABI=0 -gencode=arch=compute_86,code=compute_86 -gencode=arch=compute_86,code=sm_86 -ccbin {CE}/bin/x86_64-conda-linux-gnu-cc -std=c++14
[2/3] {CE}/bin/nvcc  -c -c /home/li/gaussian-splatting/submodules/simple-knn/simple_knn.cu -o /home/li/gaussian-splatting/submodules/simple-knn/build/temp.linux-x86_64-cpython-38/simple_knn.o -ccbin {CE}/bin/x86_64-conda-linux-gnu-cc -std=c++14
/home/li/gaussian-splatting/submodules/simple-knn/simple_knn.cu(23): warning #177-D: variable "BOX_SIZE" was declared but never referenced

[3/3] {CE}/bin/x86_64-conda-linux-gnu-c++ -MMD -MF /home/li/gaussian-splatting/submodules/simple-knn/build/temp.linux-x86_64-cpython-38/error_handling.o.d -fPIC -O2 -isystem {CE}/include -c -c /home/li/gaussian-splatting/submodules/simple-knn/error_handling.cpp -o /home/li/gaussian-splatting/submodules/simple-knn/build/temp.linux-x86_64-cpython-38/error_handling.o -Werror=return-type -DTORCH_EXTENSION_NAME=_C -std=c++14
{CE}/bin/x86_64-conda-linux-gnu-c++ -shared -Wl,-O2 -Wl,--sort-common -Wl,--as-needed /home/li/gaussian-splatting/submodules/simple-knn/build/temp.linux-x86_64-cpython-38/error_handling.o /home/li/gaussian-splatting/submodules/simple-knn/build/temp.linux-x86_64-cpython-38/simple_knn.o /home/li/gaussian-splatting/submodules/simple-knn/build/temp.linux-x86_64-cpython-38/spatial.o -L{CE}/lib/python3.8/site-packages/torch/lib -L{CE}/lib64 -lc10 -ltorch -ltorch_cpu -ltorch_python -lcudart -lc10_cuda -ltorch_cuda -o build/lib.linux-x86_64-cpython-38/simple_knn/_C.cpython-38-x86_64-linux-gnu.so
creating build/bdist.linux-x86_64/egg
copying build/lib.linux-x86_64-cpython-38/simple_knn/_C.cpython-38-x86_64-linux-gnu.so -> build/bdist.linux-x86_64/egg/simple_knn
copying build/lib.linux-x86_64-cpython-38/simple_knn/errors.py -> build/bdist.linux-x86_64/egg/simple_knn
byte-compiling build/bdist.linux-x86_64/egg/simple_knn/errors.py to errors.cpython-38.pyc
creating stub loader for simple_knn/_C.cpython-38-x86_64-linux-gnu.so
installing library code to build/bdist.linux-x86_64/egg
zip_safe flag not set; analyzing archive contents...
simple_knn.__pycache__._C.cpython-38: module references __file__
creating 'dist/simple_knn-0.0.0-py3.8-linux-x86_64.egg' and adding 'build/bdist.linux-x86_64/egg' to it
removing 'build/bdist.linux-x86_64/egg' (and everything under it)
Processing simple_knn-0.0.0-py3.8-linux-x86_64.egg
Copying simple_knn-0.0.0-py3.8-linux-x86_64.egg to {CE}/lib/python3.8/site-packages
Adding simple-knn 0.0.0 to easy-install.pth file
Installed {CE}/lib/python3.8/site-packages/simple_knn-0.0.0-py3.8-linux-x86_64.egg
Processing dependencies for simple-knn==0.0.0
Finished processing dependencies for simple-knn==0.0.0
""", "harmless-only", None, [],
    [("SetuptoolsDeprecationWarning: setup.py install is deprecated.", "warn-setup-py-deprecated"),
     ("calls to avoid build errors in the future.", "warn-setup-py-deprecated"),
     ("has a minor version mismatch with the version that was used to compile PyTorch (11.7)", "warn-cuda-minor-mismatch"),
     ("There are no x86_64-conda-linux-gnu-c++ version bounds defined for CUDA version 11.8", "warn-other"),
     ('warning #177-D: variable "BOX_SIZE" was declared but never referenced', "warn-unused-variable-177")],
    {"env": "conda (cuda-nvcc 11.8, gxx_linux-64 11)", "torch": "1.13.1+cu117", "torch_cuda": "11.7", "nvcc": "11.8"},
    "Nothing to fix: the egg was built and installed.",
    "conda toolchain build full of confusers: -Werror= flags, error_handling.cpp, errors.py, the 'build errors' banner",
    "Confusers: -Werror=format-security / -Werror=return-type in command lines, the file names error_handling.cpp and errors.py, 'zip_safe flag not set', the setuptools banner mentioning 'build errors'.")

case("rtx5090-torch25-run", "utf8", """
$ python -c "import torch, simple_knn._C as k; print(k.distCUDA2(torch.rand(100,3).cuda()))"
/home/k/.venv/lib/python3.11/site-packages/torch/cuda/__init__.py:235: UserWarning: 
NVIDIA GeForce RTX 5090 with CUDA capability sm_120 is not compatible with the current PyTorch installation.
The current PyTorch install supports CUDA capabilities sm_50 sm_60 sm_70 sm_75 sm_80 sm_86 sm_90.
If you want to use the NVIDIA GeForce RTX 5090 GPU with PyTorch, please check the instructions at https://pytorch.org/get-started/locally/

  warnings.warn(
Traceback (most recent call last):
  File "<string>", line 1, in <module>
RuntimeError: CUDA error: no kernel image is available for execution on the device
CUDA kernel errors might be asynchronously reported at some other API call, so the stacktrace below might be incorrect.
For debugging consider passing CUDA_LAUNCH_BLOCKING=1
Compile with `TORCH_USE_CUDA_DSA` to enable device-side assertions.

""", "gpu-not-supported-by-torch", "NVIDIA GeForce RTX 5090 with CUDA capability sm_120 is not compatible with the current PyTorch installation.",
    ["with CUDA capability sm_120 is not compatible with the current PyTorch installation.",
     "RuntimeError: CUDA error: no kernel image is available for execution on the device"], [],
    {"gpu": "RTX 5090", "compute_cap": "12.0", "torch": "2.5.1+cu124"},
    "torch 2.5 cu124 has no sm_120 kernels: install torch >= 2.7 with cu128 (pip install torch --index-url https://download.pytorch.org/whl/cu128), then rebuild the extension with 12.0 in TORCH_CUDA_ARCH_LIST.",
    "Blackwell consumer GPU with a torch that predates it",
    "The no-kernel-image error follows from torch itself lacking sm_120; the earlier warning names the cause.")

case("driver-too-old-cu130", "utf8", """
$ python -c "import torch; print(torch.__version__, torch.cuda.is_available())"
/home/p/.venv/lib/python3.12/site-packages/torch/cuda/__init__.py:182: UserWarning: CUDA initialization: The NVIDIA driver on your system is too old (found version 12080). Please update your GPU driver by downloading and installing a new version from the URL: http://www.nvidia.com/Download/index.aspx Alternatively, go to: https://pytorch.org to install a PyTorch version that has been compiled with your version of the CUDA driver. (Triggered internally at /pytorch/c10/cuda/CUDAFunctions.cpp:119.)
  return torch._C._cuda_getDeviceCount() > 0
2.11.0+cu130 False
$ nvidia-smi | head -4
Tue Mar  3 10:12:44 2026       
+-----------------------------------------------------------------------------------------+
| NVIDIA-SMI 570.133.20             Driver Version: 570.133.20     CUDA Version: 12.8     |
|-----------------------------------------+------------------------+----------------------+
""", "cuda-driver-too-old", "The NVIDIA driver on your system is too old (found version 12080)",
    ["The NVIDIA driver on your system is too old (found version 12080)"], [],
    {"torch": "2.11.0+cu130", "torch_cuda": "13.0", "driver": "570.133.20 (CUDA 12.8)"},
    "Install a 580+ driver, or a torch for CUDA 12.8 (pip install torch --index-url https://download.pytorch.org/whl/cu128).",
    "unpinned pip install pulled the default cu130 torch onto a 12.8 driver",
    "It is printed as a UserWarning, but torch.cuda is unusable: the cause of everything after it.")

write()
