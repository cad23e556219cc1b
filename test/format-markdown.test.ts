// --format markdown: the report a user pastes into an issue. Rendered through unified (remark-parse,
// remark-gfm, remark-rehype, rehype-stringify) without errors; home folders and user names masked.
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import remarkRehype from "remark-rehype";
import rehypeStringify from "rehype-stringify";
import { decisionMarkdown, renderMarkdown } from "../src/core/render/markdown.js";
import { code, mask } from "../src/core/render/shared.js";
import { LIVE_FACTS } from "../src/probe/facts.js";
import { loadKb } from "../src/cli/kb-load.js";

// The labels of the environment table: the probes' for live facts, content/facts.md's (a note) for log facts.
const kb = loadKb(join(import.meta.dirname, "..", "dist", "kb.json"));
const notes = new Map(kb.notes.map((n) => [n.id, n]));
const engine = new Engine(kb);
import type { Report } from "../src/core/types.js";
import { Engine } from "../src/core/analyze.js";
import { corpus, cudafix, formats, requireBuild, root } from "./format-helpers.js";

beforeAll(requireBuild);

async function toHtml(md: string): Promise<{ html: string; messages: readonly unknown[] }> {
  const file = await unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeStringify, { allowDangerousHtml: true })
    .process(md);
  return { html: String(file), messages: file.messages };
}

describe("--format markdown on the corpus", () => {
  for (const name of ["gcc-too-new", "missing-glm", "arch-dropped", "ok"]) {
    it(`${name}.log renders, and reads as its snapshot`, async () => {
      const r = cudafix(["--no-verify", "--format", "markdown", `${corpus}/${name}.log`]);
      expect(r.code).toBe(name === "ok" ? 0 : 1);
      await expect(r.out).toMatchFileSnapshot(join(formats, `${name}.md`));
      const { html, messages } = await toHtml(r.out);
      expect(messages).toEqual([]);
      expect(html).toMatch(/<details><summary>Environment<\/summary>/);
      expect(html).toMatch(/<table>/);
      if (name !== "ok") {
        expect(html).toMatch(/<h3>Fix<\/h3>/);
        // The cause's line is marked in its context.
        expect(r.out).toMatch(/^> +\d+ \| /m);
      }
    });
  }

  it("shows the root cause's line with the lines around it, from a saved file", () => {
    const r = cudafix(["--no-verify", "--format", "markdown", `${corpus}/missing-glm.log`]);
    const block = /```text\n([\s\S]*?)\n```/.exec(r.out)![1]!.split("\n");
    expect(block.map((l) => /^[> ] +(\d+) \|/.exec(l)?.[1])).toEqual(["7", "8", "9", "10", "11", "12", "13"]);
    expect(block[3]).toMatch(/^> 10 \| \/home\/<user>\/labext\/kernel\.cu:5:10: fatal error: glm\/glm\.hpp: No such file or directory/);
  });

  it("shows the same context from stdin (bounded buffer in pipe mode), with the build's output on stderr", () => {
    const log = readFileSync(join(root, corpus, "missing-glm.log"));
    const piped = cudafix(["--no-verify", "--format", "markdown"], { input: log });
    const saved = cudafix(["--no-verify", "--format", "markdown", `${corpus}/missing-glm.log`]);
    expect(piped.code).toBe(1);
    const ctx = (s: string) => /```text\n[\s\S]*?\n```/.exec(s)![0];
    expect(ctx(piped.out)).toBe(ctx(saved.out));
    expect(piped.err).toContain("glm/glm.hpp: No such file or directory");
  });
});

