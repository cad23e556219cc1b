#!/usr/bin/env node
// npm run bench [-- --size MB] [--runs N] [--out bench/results.json] [--keep]
// Generates a large, realistic build log (long nvcc/g++ command lines, #177-D warnings, tracebacks, pip
// output, one fatal line near the end) in a temp dir and measures, side by side in one run:
//   throughput of `cudafix --json --no-verify FILE` and of pipe mode (`cudafix --no-verify < FILE`),
//   against `grep -E -c -f PATTERNS FILE` (PATTERNS = `cudafix patterns --grep`) and `cat FILE`;
//   peak RSS for 10 MB, 100 MB and SIZE MB inputs and for one 200 MB line with no newline;
//   the time from a fatal line entering the pipe to its diagnosis on stderr (the writer pauses after it);
//   start-up: `cudafix --version` and a 1-line log, against `node -e 0`.
// Prints a table and writes the figures as JSON with the machine they came from.
// Not a test: nothing here fails on a slow machine.

import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "bin", "cudafix.js");
const node = process.execPath;
const MB = 1 << 20;

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : dflt;
};
const SIZE = Math.max(1, Number(opt("--size", "500")));
const RUNS = Math.max(1, Number(opt("--runs", "2")));
const OUT = opt("--out", join(root, "bench", "results.json"));
const KEEP = args.includes("--keep");
const LONG_LINE_MB = Math.min(200, Math.max(1, Math.round(SIZE * 0.4)));

const dir = mkdtempSync(join(tmpdir(), "cudafix-bench-"));
const env = { ...process.env, NO_COLOR: "1", LC_ALL: "C" };

// ---------------------------------------------------------------- the log

/** A deterministic PRNG, so that every run reads the same log. */
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const SITE = "/opt/torch/.venv/lib/python3.12/site-packages";
const INCLUDES = [
  `-I${SITE}/torch/include`,
  `-I${SITE}/torch/include/torch/csrc/api/include`,
  `-I${SITE}/torch/include/TH`,
  `-I${SITE}/torch/include/THC`,
  "-I/usr/local/cuda/include",
  "-I/opt/torch/.venv/include",
  "-I/usr/include/python3.12",
];
const ARCHS = ["80", "86", "89", "90"];

function nvccLine(r, step, total, name) {
  const extra = [];
  // Verbose CI builds: dozens of include dirs and defines make a command line several KB long.
  const n = 20 + Math.floor(r() * 40);
  for (let i = 0; i < n; i++) extra.push(`-I/home/ci/work/${name}/third_party/lib${i}/include`);
  for (let i = 0; i < 10; i++) extra.push(`-DKERNEL_OPT_${i}=${Math.floor(r() * 100)}`);
  return (
    `[${step}/${total}] /usr/local/cuda/bin/nvcc --generate-dependencies-with-compile --dependency-output /home/ci/work/${name}/build/temp.linux-x86_64-cpython-312/csrc/k${step}.o.d ` +
    `${INCLUDES.join(" ")} ${extra.join(" ")} -c -c /home/ci/work/${name}/csrc/k${step}.cu -o /home/ci/work/${name}/build/temp.linux-x86_64-cpython-312/csrc/k${step}.o ` +
    "-D__CUDA_NO_HALF_OPERATORS__ -D__CUDA_NO_HALF_CONVERSIONS__ -D__CUDA_NO_BFLOAT16_CONVERSIONS__ -D__CUDA_NO_HALF2_OPERATORS__ --expt-relaxed-constexpr " +
    `--compiler-options ''"'"'-fPIC'"'"'' -O3 --use_fast_math -DTORCH_API_INCLUDE_EXTENSION_H -DTORCH_EXTENSION_NAME=${name} -D_GLIBCXX_USE_CXX11_ABI=1 ` +
    ARCHS.map((a) => `-gencode=arch=compute_${a},code=sm_${a}`).join(" ") +
    " -std=c++17"
  );
}

function gxxLine(r, step, total, name) {
  const extra = [];
  const n = 10 + Math.floor(r() * 30);
  for (let i = 0; i < n; i++) extra.push(`-I/home/ci/work/${name}/third_party/lib${i}/include`);
  return (
    `[${step}/${total}] /usr/bin/g++ -MMD -MF /home/ci/work/${name}/build/temp.linux-x86_64-cpython-312/csrc/h${step}.o.d -fno-strict-overflow -Wsign-compare -DNDEBUG -g -O2 -Wall -fPIC ` +
    `${INCLUDES.join(" ")} ${extra.join(" ")} -c -c /home/ci/work/${name}/csrc/h${step}.cpp -o /home/ci/work/${name}/build/temp.linux-x86_64-cpython-312/csrc/h${step}.o ` +
    `-DTORCH_API_INCLUDE_EXTENSION_H -DTORCH_EXTENSION_NAME=${name} -D_GLIBCXX_USE_CXX11_ABI=1 -std=c++17`
  );
}

