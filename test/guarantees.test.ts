// The promises cudafix makes to the build it sits in front of: the output reaches the user intact, the
// exit code is the build's, bad input never crashes it, memory stays bounded, nothing goes to the network.
import { describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Engine } from "../src/core/analyze.js";
import { compileNotes, note } from "./helpers/kb.js";

const root = join(import.meta.dirname, "..");
const bin = join(root, "bin", "cudafix.js");
const corpus = join(root, "test", "fixtures", "lab-h200"); // the lab corpus, vendored from ../shared/corpus
const env = { ...process.env, NO_COLOR: "1" };
const tmp = () => mkdtempSync(join(tmpdir(), "cudafix-g-"));

function run(args: string[], input?: Buffer | string) {
  const r = spawnSync(process.execPath, [bin, ...args], { input, env, maxBuffer: 512 << 20, timeout: 60_000 });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr.toString() };
}

/** Runs cudafix with stdin fed from a generator, sampling its peak RSS from /proc. */
async function peakRss(args: string[], feed: (write: (b: Buffer) => Promise<void>) => Promise<void>) {
  const child = spawn(process.execPath, [bin, ...args], { env, stdio: ["pipe", "pipe", "pipe"] });
  let peak = 0;
  let out = 0;
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.length));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const timer = setInterval(() => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
      if (m) peak = Math.max(peak, Number(m[1]) / 1024);
    } catch {
      /* exited */
    }
  }, 20);
  const write = (b: Buffer) =>
    new Promise<void>((resolve) => (child.stdin.write(b) ? resolve() : child.stdin.once("drain", () => resolve())));
  await feed(write);
  child.stdin.end();
  const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
  clearInterval(timer);
  return { code, peakMb: peak, outBytes: out, stderr: err };
}

describe("cudafix run -- CMD", () => {
  it("passes stdout and stderr through unchanged and exits with the build's code", () => {
    const r = spawnSync(process.execPath, [bin, "run", "--no-verify", "--", "sh", "-c", "printf 'out\\n'; printf 'err: boom\\n' >&2; exit 7"], { env });
    expect(r.status).toBe(7);
    expect(r.stdout.toString()).toBe("out\n");
    expect(r.stderr.toString().startsWith("err: boom\n")).toBe(true);
  });

  it("waits for a child's child that holds the build's pipes (as a shell pipe does), then returns the build's code", () => {
    const r = spawnSync(process.execPath, [bin, "run", "--no-verify", "--", "sh", "-c", "echo parent; (sleep 1; echo grandchild done) & exit 3"], { env });
    expect(r.status).toBe(3);
    expect(r.stdout.toString()).toBe("parent\ngrandchild done\n");
  });

  it("passes arguments with spaces and quotes to the child intact, without a shell", () => {
    const r = spawnSync(process.execPath, [bin, "run", "--no-verify", "--", "printf", "[%s]", "a b", `c"d'e`, "$HOME", "*"], { env });
    expect(r.stdout.toString()).toBe(`[a b][c"d'e][$HOME][*]`);
    expect(r.status).toBe(0);
  });

  it("returns 128+signal when the build is killed, and still reports", () => {
    const r = spawnSync(process.execPath, [bin, "run", "--no-verify", "--", "sh", "-c", "echo 'fatal error: glm/glm.hpp: No such file or directory'; kill -KILL $$"], { env });
    expect(r.status).toBe(137);
    expect(r.stderr.toString()).toMatch(/\[missing-header\]/);
  });

  it("forwards SIGTERM to the build and prints what it has", async () => {
    const child = spawn(process.execPath, [bin, "run", "--no-verify", "--", "sh", "-c", "echo started; trap 'echo got-term; exit 143' TERM; while :; do sleep 0.05; done"], { env });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    child.kill("SIGTERM");
    const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
    expect(out).toContain("got-term");
    expect(code).toBe(143);
    expect(err).toMatch(/cudafix: the build exited 143; no note explains it/);
  });

  it("says in one line when the command does not exist (exit 127)", () => {
    const r = run(["run", "--", "no-such-build-tool-xyz"]);
    expect(r.code).toBe(127);
    expect(r.stderr).toBe("cudafix: cannot run no-such-build-tool-xyz: command not found\n");
  });
});

