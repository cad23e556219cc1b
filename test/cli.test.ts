// The CLI end to end, as a user runs it: a real process, real logs from the lab corpus (test/fixtures/lab-h200).
import { describe, expect, it, beforeAll } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const bin = join(root, "bin", "cudafix.js");
const corpus = join(root, "test", "fixtures", "lab-h200"); // the lab corpus, vendored from ../shared/corpus

function run(args: string[], input?: Uint8Array | string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    input,
    env: { ...process.env, NO_COLOR: "1", ...env },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString("utf8"), out: r.stdout.toString("utf8") };
}

beforeAll(() => {
  if (!existsSync(join(root, "dist", "kb.json"))) throw new Error("run npm run build first");
});

describe("cudafix FILE", () => {
  it("names the root cause, its line, the fix, and exits 1", () => {
    const r = run(["--no-verify", join(corpus, "arch-dropped.log")]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/root cause [^[]*\[nvcc-unsupported-arch\]/);
    expect(r.out).toMatch(/line 10: nvcc fatal {3}: Unsupported gpu architecture 'compute_61'/);
    expect(r.out).toMatch(/What to do/);
    expect(r.out).toMatch(/cudafix explain nvcc-unsupported-arch/);
  });

  it("groups harmless warnings with a reason and exits 0 on a successful build", () => {
    const r = run(["--no-verify", join(corpus, "ok.log")]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/no fatal error found/);
    expect(r.out).toMatch(/Harmless, safe to ignore/);
    expect(r.out).toMatch(/\[unused-variable-177\] ×1 \(line 9\)/);
  });

  it("--json prints only the contract's report on stdout", () => {
    const r = run(["--json", "--no-verify", join(corpus, "nvcc-minor-mismatch.log")]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.schema).toBe("cudafix.report/2");
    expect(report.rootCause).toBeNull();
    const minor = report.findings.find((f: { id: string }) => f.id === "cuda-minor-mismatch");
    expect(minor).toMatchObject({ severity: "harmless", line: 5, facts: { nvcc: "13.1", torchCuda: "13.0" } });
    expect(report).toHaveProperty("verification");
    expect(report).toHaveProperty("decision");
  });

  it("fails with one line and exit 2 for a missing file, a directory, and a bad flag", () => {
    const missing = run(["/nonexistent/build.log"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("cudafix: cannot read /nonexistent/build.log: no such file\n");
    const dir = run([root]);
    expect(dir.code).toBe(2);
    expect(dir.stderr).toMatch(/^cudafix: cannot read .*: it is a directory, not a log file\n$/);
    const flag = run(["--frobnicate"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr.split("\n")[0]).toBe("cudafix: unknown option '--frobnicate'");
  });
});

describe("BUILD | cudafix (pipe mode)", () => {
  it("passes stdin through byte for byte: invalid UTF-8, \\r, NUL, no final newline", () => {
    const input = Buffer.concat([
      Buffer.from("héllo\r\nprogress 10%\rprogress 100%\n"),
      Buffer.from([0xb4, 0xed, 0xce, 0xf3, 0xff, 0xfe, 0x00, 0x0a]),
      Buffer.from("nvcc fatal   : Unsupported gpu architecture 'compute_50'"),
    ]);
    const r = run(["--no-verify"], input);
    expect(Buffer.compare(r.stdout, input)).toBe(0);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/root cause [^[]*\[nvcc-unsupported-arch\]/);
    expect(r.stderr).toMatch(/line 4: nvcc fatal/);
  });

  it("passes a whole corpus log through unchanged and diagnoses it on stderr", () => {
    const log = readFileSync(join(corpus, "missing-glm.log"));
    const r = run(["--no-verify"], log);
    expect(Buffer.compare(r.stdout, log)).toBe(0);
    expect(r.stderr).toMatch(/cudafix: line \d+ looks fatal: .*\[missing-header\]/);
    expect(r.stderr).toMatch(/facts: header=glm\/glm\.hpp/);
  });

  it("with --json, keeps stdout for the report and passes the log to stderr", () => {
    const log = readFileSync(join(corpus, "arch-unknown.log"));
    const r = run(["--json", "--no-verify", "-"], log);
    expect(JSON.parse(r.out).rootCause).toEqual(expect.objectContaining({ id: "unknown-cuda-arch", line: 67 }));
    expect(r.stderr).toBe(log.toString("utf8"));
  });

  it("handles empty input", () => {
    const r = run(["--no-verify"], "");
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toMatch(/no fatal error found in the log \(0 lines\)/);
  });
});

describe("line numbers and decoding", () => {
  it("reports line numbers of the input as given (CRLF, GBK, UTF-16)", () => {
    const dir = mkdtempSync(join(tmpdir(), "cudafix-cli-"));
    const lines = ["running build_ext", "进度\r50%\r100%", "fatal error: glm/glm.hpp: No such file or directory", "done"];
    const crlf = join(dir, "crlf.log");
    writeFileSync(crlf, lines.join("\r\n"));
    expect(JSON.parse(run(["--json", "--no-verify", crlf]).out).rootCause.line).toBe(3);
    const gbk = join(dir, "gbk.log");
    // cl.exe in a Chinese locale: C1083 with GBK-encoded words ("无法打开包括文件")
    writeFileSync(gbk, Buffer.concat([
      Buffer.from("ext.cpp\r\n"),
      Buffer.from("ext.cpp(3): fatal error C1083: "),
      Buffer.from([0xce, 0xde, 0xb7, 0xa8, 0xb4, 0xf2, 0xbf, 0xaa, 0xb0, 0xfc, 0xc0, 0xa8, 0xce, 0xc4, 0xbc, 0xfe]),
      Buffer.from([0x3a, 0x20, 0xa1, 0xb0]), // ": “" in GBK
      Buffer.from("glm/glm.hpp"),
      Buffer.from([0xa1, 0xb1]), // "”"
      Buffer.from(": No such file or directory\r\n"),
    ]));
    const g = JSON.parse(run(["--json", "--no-verify", gbk]).out);
    expect(g.rootCause).toMatchObject({ id: "missing-header", line: 2 });
    expect(g.stats.legacyDecodedLines).toBe(1);
    const u16 = join(dir, "u16.log");
    writeFileSync(u16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines.join("\r\n"), "utf16le")]));
    expect(JSON.parse(run(["--json", "--no-verify", u16]).out).rootCause.line).toBe(3);
  });
});

describe("cudafix explain", () => {
  it("shows a note by id", () => {
    const r = run(["explain", "cannot-find-lcuda"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\[cannot-find-lcuda\]/);
    expect(r.out).toMatch(/How to fix/);
  });
  it("recognises a pasted log line", () => {
    const r = run(["explain", "/usr/bin/ld: cannot find -lcuda: No such file or directory"]);
    expect(r.out).toMatch(/recognised by cannot-find-lcuda/);
  });
  it("says that a symptom line is not a cause, and shows the facts of a recognised line", () => {
    const s = run(["explain", "ninja: build stopped: subcommand failed."]);
    expect(s.code).toBe(0);
    expect(s.out).toMatch(/only repeats a failure reported earlier in the log \[build-failure-symptoms\]/);
    const c = run(["explain", "nvcc fatal   : Unsupported gpu architecture 'compute_35'"]);
    expect(c.out).toMatch(/recognised by nvcc-unsupported-arch \(fatal\); facts: arch=compute_35/);
  });

  it("suggests the nearest notes for a mistyped id or free words", () => {
    const r = run(["explain", "unknown cuda arch"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Did you mean:\n {2}unknown-cuda-arch/);
  });
});