const VARS = ["p_proj", "tmp", "lane", "warp_id", "acc", "stride", "offs", "q_scale", "block_k", "n_iter"];
const PIP = [
  "Requirement already satisfied: numpy in /opt/torch/.venv/lib/python3.12/site-packages (from labext==0.1.0) (2.1.3)",
  "Requirement already satisfied: filelock in /opt/torch/.venv/lib/python3.12/site-packages (from torch) (3.16.1)",
  "Collecting ninja",
  "  Using cached ninja-1.11.1.1-py2.py3-none-manylinux1_x86_64.manylinux_2_5_x86_64.whl.metadata (5.3 kB)",
  "  Downloading ninja-1.11.1.1-py2.py3-none-manylinux1_x86_64.manylinux_2_5_x86_64.whl (307 kB)",
  "Building wheels for collected packages: labext",
  "  Building wheel for labext (setup.py) ... done",
  "  Created wheel for labext: filename=labext-0.1.0-cp312-cp312-linux_x86_64.whl size=1198821 sha256=3b0e4c3a1d2f",
  "running build_ext",
  "copying build/lib.linux-x86_64-cpython-312/labext.cpython-312-x86_64-linux-gnu.so -> ",
];
const TRACEBACK = [
  "Traceback (most recent call last):",
  '  File "/home/ci/work/labext/tools/check_shapes.py", line 41, in <module>',
  "    main()",
  '  File "/home/ci/work/labext/tools/check_shapes.py", line 37, in main',
  "    assert out.shape == ref.shape, (out.shape, ref.shape)",
  "AssertionError: (torch.Size([4, 128]), torch.Size([4, 128]))",
];

/** One build step's worth of output: command lines, warnings, pip and Python noise. */
function block(r, step, name) {
  const total = 4000;
  const lines = [];
  lines.push(r() < 0.6 ? nvccLine(r, step, total, name) : gxxLine(r, step, total, name));
  const warnings = Math.floor(r() * 6);
  for (let i = 0; i < warnings; i++) {
    const v = VARS[Math.floor(r() * VARS.length)];
    const at = 10 + Math.floor(r() * 500);
    lines.push(`/home/ci/work/${name}/csrc/k${step}.cu(${at}): warning #177-D: variable "${v}" was declared but never referenced`);
    lines.push("");
    if (r() < 0.3) lines.push('Remark: The warnings can be suppressed with "-diag-suppress <warning-number>"');
    if (r() < 0.2) lines.push(`/home/ci/work/${name}/csrc/k${step}.cu(${at + 3}): warning #550-D: variable "t" was set but never used`);
  }
  if (r() < 0.3) for (let i = 0; i < 3; i++) lines.push(PIP[Math.floor(r() * PIP.length)]);
  if (r() < 0.05) lines.push(...TRACEBACK);
  if (r() < 0.2) lines.push(`/home/ci/work/${name}/csrc/h${step}.cpp: In function 'void launch_${step}(at::Tensor)':`);
  if (r() < 0.2) lines.push(`/home/ci/work/${name}/csrc/h${step}.cpp:${step % 300}:12: warning: unused variable 'n' [-Wunused-variable]`);
  return lines.join("\n") + "\n";
}

const FATAL = "nvcc fatal   : Unsupported gpu architecture 'compute_61'";

/** Writes a log of about `mb` MB with one fatal line near the end (then the usual failure tail). */
function makeLog(path, mb) {
  const r = rng(42);
  const fd = openSync(path, "w");
  const target = mb * MB;
  let written = 0;
  let step = 1;
  let buf = "$ TORCH_CUDA_ARCH_LIST='6.1;8.0;9.0' pip install -v --no-build-isolation .\nUsing pip 24.2 from /opt/torch/.venv/lib/python3.12/site-packages/pip (python 3.12)\n";
  const tailRoom = 4096;
  while (written + buf.length < target - tailRoom) {
    buf += block(r, step, "labext");
    step = (step % 4000) + 1;
    if (buf.length > 4 * MB) {
      written += writeSync(fd, buf);
      buf = "";
    }
  }
  buf +=
    `${FATAL}\n` +
    "ninja: build stopped: subcommand failed.\n" +
    "Traceback (most recent call last):\n" +
    `  File "${SITE}/torch/utils/cpp_extension.py", line 2774, in _run_ninja_build\n` +
    "    subprocess.run(\n" +
    "subprocess.CalledProcessError: Command '['ninja', '-v']' returned non-zero exit status 1.\n" +
    "RuntimeError: Error compiling objects for extension\n" +
    "error: subprocess-exited-with-error\n";
  writeSync(fd, buf);
  closeSync(fd);
  return statSync(path).size;
}

