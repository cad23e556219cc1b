// Hostile logs, folders and environments (../shared/reviews/adversary.md, one test per finding): nothing
// in them may run a command, reach the terminal raw, or hang or crash cudafix.
import { describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import remarkRehype from "remark-rehype";
import rehypeStringify from "rehype-stringify";
import { factResolver, fillCommand, fillMarkdown, fillText, quoteFor, terminalSafe, type Shell } from "../src/core/fill.js";
import { runProcess } from "../src/probe/run.js";
import { safeRead } from "../src/probe/probes.js";
import { siteServer, SITE_CSP } from "../src/cli/cmd-site.js";
import { CSP } from "../src/site/pages.js";

const root = join(import.meta.dirname, "..");
const BIN = join(root, "bin", "cudafix.js");
const tmp = (p: string) => mkdtempSync(join(tmpdir(), `cudafix-hostile-${p}-`));

function cli(args: string[], o: { cwd?: string; input?: string; env?: Record<string, string>; stdout?: number } = {}) {
  const started = Date.now();
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: o.cwd ?? root,
    input: o.input ?? "",
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NO_COLOR: "1", USER: "tester", ...o.env },
    stdio: ["pipe", o.stdout ?? "pipe", "pipe"],
    encoding: "utf8",
    maxBuffer: 64 << 20,
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout ?? "", err: r.stderr ?? "", ms: Date.now() - started };
}

async function toHtml(md: string): Promise<string> {
  return String(await unified().use(remarkParse).use(remarkGfm).use(remarkRehype, { allowDangerousHtml: true }).use(rehypeStringify, { allowDangerousHtml: true }).process(md));
}

/** Runs a command line in an empty folder with sh and bash; returns what each printed and what it created. */
function runIn(shell: "sh" | "bash", line: string): { out: string; created: string[] } {
  const dir = tmp("sh");
  const r = spawnSync(SHELLS[shell]!, ["-c", line], { cwd: dir, encoding: "utf8", timeout: 5000, env: { PATH: "/nonexistent-bin", HOME: dir } });
  if (r.error) throw r.error;
  return { out: r.stdout ?? "", created: readdirSync(dir) };
}

const which = (name: string) => spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).stdout.trim() || null;
const SHELLS: Record<string, string | null> = { sh: which("sh"), bash: which("bash") };
const hasBash = SHELLS.bash !== null;
const shells = hasBash ? (["sh", "bash"] as const) : (["sh"] as const);

// Each creates a file called PWNED (with builtins only: the commands run with an empty PATH) if it escapes.
const HOSTILE = [
  "';echo>PWNED;'",
  '";echo>PWNED;"',
  "$(echo>PWNED)",
  "`echo>PWNED`",
  "${IFS}$(echo>PWNED)",
  "a b;echo>PWNED",
  "x&&echo>PWNED",
  "x|echo>PWNED",
  "x\necho>PWNED",
  "x\recho>PWNED",
  "\\';echo>PWNED;'",
  "'\"'\"';echo>PWNED",
  "!echo>PWNED",
  "x #';echo>PWNED",
  "$'\\x27';echo>PWNED",
  "--output=PWNED",
];