describe("--format markdown shows the lines as the report decodes them", () => {
  const extra = "test/corpus-extra";
  /** The context block's lines, without the line-number gutter. */
  const contextOf = (md: string) => /```text\n([\s\S]*?)\n```/.exec(md)![1]!.split("\n").map((l) => l.replace(/^[> ] +\d+ \| /, ""));

  for (const [name, marker] of [
    ["win-missing-glm-c1083-gbk", "fatal error C1083"],
    ["win-powershell-torch-timeout-utf16", "ERROR: Exception:"],
  ] as const) {
    for (const mode of ["a saved file", "stdin"] as const) {
      it(`${name}: the root cause's line in the context reads as in --json (${mode})`, () => {
        const path = `${extra}/${name}.log`;
        const json = JSON.parse(cudafix(["--no-verify", "--json", path]).out) as { rootCause: { line: number }; findings: { line: number; text: string }[] };
        const text = json.findings.find((f) => f.line === json.rootCause.line)!.text;
        expect(text).toContain(marker);
        const r = mode === "stdin" ? cudafix(["--no-verify", "--format", "markdown"], { input: readFileSync(join(root, path)) }) : cudafix(["--no-verify", "--format", "markdown", path]);
        expect(r.out).not.toContain("\ufffd");
        const marked = /```text\n[\s\S]*?\n```/.exec(r.out)![0].split("\n").find((l) => l.startsWith(">"))!;
        expect(marked).toMatch(new RegExp(`^> +${json.rootCause.line} \\| `));
        expect(marked).toContain(text.slice(text.indexOf(marker)));
      });
    }
  }

  it("the GBK log's root-cause line is in Chinese, not mojibake", () => {
    const r = cudafix(["--no-verify", "--format", "markdown", `${extra}/win-missing-glm-c1083-gbk.log`]);
    expect(contextOf(r.out).join("\n")).toMatch(/fatal error C1083: 无法打开包括文件: “glm\/glm\.hpp”/);
  });
});

describe("masking", () => {
  const log = [
    "running build_ext",
    "building 'ext' extension",
    "/home/alice/miniconda3/envs/ml/bin/nvcc -I/home/alice/src/ext/include -c /home/alice/src/ext/kernel.cu -o build/kernel.o",
    "C:\\Users\\Bob\\AppData\\Local\\Temp\\pip-build\\ext\\kernel.cu(3): note: see C:/Users/Bob/src/x.h and /Users/carol/lib",
    "/home/alice/src/ext/kernel.cu:5:10: fatal error: glm/glm.hpp: No such file or directory",
    "    5 | #include <glm/glm.hpp>",
    "compilation terminated. alice was here; so was dave (dave's files in /home/dave/x)",
    "ninja: build stopped: subcommand failed.",
    "",
  ].join("\n");

  it("masks /home/NAME, /Users/NAME, C:\\Users\\NAME and $USER wherever they appear", async () => {
    const r = cudafix(["--no-verify", "--format", "markdown"], { input: log, env: { USER: "dave", USERNAME: "Bob" } });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Build failure: /);
    for (const name of ["alice", "Bob", "carol", "dave"]) expect(r.out).not.toMatch(new RegExp(`/${name}\\b|\\\\${name}\\b|\\b${name}'s`));
    expect(r.out).not.toMatch(/\bdave\b|\bBob\b/);
    expect(r.out).toContain("/home/<user>/src/ext/kernel.cu:5:10");
    expect(r.out).toContain("C:\\Users\\<user>\\AppData");
    expect(r.out).toContain("C:/Users/<user>/src/x.h");
    expect(r.out).toContain("/Users/<user>/lib");
    // A name that is no $USER is masked only inside a home path: "alice was here" stays (no way to know it is a name).
    expect(r.out).toContain("alice was here");
    const { messages } = await toHtml(r.out);
    expect(messages).toEqual([]);
    // The build's own output on stderr is the user's terminal: passed through unchanged.
    expect(r.err).toContain("/home/alice/src/ext/kernel.cu");
  });

  it("leaves generic account names and short names alone", () => {
    expect(mask("root cause on Ubuntu 24.04 by runner", ["root", "ubuntu", "runner", "al"])).toBe("root cause on Ubuntu 24.04 by runner");
    expect(mask("/home/runner/work/x", ["runner"])).toBe("/home/<user>/work/x");
    expect(mask("C:\\\\Users\\\\Eve\\\\x (python repr)")).toBe("C:\\\\Users\\\\<user>\\\\x (python repr)");
    expect(mask("eve-builds and steve", ["eve"])).toBe("eve-builds and steve");
    expect(mask("by eve.", ["eve"])).toBe("by <user>.");
    // USER=dev: system paths stay; root's home is masked like any home folder.
    expect(mask("open /dev/nvidia0 failed for dev in /srv/dev/x", ["dev"])).toBe("open /dev/nvidia0 failed for <user> in /srv/<user>/x");
    expect(mask("Stored in directory: /root/.cache/pip/wheels/3f")).toBe("Stored in directory: ~/.cache/pip/wheels/3f");
    expect(mask("/rootfs/x and /home/root/y")).toBe("/rootfs/x and /home/<user>/y");
  });
});