// ---------------------------------------------------------------- measuring

/** Runs a command with stdin/stdout from files, timing it and sampling its peak RSS (VmHWM). */
function measure(cmd, argv, { stdin = "ignore", stdout = "ignore", stderr = "pipe", extraEnv = {} } = {}) {
  return new Promise((resolve, reject) => {
    const fds = [];
    const open = (s, flags) => {
      if (typeof s !== "string" || s === "ignore" || s === "pipe") return s;
      const fd = openSync(s, flags);
      fds.push(fd);
      return fd;
    };
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, argv, { env: { ...env, ...extraEnv }, stdio: [open(stdin, "r"), open(stdout, "w"), stderr] });
    let peakKb = 0;
    let err = "";
    child.stderr?.on("data", (d) => {
      if (err.length < 1 << 16) err += d;
    });
    const sample = () => {
      try {
        const s = readFileSync(`/proc/${child.pid}/status`, "utf8");
        const m = /VmHWM:\s+(\d+) kB/.exec(s) ?? /VmRSS:\s+(\d+) kB/.exec(s);
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        /* exited */
      }
    };
    const timer = setInterval(sample, 10);
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(timer);
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      for (const fd of fds) closeSync(fd);
      resolve({ s, code, peakMb: peakKb / 1024, stderr: err });
    });
  });
}

async function best(n, f) {
  let out = null;
  for (let i = 0; i < n; i++) {
    const r = await f();
    if (!out || r.s < out.s) out = { ...r, peakMb: Math.max(r.peakMb, out?.peakMb ?? 0) };
  }
  return out;
}

/** Feeds a live pipe: bulk lines, a pause, the fatal line, then keeps the pipe open; time to the alert. */
function latencyOnce(bulkBytes) {
  return new Promise((resolve, reject) => {
    const child = spawn(node, [bin, "--no-verify"], { env, stdio: ["pipe", "pipe", "pipe"] });
    child.stdout.on("data", () => {});
    let t0 = 0n;
    let done = false;
    let err = "";
    const finish = (v) => {
      if (done) return;
      done = true;
      child.stdin.end();
      child.once("close", () => resolve(v));
    };
    child.stderr.on("data", (d) => {
      err += d;
      if (t0 && /looks fatal/.test(err)) finish(Number(process.hrtime.bigint() - t0) / 1e6);
    });
    child.on("error", reject);
    const r = rng(7);
    let bulk = "";
    let step = 1;
    while (bulk.length < bulkBytes) bulk += block(r, step++, "labext");
    const write = (s) => new Promise((res) => (child.stdin.write(s) ? res() : child.stdin.once("drain", res)));
    (async () => {
      await write(bulk);
      await new Promise((res) => setTimeout(res, 400)); // the build keeps compiling: the bulk is read by now
      t0 = process.hrtime.bigint();
      child.stdin.write(FATAL + "\n"); // then the writer pauses: the pipe stays open
      setTimeout(() => finish(null), 5000);
    })();
  });
}

function machine() {
  const c = cpus();
  let cores = c.length;
  try {
    const q = readFileSync("/sys/fs/cgroup/cpu.max", "utf8").trim().split(/\s+/);
    if (q[0] !== "max") cores = Math.min(cores, Number(q[0]) / Number(q[1]));
  } catch {
    /* no cgroup v2 quota */
  }
  const grepVersion = spawnSync("grep", ["--version"], { encoding: "utf8" }).stdout.split("\n")[0];
  return {
    cpu: c[0]?.model ?? "unknown",
    cores,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    grep: grepVersion,
    platform: `${process.platform}-${process.arch}`,
  };
}

// ---------------------------------------------------------------- the run