describe("pipes", () => {
  it("ends quietly when the reader goes away (| head -1), without a stack trace", () => {
    const dir = tmp();
    const big = join(dir, "big.log");
    writeFileSync(big, "line of build output that goes on for a while\n".repeat(200_000));
    const r = spawnSync("bash", ["-c", `set -o pipefail; node ${bin} --no-verify < ${big} | head -1`], { env });
    expect(r.stdout.toString()).toBe("line of build output that goes on for a while\n");
    expect(r.stderr.toString()).not.toMatch(/Error|at .*\.js/);
    expect(r.stderr.toString()).toMatch(/no fatal error found in the log \(200000 lines\)/);
    expect(r.status).toBe(0);
    // A live producer, not a file: it must run to its end, never killed by SIGPIPE through cudafix.
    const done = join(dir, "done");
    const live = spawnSync("bash", ["-c", `set -o pipefail; (trap 'echo SIGPIPE >&2' PIPE; for i in $(seq 1 20000); do echo "line $i" || exit 3; done; echo ok > ${done}) | node ${bin} --no-verify | head -1; echo "status=\${PIPESTATUS[*]}"`], { env });
    expect(live.stdout.toString()).toContain("line 1\n");
    expect(live.stderr.toString()).not.toMatch(/SIGPIPE|Error|at .*\.js/);
    expect(readFileSync(done, "utf8")).toBe("ok\n");
  });

  it("does not buffer without bound for a slow reader: the writer is held back", async () => {
    const child = spawn(process.execPath, [bin, "--no-verify"], { env, stdio: ["pipe", "pipe", "pipe"] });
    child.stdout.pause();
    const chunk = Buffer.alloc(1 << 20, "x\n");
    // 64 MiB offered at once (queued on our side whatever write() returns); nobody reads cudafix's stdout.
    for (let i = 0; i < 64; i++) child.stdin.write(chunk);
    await new Promise((r) => setTimeout(r, 1000));
    // What cudafix took is what sits in the pipes and its stream buffers: a few MiB at most, not the 64.
    const consumed = (64 << 20) - child.stdin.writableLength;
    expect(consumed).toBeLessThan(8 << 20);
    child.stdin.end();
    let got = 0;
    child.stdout.on("data", (d: Buffer) => (got += d.length));
    child.stdout.resume();
    await new Promise((r) => child.on("close", r));
    expect(got).toBeGreaterThan(0);
  });

  it("diagnoses a last line that has no newline", () => {
    const r = run(["--no-verify", "--json", "-"], "running build_ext\nnvcc fatal   : Unsupported gpu architecture 'compute_35'");
    expect(JSON.parse(r.stdout.toString()).rootCause).toMatchObject({ id: "nvcc-unsupported-arch", line: 2 });
  });
});