describe("1. a log fact never runs in the user's shell (the one fill, hostile values × shells)", () => {
  // Templates as notes and trees write them: bare, inside '…', inside "…", glued to a flag, inside $( ).
  const templates = ["printf '%s\\n' {{v}}", "printf '%s\\n' '{{v}}'", "printf '%s\\n' \"{{v}}\"", "printf '%s\\n' -l{{v}}", "printf '%s\\n' \"*{{v}}.h\"", "printf '%s\\n' \"$(printf '%s' {{v}})\""];
  for (const value of HOSTILE) {
    for (const t of templates) {
      it(`sh block: ${JSON.stringify(value)} in ${t}`, () => {
        // The most permissive shape ("text"): only the quoting stands between the value and the shell.
        const r = fillText(t, { kind: "code", lang: "sh" }, () => ({ name: "v", value, shape: "text" }));
        for (const sh of shells) {
          const ran = runIn(sh, r.text);
          expect(ran.created, `${sh}: ${r.text}`).toEqual([]);
          // Filled: the command sees exactly the value; not filled: the placeholder stays, with a reason.
          if (r.unfilled.length) expect(r.text).toContain("<v>");
          else expect(ran.out, `${sh}: ${r.text}`).toContain(value);
        }
      });
    }
  }

  it("nothing is filled into a here-document, where quotes do not stop $( )", () => {
    const r = fillText("cat <<EOF\n{{v}}\nEOF", { kind: "code", lang: "sh" }, () => ({ name: "v", value: "$(echo>PWNED)", shape: "text" }));
    expect(r.text).toBe("cat <<EOF\n<v>\nEOF");
    for (const sh of shells) expect(runIn(sh, r.text).created).toEqual([]);
    expect(fillText("cat <<< {{v}}", { kind: "code", lang: "sh" }, () => ({ name: "v", value: "ok", shape: "text" })).text).toBe("cat <<< ok");
  });

  it("a venv path with a space or ; stays one word in a tree command (finding 9)", () => {
    const python = "/home/u/t/my env;x/bin/python";
    const r = fillCommand('{{ either(python, "python3") }} -c "import sys; print(sys.argv)"', "sh", { live: { python }, log: {} });
    expect(r.text.startsWith("'/home/u/t/my env;x/bin/python' ")).toBe(true);
    for (const sh of shells) expect(runIn(sh, r.text.replace(/ -c .*/, " ; printf '%s\\n' ok")).created).toEqual([]);
  });

  it("a tree command keeps a value it cannot quote as <name>, and says why in a comment of its shell", () => {
    const sh = fillCommand("{{ python }} -m pip install torch", "sh", { live: { python: "/x/py\u001b]0;t\u0007" }, log: {} });
    expect(sh.text).toBe("<python> -m pip install torch\n# python was not filled in: it holds control characters");
    const cmd = fillCommand('set "CUDA_HOME={{ cudaHome }}"\n{{ cudaHome }}\\bin\\nvcc --version', "cmd", { live: { cudaHome: "C:\\CUDA %PATH%" }, log: {} });
    expect(cmd.text.split("\n")).toEqual(['set "CUDA_HOME=<cudaHome>"', "<cudaHome>\\bin\\nvcc --version", "rem cudaHome was not filled in: it cannot be quoted safely for cmd: cmd would expand a percent sign or an exclamation mark, or end a quote, in it"]);
    for (const l of sh.text.split("\n")) for (const s2 of shells) expect(runIn(s2, l).created).toEqual([]);
  });

  const PS_SPECIAL = /[`$"“”„'‘’‚‛;&|(){}@,<>#\s]/u;
  for (const value of [...HOSTILE, "$env:PATH", "@(1,2)", "‘;calc;‘", "“$(calc)”", "a`b"]) {
    it(`PowerShell: ${JSON.stringify(value)} is quoted for the state it lands in`, () => {
      const bare = quoteFor("powershell", "bare", value);
      const single = quoteFor("powershell", "single", value);
      const dbl = quoteFor("powershell", "double", value);
      if (/[\p{Cc}]/u.test(value)) {
        for (const q of [bare, single, dbl]) expect("problem" in q).toBe(true);
        return;
      }
      // Bare: one single-quoted word, every single quote (also the typographic ones) doubled inside.
      if ("text" in bare && PS_SPECIAL.test(value)) {
        expect(bare.text.startsWith("'") && bare.text.endsWith("'")).toBe(true);
        expect(bare.text.slice(1, -1).replace(/(['‘’‚‛])\1/gu, "")).not.toMatch(/['‘’‚‛]/u);
      }
      if ("text" in single) expect(single.text.replace(/(['‘’‚‛])\1/gu, "")).not.toMatch(/['‘’‚‛]/u);
      // Double: every ` $ and double quote is escaped with a backtick.
      if ("text" in dbl) expect(dbl.text.replace(/`[`$"“”„]/gu, "")).not.toMatch(/[`$"“”„]/u);
    });
  }

  for (const value of [...HOSTILE, "%PATH%", "!x!", "a^&calc", "C:\\Program Files (x86)\\CUDA"]) {
    it(`cmd: ${JSON.stringify(value)} is filled only where cmd cannot expand or split it`, () => {
      const bare = quoteFor("cmd", "bare", value);
      const dbl = quoteFor("cmd", "double", value);
      if ("text" in bare) expect(bare.text).not.toMatch(/[%!"&|<>()^,;\s]/u);
      if ("text" in dbl) expect(dbl.text).not.toMatch(/[%!"\p{Cc}]/u);
      if (/[%!"]/.test(value)) expect("problem" in dbl).toBe(true);
    });
  }

  it("in code of no known shell and in inline code, only inert values are filled", () => {
    for (const value of HOSTILE) {
      const r = fillText("run `x {{v}}` now", { kind: "code" }, () => ({ name: "v", value, shape: "text" }));
      expect(r.text).toContain("<v>");
    }
    expect(fillText("nm -D {{v}}", { kind: "code", lang: "text" }, () => ({ name: "v", value: "/usr/lib/libx.so", shape: "path" })).text).toBe("nm -D /usr/lib/libx.so");
  });

  it("a value that does not have its fact's shape is not filled, and the reason says why without echoing it", () => {
    const r = fillText("echo '{{symbol}}'", { kind: "code", lang: "sh" }, factResolver({ symbol: "_ZN3c10';touch${IFS}PWNED;'" }, { symbol: "symbol" }));
    expect(r.text).toBe("echo '<symbol>'");
    expect(r.unfilled[0]!.reason).toMatch(/does not look like a linker symbol/);
    expect(r.unfilled[0]!.reason).not.toContain("touch");
    expect(fillText("x {{v}}", { kind: "code", lang: "sh" }, () => ({ name: "v", value: "-rf", shape: "word" })).text).toBe("x <v>");
  });

  const md = [
    "Prose {{v}} here.",
    "",
    "Inline `{{v}}` and `cmd {{v}}`.",
    "",
    "```sh",
    "echo '{{v}}' | c++filt",
    "```",
    "",
    "```text",
    "{{v}}",
    "```",
  ].join("\n");
  const htmlValues = ['x` <img src="https://evil.example/t.png"> `y', "<details open><summary>[click](https://evil.example/) @octocat</summary>", "</code><script>alert(1)</script>", "[link](javascript:alert(1))", "@octocat", "x\u001b]52;c;ZXZpbA==\u0007"];
  for (const value of [...HOSTILE, ...htmlValues]) {
    it(`every format: ${JSON.stringify(value)} in prose, inline code and blocks`, async () => {
      for (const shape of ["text", "path", "symbol"] as const) {
        const resolve = () => ({ name: "v", value, shape });
        const mdOut = fillMarkdown(md, resolve, "markdown").text;
        const html = await toHtml(mdOut);
        expect(html, mdOut).not.toMatch(/<(img|details|script|summary|a)\b/i);
        expect(mdOut.replace(/`[^`]*`/g, "")).not.toMatch(/@octocat/);
        const textOut = fillMarkdown(md, resolve, "text").text;
        expect(textOut).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      }
    });
  }
});

describe("1, 7, 13. the review's logs, end to end", () => {
  const dir = tmp("logs");
  const sym = join(dir, "sym.log");
  writeFileSync(sym, "ImportError: /x/$(echo>PWNED).so: undefined symbol: _ZN3c10$(echo>PWNED)\n");
  // The review's own payload: the pattern now stops the symbol at the quote, and the rest is not filled in.
  const symQuote = join(dir, "sym-quote.log");
  writeFileSync(symQuote, "ImportError: /x/ext.so: undefined symbol: _ZN3c10';echo>PWNED;'\n");
  const mdh = join(dir, "mdh.log");
  writeFileSync(mdh, "src/a.cpp:1:10: fatal error: 'x` <img src=\"https://evil.example/t.png?u=1\"> <details open><summary>[click](https://evil.example/) @octocat</summary> $(echo>PWNED)`y.h' file not found\n");

  /** The command lines of every code block of a Markdown text (fences and inline code). */
  const codeLines = (s: string): string[] => {
    const out: string[] = [];
    let inFence = false;
    for (const l of s.split("\n")) {
      if (/^\s*```/.test(l)) inFence = !inFence;
      else if (inFence) out.push(l);
      else for (const m of l.matchAll(/`([^`]+)`/g)) out.push(m[1]!);
    }
    return out;
  };
  const inert = (lines: string[]) => {
    expect(lines.join("\n")).not.toContain("PWNED");
    for (const l of lines.filter((x) => x.includes("<"))) for (const sh of shells) expect(runIn(sh, l).created, l).toEqual([]);
  };

  it("text report: the fix is inert, the payload is not in it, and the report says why", () => {
    const r = cli(["--no-verify", "--no-color", sym]);
    const fix = r.out.slice(r.out.indexOf("What to do"), r.out.indexOf("More:"));
    const lines = fix.split("\n").filter((l) => l.startsWith("      ")).map((l) => l.trim());
    expect(lines).toContain("echo '<symbol>' | c++filt");
    inert(lines);
    expect(fix).toMatch(/<symbol> was not filled in from the log: it does not look like a linker symbol/);
    const q = cli(["--no-verify", "--no-color", symQuote]);
    const qLines = q.out.slice(q.out.indexOf("What to do"), q.out.indexOf("More:")).split("\n").filter((l) => l.startsWith("      ")).map((l) => l.trim());
    expect(qLines).toContain("echo '_ZN3c10' | c++filt");
    inert(qLines);
    for (const sh of shells) for (const l of qLines.filter((x) => x.includes("c++filt"))) expect(runIn(sh, l).created).toEqual([]);
  });

  it("Markdown, step summary and SARIF: no raw HTML, link or mention from the log; How to check is filled", async () => {
    for (const log of [sym, symQuote, mdh]) {
      const r = cli(["--no-verify", "--format", "markdown", log]);
      const fixPart = r.out.slice(r.out.indexOf("### Fix"), r.out.indexOf("<details><summary>Environment"));
      inert(codeLines(fixPart));
      expect(fixPart).not.toContain("{{");
      const html = await toHtml(fixPart);
      expect(html).not.toMatch(/<img|<details open|evil\.example/);
      const summaryDir = tmp("summary");
      const summary = join(summaryDir, "summary.md");
      const gh = cli(["--no-verify", "--format", "github", log], { env: { GITHUB_STEP_SUMMARY: summary } });
      const stepMd = readFileSync(summary, "utf8");
      const stepFix = stepMd.slice(stepMd.indexOf("Fix"), stepMd.indexOf("<details><summary>Environment"));
      expect(await toHtml(stepFix)).not.toMatch(/<img|<details open|evil\.example/);
      inert(codeLines(stepFix));
      const annotation = decodeURIComponent(gh.out.split("\n").find((l) => l.startsWith("::error"))!.split("::").slice(2).join("::").replace(/%0A/g, "\n"));
      inert(annotation.split("\n").filter((l) => l.startsWith("    ")).map((l) => l.trim()));
      const sarif = JSON.parse(cli(["--no-verify", "--format", "sarif", log]).out) as { runs: { results: { properties: { fix?: string } }[] }[] };
      const fix = sarif.runs[0]!.results[0]!.properties.fix!;
      inert(codeLines(fix));
      expect(await toHtml(fix)).not.toMatch(/<img|<details open|evil\.example/);
    }
  });

  it("--json: the root cause's fix and commands carry no payload, and a good symbol is filled in", () => {
    for (const log of [sym, symQuote]) {
      const j = JSON.parse(cli(["--no-verify", "--json", log]).out) as { rootCause: { fix: string; commands: { shell: string; text: string }[] } };
      expect(j.rootCause.fix).not.toContain("PWNED");
      const cmds = j.rootCause.commands.map((c) => c.text).join("\n");
      expect(cmds).not.toContain("PWNED");
      for (const l of cmds.split("\n").filter((x) => x.includes("c++filt"))) for (const sh of shells) expect(runIn(sh, l).created).toEqual([]);
    }
    const good = join(dir, "good.log");
    writeFileSync(good, "ImportError: /x/ext.so: undefined symbol: _ZN3c104cuda9SetDeviceEi\n");
    const j = JSON.parse(cli(["--no-verify", "--json", good]).out) as { rootCause: { commands: { text: string }[] } };
    expect(j.rootCause.commands.map((c) => c.text).join("\n")).toContain("echo '_ZN3c104cuda9SetDeviceEi' | c++filt");
  });

  it("the header fact in How to check is filled in when it is a header name", () => {
    const ok = join(dir, "glm.log");
    writeFileSync(ok, "src/a.cpp:1:10: fatal error: glm/glm.hpp: No such file or directory\n");
    const r = cli(["--no-verify", "--format", "markdown", ok]);
    expect(r.out).toContain('-path "*glm/glm.hpp"');
    expect(r.out).not.toContain("{{");
  });
});

describe("8. the terminal is safe", () => {
  const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

  it("strips ESC c, ESC #8, ESC ( 0, 8-bit CSI/OSC, ESC[2J and OSC strings from log text in the report", () => {
    const dir = tmp("ansi");
    const log = join(dir, "ansi.log");
    writeFileSync(log, "fatal error: foo.h: No such file or directory \x1bc RIS \x1b#8 DECALN \x1b(0 charset \u009b2J \u009d0;title\u009c \x1b[2J \x1b]52;c;ZXZpbA==\x07 \x1bP1$q\x1b\\ \u202eevil\n");
    for (const args of [["--no-verify", "--no-color", log], ["--no-verify", "--no-color", "--format", "github", log]]) {
      const r = cli(args);
      expect(r.out).not.toMatch(CONTROL);
      expect(r.err).not.toMatch(CONTROL);
    }
    const text = cli(["--no-verify", "--no-color", log]).out;
    expect(text).toMatch(/line 1: fatal error: foo\.h: No such file or directory\s+RIS\s+DECALN\s+charset\s+\S*\s*evil/);
    expect(text).not.toContain("\u202e");
  });

  it("strips control sequences that a probe printed (doctor)", () => {
    const dir = tmp("probe");
    const py = join(dir, "python");
    writeFileSync(py, `#!/bin/sh\nprintf '{"python": "/x\\\\u001b]0;t\\\\u0007", "pythonVersion": "3.11", "torch": "2.5.0\\\\u001b[2J\\\\u009b1m", "torchCuda": "12.4", "torchError": "x\\\\u001bc"}\\n'\n`);
    chmodSync(py, 0o755);
    const r = cli(["doctor", "--no-color", "--python", py], { cwd: dir });
    expect(r.out).toContain("2.5.0");
    expect(r.out).not.toMatch(CONTROL);
  });

  it("terminalSafe keeps TAB and printable text, and removes every kind of escape", () => {
    expect(terminalSafe("a\tb")).toBe("a\tb");
    expect(terminalSafe("a\x1b[31mred\x1b[0m \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ \x1bc\x1b#8\x1b(0z\x07\x08\x7f\u0085\u009b1;2H")).toBe("ared link z");
    expect(terminalSafe("unterminated \x1b]0;title forever")).toBe("unterminated ");
  });

  it("passthrough of the build's own output stays byte-exact", () => {
    const bytes = "a \x1bc b \u009b2J c\r\n\x00\x07 fatal error: x.h: No such file or directory\n";
    const r = spawnSync(process.execPath, [BIN, "--no-verify"], { input: bytes, env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" } });
    expect(r.stdout.toString("utf8")).toBe(bytes);
  });
});

describe("2. the Python probe does not run the folder's code", () => {
  const python = spawnSync("python3", ["-c", "import sys; print(sys.version_info[0])"], { encoding: "utf8" }).stdout.trim() === "3" ? "python3" : null;

  it.skipIf(!python)("a planted json.py and torch/ are not imported; the report does not say torch is missing because of them", () => {
    const dir = tmp("json");
    writeFileSync(join(dir, "json.py"), 'open("RAN_FROM_CWD","w").write("json.py ran\\n")\nraise ImportError("x")\n');
    mkdirSync(join(dir, "torch"));
    writeFileSync(join(dir, "torch", "__init__.py"), 'open("RAN_TORCH","w").write("x")\n__version__ = "HOSTILE"\n');
    writeFileSync(join(dir, "build.log"), "fatal error: foo.h: No such file or directory\n");
    const r = cli(["--json", "build.log"], { cwd: dir, env: { PATH: process.env.PATH ?? "" } });
    expect(existsSync(join(dir, "RAN_FROM_CWD"))).toBe(false);
    expect(existsSync(join(dir, "RAN_TORCH"))).toBe(false);
    expect(r.out).not.toContain("HOSTILE");
    const d = cli(["doctor", "--json"], { cwd: dir });
    expect(existsSync(join(dir, "RAN_FROM_CWD"))).toBe(false);
    expect((JSON.parse(d.out) as { environment: { probes: { name: string; status: string }[] } }).environment.probes.find((p) => p.name === "python")?.status).toBe("ok");
  });

  // Why an empty folder and not -I: -I also drops the user's site-packages (pip install --user torch) and
  // PYTHONPATH, which the build does use; -P keeps them but Python before 3.11 rejects it.
  it.skipIf(!python)("keeps what the build sees: a user-site torch, and a venv's torch", () => {
    const dir = tmp("site");
    const userBase = join(dir, "ub");
    const userSite = spawnSync(python!, ["-c", "import site; print(site.getusersitepackages())"], { encoding: "utf8", env: { ...process.env, PYTHONUSERBASE: userBase } }).stdout.trim();
    const fake = (at: string, version: string) => {
      mkdirSync(join(at, "torch"), { recursive: true });
      writeFileSync(join(at, "torch", "__init__.py"), `__version__ = "${version}"\nclass version:\n    cuda = "12.4"\n`);
    };
    fake(userSite, "9.9.0+user");
    const project = join(dir, "project");
    mkdirSync(project);
    fake(project, "6.6.6+hostile");
    const r = cli(["doctor", "--json"], { cwd: project, env: { PYTHONUSERBASE: userBase } });
    expect((JSON.parse(r.out) as { environment: { facts: Record<string, string> } }).environment.facts.torch).toBe("9.9.0+user");
    const venv = join(dir, "venv");
    if (spawnSync(python!, ["-m", "venv", "--without-pip", venv]).status !== 0) return;
    const purelib = spawnSync(join(venv, "bin", "python"), ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], { encoding: "utf8" }).stdout.trim();
    fake(purelib, "8.8.0+venv");
    const v = cli(["doctor", "--json"], { cwd: project, env: { VIRTUAL_ENV: venv } });
    expect((JSON.parse(v.out) as { environment: { facts: Record<string, string> } }).environment.facts.torch).toBe("8.8.0+venv");
  });

  it("a relative --python still means the one beside the user", () => {
    const dir = tmp("rel");
    mkdirSync(join(dir, "bin"));
    writeFileSync(join(dir, "bin", "py"), `#!/bin/sh\nprintf '{"python": "rel", "pythonVersion": "3.11", "torchError": "ModuleNotFoundError: x"}\\n'\n`);
    chmodSync(join(dir, "bin", "py"), 0o755);
    const r = cli(["doctor", "--json", "--python", "bin/py"], { cwd: dir });
    expect((JSON.parse(r.out) as { environment: { facts: Record<string, string> } }).environment.facts.python).toBe("rel");
  });
});

describe("3. a hostile project folder neither hangs nor exhausts cudafix", () => {
  const time = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;
  const measure = (args: string[], cwd: string) => {
    const started = Date.now();
    const r = time
      ? spawnSync(time, ["-f", "MAXRSS %M", process.execPath, BIN, ...args], { cwd, encoding: "utf8", timeout: 20_000, env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" } })
      : spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", timeout: 20_000, env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" } });
    const kb = Number(/MAXRSS (\d+)/.exec(r.stderr ?? "")?.[1] ?? 0);
    return { ms: Date.now() - started, kb, status: r.status, out: r.stdout ?? "" };
  };
  const cases: [string, (dir: string) => void][] = [
    ["setup.py → /dev/zero", (d) => symlinkSync("/dev/zero", join(d, "setup.py"))],
    ["pyproject.toml is a FIFO", (d) => spawnSync("mkfifo", [join(d, "pyproject.toml")])],
    ["setup.py is a FIFO, pyproject.toml → /dev/urandom", (d) => (spawnSync("mkfifo", [join(d, "setup.py")]), symlinkSync("/dev/urandom", join(d, "pyproject.toml")))],
    ["a 20 MiB pyproject.toml", (d) => writeFileSync(join(d, "pyproject.toml"), Buffer.alloc(20 << 20, 0x61))],
  ];
  for (const [name, make] of cases) {
    it(`${name}: doctor and a log both answer in < 5 s and < 150 MB, saying what was not read`, () => {
      const dir = tmp("proj");
      make(dir);
      writeFileSync(join(dir, "build.log"), "fatal error: foo.h: No such file or directory\n");
      const doctor = measure(["doctor", "--project", dir], tmpdir());
      expect(doctor.status).not.toBeNull();
      expect(doctor.ms).toBeLessThan(5000);
      if (time) expect(doctor.kb).toBeLessThan(150 * 1024);
      expect(doctor.out).toMatch(/not read: /);
      const log = measure(["build.log"], dir);
      expect(log.status).toBe(1);
      expect(log.ms).toBeLessThan(5000);
      if (time) expect(log.kb).toBeLessThan(150 * 1024);
    });
  }

  it("safeRead: regular files inside the project only, capped", () => {
    const dir = tmp("read");
    writeFileSync(join(dir, "ok.toml"), "[build-system]\n");
    symlinkSync(join(dir, "ok.toml"), join(dir, "inside.toml"));
    symlinkSync("/etc/hostname", join(dir, "outside.toml"));
    expect(safeRead(join(dir, "ok.toml"), dir)).toEqual({ text: "[build-system]\n", problem: null });
    expect(safeRead(join(dir, "inside.toml"), dir).text).toBe("[build-system]\n");
    expect(safeRead(join(dir, "outside.toml"), dir)).toEqual({ text: null, problem: "a link to outside the project" });
    expect(safeRead(join(dir, "nothing.toml"), dir)).toEqual({ text: null, problem: null });
  });
});

describe("4. output faults end cudafix quietly", () => {
  const full = existsSync("/dev/full");

  it.skipIf(!full)("a report to a full disk: one line on stderr, no stack, exit 2 (text and --json)", () => {
    const dir = tmp("full");
    const log = join(dir, "b.log");
    writeFileSync(log, "fatal error: foo.h: No such file or directory\n");
    for (const extra of [[], ["--json"]]) {
      const fd = openSync("/dev/full", "w");
      const r = cli(["--no-verify", ...extra, log], { stdout: fd });
      closeSync(fd);
      expect(r.code).toBe(2);
      expect(r.err.trim().split("\n")).toEqual(["cudafix: cannot write to standard output (ENOSPC); the rest of the output is lost"]);
    }
  });

  it.skipIf(!full)("run: the build is not killed by cudafix's output failing, and its exit code is returned", () => {
    const fd = openSync("/dev/full", "w");
    const r = cli(["run", "--no-verify", "--", "sh", "-c", 'trap "echo SIGPIPE >&2" PIPE; for i in $(seq 1 200); do echo "line $i" || { echo "write failed at $i" >&2; exit 3; }; done; echo done >&2; exit 7'], { stdout: fd });
    closeSync(fd);
    expect(r.code).toBe(7);
    expect(r.err).toContain("done");
    expect(r.err).not.toMatch(/SIGPIPE|write failed|at .*\.js:\d+/);
    expect(r.err.match(/cannot write to standard output/g)).toHaveLength(1);
  });

  it.skipIf(!full)("pipe mode: the producer is not killed when stdout is full", () => {
    const r = spawnSync("sh", ["-c", `for i in $(seq 1 50); do echo "line $i" || { echo "write failed at $i" >&2; exit 3; }; done | '${process.execPath}' '${BIN}' --no-verify > /dev/full; echo "status=\${?}"`], { encoding: "utf8", timeout: 30_000 });
    expect(r.stderr).not.toContain("write failed");
    expect(r.stdout.trim()).toBe("status=2");
  });

  it("run: a reader that goes away does not stop the build, which runs to its end", () => {
    const dir = tmp("epipe");
    const marker = join(dir, "finished");
    const r = spawnSync("sh", ["-c", `'${process.execPath}' '${BIN}' run --no-verify -- sh -c 'for i in $(seq 1 20000); do echo "line $i"; done; echo ok > "${marker}"; exit 4' | head -c 100 > /dev/null; echo "status=\${?}"`], { encoding: "utf8", timeout: 30_000 });
    expect(r.status).toBe(0);
    expect(readFileSync(marker, "utf8")).toBe("ok\n");
  });
});

describe("5. a timed-out probe's whole process group is killed", () => {
  // A killed process whose new parent does not reap it stays a zombie: dead, but signal 0 still reaches it.
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
    } catch {
      return false;
    }
    try {
      return !/^\d+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
    } catch {
      return true;
    }
  };
  const waitGone = async (pid: number) => {
    for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 20));
    return !alive(pid);
  };

  it("a tool that forks, ignores TERM and hangs: timed out, and no process of it is left", async () => {
    const dir = tmp("hang");
    const script = join(dir, "hang.sh");
    writeFileSync(script, `#!/bin/sh\n(trap '' TERM INT HUP; sleep 300) &\necho $! > '${join(dir, "pid")}'\necho $$ > '${join(dir, "ppid")}'\ntrap '' TERM INT HUP\nsleep 300\n`);
    chmodSync(script, 0o755);
    const started = Date.now();
    const r = await runProcess(script, [], { timeoutMs: 500 });
    expect(r.kind).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(3000);
    const pids = [join(dir, "pid"), join(dir, "ppid")].map((p) => Number(readFileSync(p, "utf8")));
    for (const pid of pids) expect(await waitGone(pid), `pid ${pid}`).toBe(true);
  });

  it("a tool that exits leaving a child on its pipes: answered at once, and the child is gone", async () => {
    const dir = tmp("bg");
    const started = Date.now();
    const r = await runProcess("sh", ["-c", `sleep 300 & echo $! > '${join(dir, "pid")}'; echo hi`], { timeoutMs: 10_000 });
    expect(r).toMatchObject({ kind: "exit", code: 0, stdout: "hi\n" });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await waitGone(Number(readFileSync(join(dir, "pid"), "utf8")))).toBe(true);
  });

  it("a flood is cut at the byte cap and the tool is killed", async () => {
    const r = await runProcess("sh", ["-c", "yes flood"], { timeoutMs: 10_000, maxBytes: 1 << 16 });
    expect(r).toEqual({ kind: "flood", bytes: 1 << 16 });
  });

  it("probes run in an empty folder, not in the one cudafix was started in", async () => {
    const r = await runProcess("sh", ["-c", "pwd; ls -A"], { timeoutMs: 5000 });
    expect(r.kind).toBe("exit");
    const [cwd, ...files] = (r as { stdout: string }).stdout.trim().split("\n");
    expect(cwd).not.toBe(process.cwd());
    expect(files).toEqual([]);
  });
});

describe("10, 11. site --serve", () => {
  const serve = async (dir: string) => {
    const server = siteServer(dir);
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    return { server, port: (server.address() as AddressInfo).port };
  };
  const get = (port: number, path: string, host = `127.0.0.1:${port}`) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((ok, fail) => {
      const req = spawn(process.execPath, ["-e", `
        const http = require("node:http");
        const r = http.get({ host: "127.0.0.1", port: ${port}, path: ${JSON.stringify(path)}, headers: { host: ${JSON.stringify(host)} } }, (res) => {
          let b = ""; res.on("data", (c) => b += c); res.on("end", () => console.log(JSON.stringify({ status: res.statusCode, headers: res.headers, body: b })));
        });
        r.on("error", (e) => { console.log(JSON.stringify({ status: 0, headers: {}, body: e.message })); });`]);
      let out = "";
      req.stdout.on("data", (c: Buffer) => (out += c));
      req.on("close", () => {
        try {
          ok(JSON.parse(out));
        } catch (e) {
          fail(e);
        }
      });
    });

  it("follows no link out of the folder, answers only its own Host, sends nosniff and CSP always, echoes no path", async () => {
    const dir = tmp("site");
    writeFileSync(join(dir, "index.html"), "<!doctype html><title>x</title>");
    symlinkSync("/etc/passwd", join(dir, "leak.txt"));
    symlinkSync("/", join(dir, "rootlink"));
    symlinkSync(join(dir, "index.html"), join(dir, "inside.html"));
    const { server, port } = await serve(dir);
    try {
      expect((await get(port, "/")).status).toBe(200);
      expect((await get(port, "/inside.html")).status).toBe(200);
      expect((await get(port, "/", `localhost:${port}`)).status).toBe(200);
      expect((await get(port, "/leak.txt")).status).toBe(403);
      expect((await get(port, "/rootlink/etc/hostname")).status).toBe(403);
      expect((await get(port, "/", "evil.example")).status).toBe(421);
      expect((await get(port, "/", `evil.example:${port}`)).status).toBe(421);
      const missing = await get(port, "/%3Cscript%3Ealert(1)%3C/script%3E.html");
      expect(missing.status).toBe(404);
      expect(missing.body).not.toMatch(/script|alert/);
      for (const r of [missing, await get(port, "/"), await get(port, "/", "evil.example"), await get(port, "/leak.txt")]) {
        expect(r.headers["x-content-type-options"]).toBe("nosniff");
        expect(String(r.headers["content-security-policy"])).toContain(CSP);
        expect(r.headers["content-type"]).toBeTruthy();
      }
    } finally {
      server.close();
    }
  });

  it("the header's CSP is the pages' own", () => {
    expect(SITE_CSP).toBe(CSP);
  });
});

describe("12. --format github: the log cannot hide cudafix's annotations", () => {
  it("ends the log's open ::stop-commands:: tokens before the first annotation", () => {
    const r = cli(["--no-verify", "--format", "github"], { input: "::stop-commands::tok\n  ::stop-commands::t2\n::t2::\nfatal error: foo.h: No such file or directory\n" });
    const lines = r.out.split("\n");
    const first = lines.findIndex((l) => l.startsWith("::error"));
    expect(lines.slice(0, first)).toEqual(["::tok::"]);
    expect(r.err).toContain("::stop-commands::tok");
  });

  it("the same under cudafix run, whether the build prints the token on stdout or stderr", () => {
    for (const fd of ["", " >&2"]) {
      const r = cli(["run", "--no-verify", "--format", "github", "--", "sh", "-c", `echo ::stop-commands::tok${fd}; echo 'fatal error: foo.h: No such file or directory'; exit 1`]);
      const lines = r.out.split("\n");
      const first = lines.findIndex((l) => l.startsWith("::error"));
      expect(first).toBeGreaterThan(0);
      expect(lines.slice(0, first)).toEqual(["::tok::"]);
    }
  });
});