if (opt("--generate", null)) {
  // Only write the log (for profiling): npm run bench -- --generate FILE --size MB
  makeLog(opt("--generate", null), SIZE);
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

const results = { date: new Date().toISOString(), machine: machine(), sizeMb: SIZE, throughput: {}, memory: {}, latency: {}, startup: {} };
const rows = [];
const fmt = (x, d = 2) => (x === null || x === undefined ? "-" : Number(x).toFixed(d));

try {
  console.error(`cudafix bench: logs in ${dir} (size ${SIZE} MB, best of ${RUNS})`);
  if (!existsSync(join(root, "dist", "kb.json"))) throw new Error("run npm run build first");

  // The pattern set, as grep -E input.
  const patterns = join(dir, "patterns.ere");
  const p = spawnSync(node, [bin, "patterns", "--grep"], { env, encoding: "utf8" });
  if (p.status !== 0) throw new Error(`cudafix patterns --grep failed: ${p.stderr}`);
  writeFileSync(patterns, p.stdout);
  const patternCount = p.stdout.split("\n").filter(Boolean).length;

  const big = join(dir, `build-${SIZE}mb.log`);
  let t = Date.now();
  const bytes = makeLog(big, SIZE);
  console.error(`generated ${(bytes / MB).toFixed(0)} MB in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  const mbOf = bytes / MB;

  // Warm the page cache.
  await measure("cat", [big], { stdout: "/dev/null" });

  const tp = {};
  tp.cat = await best(RUNS, () => measure("cat", [big], { stdout: "/dev/null" }));
  // Not to /dev/null: GNU grep then stops at the first match (as -q does).
  const count = join(dir, "grep.count");
  tp.grep = await best(RUNS, () => measure("grep", ["-E", "-c", "-f", patterns, big], { stdout: count }));
  tp.grepUtf8 = await best(1, () => measure("grep", ["-E", "-c", "-f", patterns, big], { stdout: count, extraEnv: { LC_ALL: "C.UTF-8" } }));
  tp.json = await best(RUNS, () => measure(node, [bin, "--json", "--no-verify", big], { stdout: join(dir, "report.json") }));
  tp.pipe = await best(RUNS, () => measure(node, [bin, "--no-verify"], { stdin: big, stdout: "/dev/null" }));
  const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
  const grepCount = spawnSync("grep", ["-E", "-c", "-f", patterns, big], { env, encoding: "utf8" }).stdout.trim();
  for (const [k, v] of Object.entries(tp)) {
    results.throughput[k] = { seconds: +v.s.toFixed(3), mbPerS: +(mbOf / v.s).toFixed(1), peakMb: +v.peakMb.toFixed(1) };
  }
  results.throughput.patterns = patternCount;
  results.throughput.grepMatchingLines = Number(grepCount);
  results.throughput.rootCause = report.rootCause?.id ?? null;
  results.throughput.rootCauseLine = report.rootCause?.line ?? null;
  results.throughput.lines = report.stats?.lines;
  results.throughput.jsonVsGrep = +(tp.grep.s / tp.json.s).toFixed(2);
  results.throughput.pipeVsGrep = +(tp.grep.s / tp.pipe.s).toFixed(2);
  results.throughput.jsonVsGrepUtf8 = +(tp.grepUtf8.s / tp.json.s).toFixed(2);
  results.throughput.jsonVsCat = +(tp.cat.s / tp.json.s).toFixed(3);
  results.throughput.pipeAlert = /looks fatal/.test(tp.pipe.stderr);
  rows.push(["throughput", `cat FILE > /dev/null (${mbOf.toFixed(0)} MB)`, `${fmt(tp.cat.s)} s`, `${fmt(mbOf / tp.cat.s, 0)} MB/s`, ""]);
  rows.push(["throughput", `grep -E -c -f PATTERNS (${patternCount} patterns, LC_ALL=C)`, `${fmt(tp.grep.s)} s`, `${fmt(mbOf / tp.grep.s, 0)} MB/s`, "1.00x grep"]);
  rows.push(["throughput", "the same grep, LC_ALL=C.UTF-8", `${fmt(tp.grepUtf8.s)} s`, `${fmt(mbOf / tp.grepUtf8.s, 0)} MB/s`, `${fmt(tp.grep.s / tp.grepUtf8.s)}x grep`]);
  rows.push(["throughput", "cudafix --json --no-verify FILE", `${fmt(tp.json.s)} s`, `${fmt(mbOf / tp.json.s, 0)} MB/s`, `${fmt(tp.grep.s / tp.json.s)}x grep (target >= 0.5)`]);
  rows.push(["throughput", "cudafix --no-verify < FILE > /dev/null", `${fmt(tp.pipe.s)} s`, `${fmt(mbOf / tp.pipe.s, 0)} MB/s`, `${fmt(tp.grep.s / tp.pipe.s)}x grep`]);

  // Peak memory.
  const sizes = SIZE >= 100 ? [10, 100, SIZE] : [Math.max(1, SIZE / 50), Math.max(1, SIZE / 5), SIZE];
  for (const s of [...new Set(sizes)]) {
    const f = s === SIZE ? big : join(dir, `build-${s}mb.log`);
    if (s !== SIZE) makeLog(f, s);
    const m = await measure(node, [bin, "--json", "--no-verify", f], { stdout: "/dev/null" });
    const mp = await measure(node, [bin, "--no-verify"], { stdin: f, stdout: "/dev/null" });
    results.memory[`${s}MB`] = { fileMb: +m.peakMb.toFixed(1), pipeMb: +mp.peakMb.toFixed(1) };
    rows.push(["peak RSS", `${s} MB log (FILE / pipe)`, `${fmt(m.peakMb, 0)} MB`, `${fmt(mp.peakMb, 0)} MB`, "target < 150 MB"]);
    if (s !== SIZE) rmSync(f);
  }
  const longLine = join(dir, "long-line.log");
  {
    const fd = openSync(longLine, "w");
    const chunk = Buffer.alloc(MB, "a");
    for (let i = 0; i < LONG_LINE_MB; i++) writeSync(fd, chunk);
    writeSync(fd, ` ${FATAL}`);
    closeSync(fd);
  }
  const ll = await measure(node, [bin, "--json", "--no-verify", longLine], { stdout: "/dev/null" });
  const llp = await measure(node, [bin, "--no-verify"], { stdin: longLine, stdout: "/dev/null" });
  results.memory[`line${LONG_LINE_MB}MB`] = { fileMb: +ll.peakMb.toFixed(1), pipeMb: +llp.peakMb.toFixed(1), fileSeconds: +ll.s.toFixed(2) };
  rows.push(["peak RSS", `one ${LONG_LINE_MB} MB line, no newline (FILE / pipe)`, `${fmt(ll.peakMb, 0)} MB`, `${fmt(llp.peakMb, 0)} MB`, "target < 150 MB"]);
  rmSync(longLine);

  // Live latency.
  const lat = [];
  for (let i = 0; i < 5; i++) lat.push(await latencyOnce(2 * MB));
  const ok = lat.filter((x) => x !== null).sort((a, b) => a - b);
  results.latency = { trialsMs: lat.map((x) => (x === null ? null : +x.toFixed(1))), medianMs: ok.length ? +ok[Math.floor(ok.length / 2)].toFixed(1) : null, maxMs: ok.length ? +ok[ok.length - 1].toFixed(1) : null };
  rows.push(["latency", "fatal line in the pipe -> alert on stderr", `${fmt(results.latency.medianMs, 1)} ms`, `max ${fmt(results.latency.maxMs, 1)} ms`, "target < 50 ms"]);

  // Start-up.
  const one = join(dir, "one-line.log");
  writeFileSync(one, `${FATAL}\n`);
  const N = 10;
  const startup = async (argv) => {
    const times = [];
    for (let i = 0; i < N; i++) times.push((await measure(node, argv, { stdout: "/dev/null" })).s * 1000);
    times.sort((a, b) => a - b);
    return +times[Math.floor(N / 2)].toFixed(1);
  };
  results.startup.nodeMs = await startup(["-e", "0"]);
  results.startup.versionMs = await startup([bin, "--version"]);
  results.startup.oneLineMs = await startup([bin, "--json", "--no-verify", one]);
  results.startup.versionVsNode = +(results.startup.versionMs / results.startup.nodeMs).toFixed(2);
  results.startup.oneLineVsNode = +(results.startup.oneLineMs / results.startup.nodeMs).toFixed(2);
  rows.push(["start-up", "node -e 0 (median of 10)", `${fmt(results.startup.nodeMs, 0)} ms`, "", ""]);
  rows.push(["start-up", "cudafix --version", `${fmt(results.startup.versionMs, 0)} ms`, "", `${fmt(results.startup.versionVsNode)}x node (target <= 2)`]);
  rows.push(["start-up", "cudafix --json --no-verify 1-line.log", `${fmt(results.startup.oneLineMs, 0)} ms`, "", `${fmt(results.startup.oneLineVsNode)}x node`]);

  const m = results.machine;
  console.log(`\ncudafix bench — ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, node ${m.node}, ${m.grep}`);
  console.log(`log: ${mbOf.toFixed(0)} MB, ${results.throughput.lines} lines, root cause ${results.throughput.rootCause} at line ${results.throughput.rootCauseLine}\n`);
  const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd());
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify(results, null, 2) + "\n");
  console.log(`\nwritten to ${OUT}`);
} finally {
  if (!KEEP) rmSync(dir, { recursive: true, force: true });
}