describe("rendering pieces", () => {
  it("keeps backticks in log text from breaking inline code", () => {
    expect(code("a `b` c")).toBe("``a `b` c``");
    expect(code("`x")).toBe("`` `x ``");
  });

  const base: Report = {
    schema: "cudafix.report/1",
    rootCause: null,
    findings: [],
    symptoms: [],
    unrecognized: [],
    logFacts: { nvcc: "13.0" },
    verification: [],
    decision: {},
    stats: { lines: 3, bytes: 30, encoding: "utf-8", legacyDecodedLines: 0, truncatedLines: 0, binary: false },
  };

  it("says nothing of a decision or verification that is absent or empty", () => {
    const md = renderMarkdown(base, notes, { liveFacts: LIVE_FACTS });
    expect(md).not.toMatch(/Decision|Checked on this machine/);
    expect(md).toMatch(/\| nvcc \(CUDA toolkit\) \| `13\.0` \| log \|/);
    expect(decisionMarkdown({ walks: [], commands: [], shell: "sh" }, (s) => s)).toBe("");
  });

  it("renders live verification, the decision walked, and the live environment when the report has them", async () => {
    const report = {
      ...base,
      environment: { facts: { nvcc: "12.6", torch: "2.11.0+cu130", cudaHome: "/home/alice/cuda" }, probes: [{ name: "nvidia-smi", status: "absent", detail: "not on PATH" }] },
      verification: [
        {
          kind: "finding",
          id: "x-cause",
          line: 4,
          verdict: "contradicted",
          pointsTo: "y-cause",
          because: "the live torch differs | from the log's",
          evidence: [{ fact: "torchCuda", log: "12.4", live: "11.8", same: false, probe: "python", probeStatus: "ok" }],
        },
      ],
      decision: {
        walks: [
          {
            tree: "x-tree",
            title: "Which toolkit",
            reason: "root cause",
            appliesTo: ["x-cause"],
            root: {
              label: "start",
              taken: true,
              children: [
                { label: "majors equal", value: false, facts: { nvcc: "12.6", torchCuda: "13.0" }, taken: false, children: [] },
                { label: "majors differ", value: true, taken: true, verdict: "confirmed", children: [] },
              ],
            },
            path: ["start", "majors differ"],
            outcome: "leaf",
            missing: [],
            action: "Switch the toolkit.",
            commands: [],
          },
        ],
        commands: [{ shell: "sh", text: "export CUDA_HOME=/home/alice/cuda-13.0" }],
        shell: "sh",
      },
    } as Report;
    const md = renderMarkdown(report, notes, { users: ["alice"], liveFacts: LIVE_FACTS });
    expect(md).toMatch(/### Decision/);
    // The branch taken, in words; not every branch tried with its raw values.
    expect(md).toContain("start → majors differ");
    expect(md).not.toContain("majors equal");
    expect(md).toContain("export CUDA_HOME=/home/<user>/cuda-13.0");
    expect(md).toMatch(/### Checked on this machine/);
    expect(md).toMatch(/\| `x-cause` \| 4 \| \*\*contradicted \(points to y-cause\)\*\*<br>the live torch differs \\\| from the log's \| torchCuda: 12\.4 → 11\.8 \|/);
    expect(md).toMatch(/\| nvcc \(CUDA toolkit\) \| `12\.6` \| live \|/);
    expect(md).toMatch(/\| CUDA\\_HOME \| `\/home\/<user>\/cuda` \| live \|/);
    expect(md).toMatch(/\| probe nvidia-smi \| `absent: not on PATH` \| live \|/);
    expect(md).not.toMatch(/alice/);
    expect(md).not.toMatch(/From the log only/);
    const { messages, html } = await toHtml(md);
    expect(messages).toEqual([]);
    expect(html).toMatch(/<td>.*the live torch differs \| from the log's/);
  });
});

describe("the lines around the root cause, kept in the one pass", () => {
  const analyzeWith = (input: Uint8Array, chunk: number) => {
    const a = engine.analyzer({ contextRadius: 2 });
    for (let at = 0; at < input.length; at += chunk) a.push(input.subarray(at, at + chunk));
    const report = a.end();
    return { report, context: report.rootCause ? a.context(report.rootCause.line) : undefined };
  };

  it("gives the same lines before and after, in order, however the log is cut into chunks", () => {
    const lines = Array.from({ length: 30 }, (_, i) => `step ${i + 1}${i === 11 ? "\r50%\r100%" : ""}`);
    lines[15] = "nvcc fatal   : Unsupported gpu architecture 'compute_120'";
    const bytes = new TextEncoder().encode(lines.join("\n") + "\n");
    const whole = analyzeWith(bytes, bytes.length);
    expect(whole.report.rootCause?.line).toBe(16);
    expect(whole.context?.map((l) => l.line)).toEqual([14, 15, 16, 17, 18]);
    expect(whole.context?.[2]?.text).toBe(lines[15]);
    for (const chunk of [1, 7, 64]) expect(analyzeWith(bytes, chunk).context).toEqual(whole.context);
  });

  it("keeps the lines of a finding settled only by the lines after it (the OOM kill under a compile)", () => {
    const lines = ["[1/4] c++ -c a.cpp -o a.o", "[2/4] c++ -c b.cpp -o b.o", "Killed", ...Array.from({ length: 30 }, (_, i) => `noise ${i}`), "ninja: build stopped: subcommand failed."];
    const { report, context } = analyzeWith(new TextEncoder().encode(lines.join("\n") + "\n"), 1 << 16);
    expect(report.rootCause?.id).toBe("compiler-oom");
    expect(context?.map((l) => l.text)).toEqual(["[1/4] c++ -c a.cpp -o a.o", "[2/4] c++ -c b.cpp -o b.o", "Killed", "noise 0", "noise 1"]);
  });

  it("run --format markdown shows the build's own lines around the root cause (it has no file to read again)", () => {
    const script = "echo '[1/2] nvcc -c a.cu'; echo \"nvcc fatal   : Unsupported gpu architecture 'compute_120'\"; echo 'ninja: build stopped: subcommand failed.'; exit 1";
    const r = cudafix(["run", "--no-verify", "--format", "markdown", "--", "sh", "-c", script]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("  1 | [1/2] nvcc -c a.cu\n> 2 | nvcc fatal   : Unsupported gpu architecture 'compute_120'\n  3 | ninja: build stopped: subcommand failed.");
  });

  it("keeps nothing unless asked", () => {
    const a = engine.analyzer();
    a.push(new TextEncoder().encode("nvcc fatal   : Unsupported gpu architecture 'compute_120'\n"));
    expect(a.context(a.end().rootCause!.line)).toBeUndefined();
  });
});