describe("bad input", () => {
  it("empty input, only \\r, NUL bytes: no crash, passthrough exact", () => {
    for (const input of [Buffer.alloc(0), Buffer.from("\r\r\r"), Buffer.from([0, 0, 10, 0, 65, 0, 10])]) {
      const r = run(["--no-verify"], input);
      expect(r.code).toBe(0);
      expect(Buffer.compare(r.stdout, input)).toBe(0);
      expect(r.stderr).not.toMatch(/internal error/);
    }
  });

  it("says in one line that a binary file is not a log, and still passes it through", () => {
    const input = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 10, 0xff, 0xfe, 0]);
    const r = run(["--no-verify"], input);
    expect(Buffer.compare(r.stdout, input)).toBe(0);
    expect(r.stderr).toMatch(/looks\s+like\s+a\s+binary\s+file,\s+not\s+a\s+log/); // wrapped to the width
  });

  it("reads a UTF-16 log without a BOM (PowerShell redirection)", () => {
    const text = "running build_ext\r\nValueError: Unknown CUDA arch (13.5) or GPU not supported\r\n";
    const r = run(["--no-verify", "--json", "-"], Buffer.from(text, "utf16le"));
    expect(JSON.parse(r.stdout.toString()).rootCause).toMatchObject({ id: "unknown-cuda-arch", line: 2 });
  });

  it("keeps the report small for a million identical warnings", () => {
    const dir = tmp();
    const f = join(dir, "warn.log");
    writeFileSync(f, 'kernel.cu(9): warning #177-D: variable "p_proj" was declared but never referenced\n'.repeat(1_000_000));
    const r = run(["--no-verify", "--json", f]);
    const report = JSON.parse(r.stdout.toString());
    expect(r.stdout.length).toBeLessThan(100_000);
    expect(report.stats.lines).toBe(1_000_000);
    expect(report.findings.length + report.stats.omittedFindings).toBe(1_000_000);
    const text = run(["--no-verify", f]);
    expect(text.stdout.toString()).toMatch(/\[unused-variable-177\] ×200/);
    expect(text.stdout.toString()).toMatch(/999800 more harmless lines counted/);
  }, 120_000);

  it("keeps peak memory bounded for a 200 MB line with no newline, and passes it all through", async () => {
    const mb = Buffer.alloc(1 << 20, "a");
    const r = await peakRss(["--no-verify"], async (write) => {
      for (let i = 0; i < 200; i++) await write(mb);
      await write(Buffer.from(" nvcc fatal   : Unsupported gpu architecture 'compute_35'"));
    });
    expect(r.outBytes).toBe(200 * (1 << 20) + 57);
    expect(r.peakMb).toBeLessThan(150);
    expect(r.stderr).toMatch(/1 very long line\(s\) were matched on their first part only/);
  }, 120_000);

  it("a directory or a missing file as FILE: one line, exit 2", () => {
    expect(run([tmp()]).stderr).toMatch(/^cudafix: cannot read .*: it is a directory, not a log file\n$/);
    expect(run(["--no-verify", "/no/such.log"]).code).toBe(2);
  });
});

describe("hostile notes", () => {
  it("each dangerous pattern shape is rejected at build, at its line, with how to rewrite it", () => {
    for (const regex of ["(a+)+b", "(a|ab)*c", "a.*b.*c", "(?:(?:[a-z]{1,30}){1,30}){1,30}!"]) {
      const { diagnostics } = compileNotes({
        "notes/slow.md": note("slow", `patterns:\n  - regex: '${regex}'\nexamples:\n  match: ['aab']\n  noMatch: ['c']`),
      });
      expect(diagnostics, regex).toHaveLength(1);
      expect(diagnostics[0]).toMatchObject({ file: "notes/slow.md", line: 9, message: expect.stringMatching(/^regex can backtrack catastrophically: .*(e\.g\.|instead of)/) });
    }
  });

  it("a line crafted against the worst shape that compiles runs in linear time", () => {
    // An unanchored loop entered from any start position is quadratic for a backtracking engine, so the compiler
    // hands it to the linear engine: a 4 MB log of crafted lines is read in well under a second.
    const { kb, diagnostics } = compileNotes({
      "notes/quad.md": note("quad", `patterns:\n  - regex: 'x[^y]*y!'\nexamples:\n  match: ['xaay!']\n  noMatch: ['xaaa']`),
    });
    expect(diagnostics).toEqual([]);
    expect(kb.notes[0]!.patterns[0]!.engine).toBe("linear");
    const t0 = Date.now();
    const r = new Engine(kb).analyze(("x".repeat(16_000) + "\n").repeat(250) + "xaay!\n");
    expect(r.rootCause).toMatchObject({ id: "quad", line: 251 });
    expect(Date.now() - t0).toBeLessThan(20_000); // V8's backtracking engine needs minutes for this log
  });
});

describe("privacy", () => {
  it("makes no network request while diagnosing and explaining", () => {
    const dir = tmp();
    const netLog = join(dir, "net.log");
    const preload = join(root, "test", "helpers", "no-network.mjs");
    const runs = [
      ["--no-verify", join(corpus, "pip-isolation-notorch.log")],
      [join(corpus, "arch-unknown.log")],
      ["explain", "cannot find -lcuda"],
      ["run", "--", "sh", "-c", "echo ninja: build stopped: subcommand failed."],
    ];
    for (const args of runs) {
      spawnSync(process.execPath, ["--import", preload, bin, ...args], { env: { ...env, CUDAFIX_NET_LOG: netLog }, timeout: 30_000 });
    }
    expect(existsSync(netLog) ? readFileSync(netLog, "utf8") : "").toBe("");
  });
});
