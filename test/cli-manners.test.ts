// What a command line is expected to do besides its job: help, a mistyped command, one error prefix,
// examples, the note list, the options of each command, colour conventions, wrapping, --copy and its
// fallbacks, progress on long reads, and the JSON report for programs (schema 2).
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { runCli, textWidth, useColor, type CliDeps } from "../src/cli/main.js";
import { loadKb } from "../src/cli/kb-load.js";
import { clipboardTools, osc52, systemClipboard } from "../src/cli/clipboard.js";
import { closestWord, Progress } from "../src/cli/manners.js";
import { wrapLines } from "../src/core/render/shared.js";
import { FORMATS } from "../src/core/render/index.js";

const root = join(import.meta.dirname, "..");
const bin = join(root, "bin", "cudafix.js");
const corpus = join(root, "test", "fixtures", "lab-h200"); // the lab corpus, vendored from ../shared/corpus
const kb = loadKb(join(root, "dist", "kb.json"));

function run(args: string[], env: Record<string, string> = {}, opts: { cwd?: string; input?: string } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: opts.cwd ?? root,
    input: opts.input ?? "",
    env: { ...process.env, NO_COLOR: "", FORCE_COLOR: "", COLUMNS: "", ...env },
    encoding: "utf8",
    timeout: 30_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The CLI in this process, every write recorded in order with the stream it went to. */
function inProcess(args: string[], over: Partial<CliDeps> & { ttyErr?: boolean } = {}) {
  const log: { to: "out" | "err"; text: string }[] = [];
  const stream = (to: "out" | "err", tty: boolean) => ({
    isTTY: tty,
    columns: 80,
    write(chunk: string | Uint8Array, cb?: (e?: Error | null) => void) {
      log.push({ to, text: typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8") });
      cb?.();
      return true;
    },
    once() {
      return undefined;
    },
    on() {
      return undefined;
    },
  });
  const deps: CliDeps = {
    stdin: Readable.from([]),
    stdout: stream("out", false),
    stderr: stream("err", over.ttyErr === true),
    env: { NO_COLOR: "1" },
    loadKb: () => kb,
    version: "9.9.9",
    prober: async () => ({ facts: {}, probes: [] }),
    ...over,
  };
  return { done: runCli(args, deps), log, text: (to: "out" | "err") => log.filter((l) => l.to === to).map((l) => l.text).join("") };
}

describe("help and mistyped commands", () => {
  it("cudafix help and cudafix help COMMAND show the help, with examples, exit 0", () => {
    const top = run(["help"]);
    expect(top.code).toBe(0);
    expect(top.out).toMatch(/^Usage: cudafix/);
    for (const c of ["run", "doctor", "explain", "paste", "site", "help"]) expect(top.out).toMatch(new RegExp(`^  ${c}\\b`, "m"));
    // The main commands come first, the internal one last.
    expect(top.out.indexOf("  run ")).toBeLessThan(top.out.indexOf("  patterns"));
    expect(top.out).toContain("Examples:");
    const sub = run(["help", "run"]);
    expect(sub.code).toBe(0);
    expect(sub.out).toMatch(/^Usage: cudafix run/);
    expect(sub.out).toContain("Examples:\n  cudafix run -- pip install");
  });

  it("every command's --help ends with examples of that command", () => {
    for (const c of ["run", "doctor", "explain", "paste", "site", "patterns"]) {
      const r = run([c, "--help"]);
      expect(r.code, c).toBe(0);
      const examples = r.out.slice(r.out.indexOf("Examples:\n"));
      expect(examples, c).toMatch(new RegExp(`^  cudafix ${c}\\b`, "m"));
    }
  });

  it("a mistyped command gets a guess and exit 2; a word that is a file is read as a log", () => {
    const r = run(["doctr"]);
    expect(r.code).toBe(2);
    expect(r.err).toBe("cudafix: unknown command 'doctr' (did you mean doctor?)\n");
    expect(run(["expalin", "x"]).err).toBe("cudafix: unknown command 'expalin' (did you mean explain?)\n");
    expect(run(["frobnicate"]).err).toBe("cudafix: unknown command 'frobnicate' (cudafix help lists the commands)\n");
    const dir = mkdtempSync(join(tmpdir(), "cudafix-word-"));
    writeFileSync(join(dir, "doctr"), readFileSync(join(corpus, "arch-dropped.log")));
    const file = run(["--no-verify", "doctr"], {}, { cwd: dir });
    expect(file.code).toBe(1);
    expect(file.out).toContain("[nvcc-unsupported-arch]");
    expect(run(["help", "doctr"]).err).toBe("cudafix: unknown command 'doctr' (did you mean doctor?)\n");
    expect(run(["help", "doctr"]).code).toBe(2);
    expect(closestWord("rn", ["run", "doctor"])).toBe("run");
    expect(closestWord("xyzzy", ["run", "doctor"])).toBeNull();
  });

  it("every error, commander's own included, starts with `cudafix: `", () => {
    const cases = [["--frobnicate"], ["--format", "yaml", "x.log"], ["run"], ["run", "--fail-on", "sometimes", "--", "true"], ["doctor", "--nope"], ["explain"], ["/nonexistent.log"]];
    for (const args of cases) {
      const r = run(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err, args.join(" ")).toMatch(/^cudafix: /);
      expect(r.err, args.join(" ")).not.toMatch(/^error:/m);
    }
    expect(run(["run"]).err).toContain("(cudafix run --help lists its options)");
  });
});

describe("explain --list", () => {
  it("lists every cause note with its severity and title, the public ids among them", () => {
    const r = run(["explain", "--list"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^cuda-major-mismatch +fatal +\S/m);
    expect(r.out).toMatch(/^unused-variable-177 +harmless +\S/m);
    const listed = JSON.parse(run(["explain", "--list", "--json"]).out) as { id: string; severity: string; title: string }[];
    const causes = kb.notes.filter((n) => n.kind === "cause");
    for (const n of causes) expect(listed).toContainEqual(expect.objectContaining({ id: n.id, severity: n.severity, title: n.title }));
    // Fatal first, then harmless.
    const sev = listed.map((l) => l.severity);
    expect(sev.lastIndexOf("fatal")).toBeLessThan(sev.indexOf("harmless"));
  });

  it("an unknown query points to the list", () => {
    const r = run(["explain", "qqqqzzzz"]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('cudafix: no note matches "qqqqzzzz" (cudafix explain --list lists them all)\n');
  });
});

describe("every diagnosing command takes --format, from the table of formats", () => {
  it("a log, run, paste and doctor list each format and refuse one the table lacks", () => {
    for (const cmd of [[], ["run"], ["paste"], ["doctor"]]) {
      const help = run([...cmd, "--help"]).out.replace(/\s+/g, " ");
      expect(help, cmd.join(" ") || "cudafix").toContain(`choices: ${FORMATS.map((f) => `"${f}"`).join(", ")}`);
    }
    const bad = run(["doctor", "--format", "yaml"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^cudafix: option '--format <format>' argument 'yaml' is invalid/);
  });
});

describe("cudafix run takes the options of a log", () => {
  const log = join(corpus, "arch-dropped.log");

  it("--format github: annotations on stdout, the build's stdout on stderr, the build's exit code, and says it failed", () => {
    const r = run(["run", "--no-verify", "--format", "github", "--", "sh", "-c", `cat '${log}'; exit 3`]);
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/^::error file=.*title=.*nvcc-unsupported-arch/m);
    expect(r.err).toContain("Unsupported gpu architecture 'compute_61'");
    expect(r.err).toMatch(/cudafix: sh exited with 3\n$/);
  });

  it("--fail-on: a build that exits 0 fails on a fatal line; without it the build's code stands", () => {
    expect(run(["run", "--no-verify", "--", "sh", "-c", `cat '${log}'`]).code).toBe(0);
    expect(run(["run", "--no-verify", "--fail-on", "fatal", "--", "sh", "-c", `cat '${log}'`]).code).toBe(1);
    expect(run(["run", "--no-verify", "--fail-on", "never", "--", "sh", "-c", `cat '${log}'; exit 4`]).code).toBe(4);
  });

  it("--python and --project reach the live check (a --python that does not exist is a usage error)", () => {
    const dir = mkdtempSync(join(tmpdir(), "cudafix-py-"));
    const python = join(dir, "python3");
    writeFileSync(python, "#!/bin/sh\nexit 1\n", { mode: 0o755 });
    const r = run(["run", "--json", "--python", python, "--project", root, "--", "true"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.input).toEqual({ name: "true" });
    const probe = report.environment.probes.find((p: { name: string }) => p.name === "python");
    expect(probe.command).toContain(python);
    const missing = run(["run", "--json", "--python", join(dir, "nope", "python3"), "--", "true"]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^cudafix: .*nope/);
  });
});

describe("cudafix paste takes --format and --fail-on", () => {
  const clipboard = { read: async () => readFileSync(join(corpus, "missing-glm.log"), "utf8"), write: async () => {} };

  it("--format github: annotations on stdout; --fail-on never: exit 0", async () => {
    const p = inProcess(["paste", "--no-verify", "--format", "github"], { clipboard });
    expect(await p.done).toBe(1);
    expect(p.text("out")).toMatch(/^::error file=clipboard,line=10,title=cudafix root cause/m);
    const never = inProcess(["paste", "--no-verify", "--fail-on", "never", "--json"], { clipboard });
    expect(await never.done).toBe(0);
    expect(JSON.parse(never.text("out"))).toMatchObject({ input: { name: "clipboard" }, rootCause: { id: "missing-header" } });
  });
});

describe("colour", () => {
  it("follows NO_COLOR and FORCE_COLOR as Node and chalk read them", () => {
    const tty = { isTTY: true };
    const pipe = { isTTY: false };
    expect(useColor(tty, {})).toBe(true);
    expect(useColor(pipe, {})).toBe(false);
    expect(useColor(tty, { FORCE_COLOR: "0" })).toBe(false);
    expect(useColor(tty, { FORCE_COLOR: "false" })).toBe(false);
    expect(useColor(pipe, { FORCE_COLOR: "1" })).toBe(true);
    expect(useColor(pipe, { FORCE_COLOR: "3" })).toBe(true);
    expect(useColor(tty, { FORCE_COLOR: "" })).toBe(true);
    expect(useColor(pipe, { FORCE_COLOR: "1", NO_COLOR: "1" })).toBe(false);
    expect(useColor(tty, { TERM: "dumb" })).toBe(false);
  });

  it("FORCE_COLOR=1 colours a piped report, FORCE_COLOR=0 and --no-color do not", () => {
    const log = join(corpus, "arch-dropped.log");
    expect(run(["--no-verify", log], { FORCE_COLOR: "1" }).out).toContain("\x1b[31m");
    expect(run(["--no-verify", log], { FORCE_COLOR: "0" }).out).not.toContain("\x1b[");
    expect(run(["--no-verify", "--no-color", log], { FORCE_COLOR: "1" }).out).not.toContain("\x1b[");
  });
});

describe("wrapping to the terminal", () => {
  const words = (s: string) => s.replace(/[─]+/g, "").split(/\s+/).filter(Boolean);

  it("wraps the report at the width (80 when unknown), never inside a word, commands never", () => {
    const log = join(corpus, "missing-glm.log");
    const wide = run(["--no-verify", log], { COLUMNS: "1000" }).out;
    for (const cols of ["50", "", "120"]) {
      const width = cols ? Number(cols) : 80;
      const r = run(["--no-verify", log], cols ? { COLUMNS: cols } : {});
      // The same words in the same order: nothing was cut.
      expect(words(r.out)).toEqual(words(wide));
      const commands = new Set(wide.split("\n").filter((l) => l.startsWith("      ")).map((l) => l.trim()));
      for (const line of r.out.split("\n")) {
        if (line.length <= width || commands.has(line.trim()) || !line.trim().includes(" ")) continue;
        throw new Error(`a line of ${line.length} columns at width ${width}: ${line}`);
      }
    }
  });

  it("wrapLines keeps a bullet's text aligned, keeps spacing inside a line, and never splits a long word", () => {
    expect(wrapLines("  ✓ one two three four", 12)).toBe("  ✓ one two\n    three\n    four");
    expect(wrapLines("a  b", 10)).toBe("a  b");
    expect(wrapLines("x https://example.com/a/very/long/path y", 10)).toBe("x\nhttps://example.com/a/very/long/path\ny");
  });

  it("takes the terminal's width on a terminal, else COLUMNS, else 80", () => {
    expect(textWidth({ isTTY: true, columns: 100 }, {})).toBe(100);
    expect(textWidth({ isTTY: false }, { COLUMNS: "66" })).toBe(66);
    expect(textWidth({ isTTY: false }, {})).toBe(80);
    expect(textWidth({ isTTY: true, columns: 10 }, {})).toBe(40);
  });
});

describe("--copy", () => {
  const log = join(corpus, "missing-glm.log");

  it("copies the root cause's own commands, and says what it copied after the report", async () => {
    let copied = "";
    const p = inProcess(["--no-verify", "--copy", log], { clipboard: { read: async () => "", write: async (t) => void (copied = t) } });
    expect(await p.done).toBe(1);
    expect(copied).toContain("git submodule update --init --recursive");
    const last = p.log.at(-1)!;
    expect(last.to).toBe("err");
    expect(last.text).toMatch(/^cudafix: copied to the clipboard: 1 fix command block\(s\), \d+ command line\(s\), starting with: git submodule update/);
    // The report came before it.
    expect(p.log.findIndex((l) => l.text.includes("root cause"))).toBeLessThan(p.log.length - 1);
  });

  it("without a clipboard tool, on a terminal: the OSC 52 escape carries the commands; --no-osc52 and a pipe do not get it", async () => {
    const none = { read: async () => Promise.reject(new Error("no display")), write: async () => Promise.reject(new Error("no display")) };
    const tty = inProcess(["--no-verify", "--copy", log], { clipboard: none, ttyErr: true });
    await tty.done;
    const m = /\x1b\]52;c;([A-Za-z0-9+/=]+)\x07/.exec(tty.text("err"));
    expect(m).not.toBeNull();
    expect(Buffer.from(m![1]!, "base64").toString("utf8")).toContain("git submodule update --init --recursive");
    expect(tty.text("err")).toMatch(/asked your terminal to copy .*OSC 52; --no-osc52 turns this off/);
    expect(tty.text("out")).not.toContain("\x1b]52");
    const off = inProcess(["--no-verify", "--copy", "--no-osc52", log], { clipboard: none, ttyErr: true });
    await off.done;
    expect(off.text("err")).not.toContain("\x1b]52");
    expect(off.text("err")).toMatch(/cudafix: no clipboard here \(no display\); the fix commands are printed above\n$/);
    const piped = inProcess(["--no-verify", "--copy", log], { clipboard: none });
    await piped.done;
    expect(piped.text("err")).not.toContain("\x1b]52");
    expect(osc52("hi")).toBe("\x1b]52;c;aGk=\x07");
  });

  it("talks to the platform's own clipboard tools, in order, and says why none works on a box without a display", async () => {
    expect(clipboardTools("darwin", {}).write.map((t) => t.name)).toEqual(["pbcopy"]);
    expect(clipboardTools("win32", {}).write.map((t) => t.name)).toEqual(["clip.exe"]);
    expect(clipboardTools("linux", { WAYLAND_DISPLAY: "wayland-0", DISPLAY: ":0" }).write.map((t) => t.name)).toEqual(["wl-copy", "xclip", "xsel"]);
    expect(clipboardTools("linux", { WSL_DISTRO_NAME: "Ubuntu" }).write.map((t) => t.name)).toEqual(["clip.exe"]);
    expect(clipboardTools("linux", {}).hint).toMatch(/no display/);
    // A fake xclip that keeps what it is given; xsel is missing, and wl-copy fails: xclip is used.
    const dir = mkdtempSync(join(tmpdir(), "cudafix-clip-"));
    const store = join(dir, "store");
    writeFileSync(join(dir, "wl-copy"), "#!/bin/sh\necho 'Failed to connect to a Wayland server' >&2\nexit 1\n");
    writeFileSync(join(dir, "xclip"), `#!/bin/sh\nif [ "$3" = "-in" ]; then /bin/cat > '${store}'; else /bin/cat '${store}'; fi\n`);
    chmodSync(join(dir, "wl-copy"), 0o755);
    chmodSync(join(dir, "xclip"), 0o755);
    const clip = systemClipboard({ PATH: dir, DISPLAY: ":0", WAYLAND_DISPLAY: "wayland-0" }, "linux");
    await clip.write("pip install é\n");
    expect(readFileSync(store, "utf8")).toBe("pip install é\n");
    expect(await clip.read()).toBe("pip install é\n");
    await expect(systemClipboard({ PATH: dir }, "linux").write("x")).rejects.toThrow(/no display/);
    await expect(systemClipboard({ PATH: join(dir, "none"), DISPLAY: ":0" }, "linux").write("x")).rejects.toThrow(/xclip not found; xsel not found/);
  });
});

describe("progress on long reads", () => {
  it("shows nothing for a quick read; after a second, one line rewritten in place, erased at the end", () => {
    const writes: string[] = [];
    let now = 0;
    const p = new Progress({ write: (s) => writes.push(s) }, "big.log", 500e6, () => now);
    p.advance(1e6);
    now = 900;
    p.advance(1e6);
    expect(writes).toEqual([]);
    now = 1100;
    p.advance(118e6);
    expect(writes).toEqual(["\r\x1b[2Kcudafix: reading big.log: 120 of 500 MB (24%)"]);
    now = 1150;
    p.advance(1e6);
    expect(writes).toHaveLength(1);
    p.done();
    expect(writes.at(-1)).toBe("\r\x1b[2K");
  });

  it("the CLI shows it on a terminal's stderr while a slow file is read, and not on a pipe", async () => {
    const slow = () =>
      Readable.from(
        (async function* () {
          for (let i = 0; i < 6; i++) {
            await new Promise((r) => setTimeout(r, 250));
            yield Buffer.from(`line ${i}\n`);
          }
        })(),
      );
    const log = join(corpus, "ok.log");
    const tty = inProcess(["--no-verify", log], { openFile: slow, ttyErr: true, fileSize: () => 42 });
    await tty.done;
    expect(tty.text("err")).toMatch(/\r\x1b\[2Kcudafix: reading .*ok\.log: 0 of 0 MB \(\d+%\)/);
    expect(tty.text("err").endsWith("\r\x1b[2K")).toBe(true);
    const pipe = inProcess(["--no-verify", log], { openFile: slow, fileSize: () => 42 });
    await pipe.done;
    expect(pipe.text("err")).toBe("");
  });
});

describe("the JSON report for programs (cudafix.report/2)", () => {
  it("carries titles, docs pages, the root cause's fix and commands, the versions and the input's name", () => {
    const file = join(corpus, "missing-glm.log");
    const r = run(["--json", "--no-verify", file]);
    const report = JSON.parse(r.out);
    expect(report.schema).toBe("cudafix.report/2");
    expect(report.cudafix).toBe(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version);
    expect(report.knowledge).toEqual({ digest: expect.stringMatching(/^sha256:[0-9a-f]{16}$/), notes: kb.notes.length });
    expect(report.input).toEqual({ name: file });
    const note = kb.notes.find((n) => n.id === report.rootCause.id)!;
    expect(report.rootCause).toMatchObject({ id: "missing-header", line: 10, title: note.title, docs: "notes/missing-header.html" });
    expect(report.rootCause.fix).toContain("Find out where `glm/glm.hpp` should come from");
    expect(report.rootCause.fix).not.toContain("{{");
    expect(report.rootCause.commands[0]).toEqual({ shell: "sh", text: expect.stringContaining("git submodule update --init --recursive") });
    for (const f of report.findings) {
      expect(f.title).toBe(kb.notes.find((n) => n.id === f.id)!.title);
      expect(existsSync(join(root, "dist", "site", f.docs))).toBe(true);
    }
    // Schema 1's fields are all still there, where the corpus scorer reads them.
    for (const k of ["rootCause", "findings", "symptoms", "unrecognized", "verification", "decision"]) expect(report).toHaveProperty(k);
    expect(report.findings[0]).toMatchObject({ id: expect.any(String), severity: "fatal", line: 10, text: expect.any(String), facts: expect.any(Object) });
  });

  it("fills the root cause's fix from the same facts as the text report: the log's, then the line's own", () => {
    // The CUDA home this log looked at is a fact of the log, not of the root-cause line.
    const file = join(root, "test", "corpus-extra", "jit-load-cpu-torch-cuda-home.log");
    const json = JSON.parse(run(["--json", "--no-verify", file]).out);
    const text = run(["--no-verify", file]).out;
    expect(json.logFacts.cudaHome).toBe("/usr/local/cuda-12.4");
    expect(text).toContain("(this log looked at /usr/local/cuda-12.4)");
    expect(json.rootCause.fix).toContain("(this log looked at `/usr/local/cuda-12.4`)");
  });

  it("names stdin as -, and a report without a cause has rootCause null", () => {
    const r = run(["--json", "--no-verify"], {}, { input: readFileSync(join(corpus, "ok.log"), "utf8") });
    const report = JSON.parse(r.out);
    expect(report.input).toEqual({ name: "-" });
    expect(report.rootCause).toBeNull();
  });
});
