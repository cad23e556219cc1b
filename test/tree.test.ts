import { describe, expect, it } from "vitest";
import { mkdtempSync, mkdirSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileContent } from "../src/kb/compile.js";
import { evaluate, fillPlaceholders, parseExpr } from "../src/core/expr.js";
import { walkTree } from "../src/core/decide.js";
import { LIVE_FACTS } from "../src/probe/facts.js";

const CONTENT = new URL("../content/", import.meta.url).pathname;
// The probes' catalogue says an unknown live fact in words (what core receives as kb.liveFacts).
const scope = (live: Record<string, string>, log: Record<string, string> = {}) => ({ live, log, about: LIVE_FACTS });
const ev = (src: string, live: Record<string, string>, log: Record<string, string> = {}) => evaluate(parseExpr(src), scope(live, log));

describe("the expression language", () => {
  it("versions, majors, three-valued logic", () => {
    expect(ev("major(torchCuda) == major(nvcc)", { torchCuda: "13.0", nvcc: "13.0" })).toBe(true);
    expect(ev("major(torchCuda) == major(nvcc)", { torchCuda: "13.0", nvcc: "12.4" })).toBe(false);
    expect(ev("major(torchCuda) == major(nvcc)", { torchCuda: "13.0" })).toBeNull();
    expect(ev("known(nvcc) and major(nvcc) == 12", {})).toBe(false);
    expect(ev("12.10 > 12.9", {})).toBe(true);
    expect(ev("log.nvcc != nvcc", { nvcc: "13.0" }, { nvcc: "12.4" })).toBe(true);
  });
  it("lists and maps", () => {
    expect(ev("subset(list(gpuArch), list(log.builtArch))", { gpuArch: "90" }, { builtArch: "80" })).toBe(false);
    expect(ev("count(unique(gpuCaps))", { gpuCaps: "8.6;8.6;8.9" })).toBe("2");
    expect(ev('last(values(select(toolkits, "12")))', { toolkits: "12.4=/usr/local/cuda-12.4;12.6=/usr/local/cuda-12.6;13.0=/usr/local/cuda-13.0" })).toBe("/usr/local/cuda-12.6");
    expect(fillPlaceholders('export TORCH_CUDA_ARCH_LIST="{{ join(sort(unique(gpuCaps))) }}+PTX"', scope({ gpuCaps: "8.9;8.6;8.9" })).text).toBe('export TORCH_CUDA_ARCH_LIST="8.6;8.9+PTX"');
    expect(fillPlaceholders("export CUDA_HOME={{ cudaHome }}", scope({})).text).toBe("export CUDA_HOME=<the cuda home: not found on this machine>");
    expect(fillPlaceholders('export TORCH_CUDA_ARCH_LIST="{{ join(sort(unique(gpuCaps))) }}"', scope({})).text).toBe('export TORCH_CUDA_ARCH_LIST="<your GPU\'s compute capability: nvidia-smi --query-gpu=compute_cap --format=csv>"');
  });
  it("bad expressions say what is wrong", () => {
    expect(() => parseExpr("major(nvcc")).toThrow(/expected "\)"/);
    expect(() => parseExpr("frobnicate(nvcc)")).toThrow(/unknown function "frobnicate"/);
    expect(() => parseExpr("nvcc ==")).toThrow(/ends too early/);
    expect(() => parseExpr("major(nvcc, torch)")).toThrow(/takes 1 argument/);
  });
});

function contentWith(file: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "cudafix-content-"));
  cpSync(CONTENT, dir, { recursive: true });
  mkdirSync(join(dir, "trees"), { recursive: true });
  writeFileSync(join(dir, "trees", file), text);
  return dir;
}

const TREE = (items: string) => `---
id: bad-tree
kind: tree
title: A tree with mistakes
summary: For the compiler's diagnostics.
appliesTo: [cuda-major-mismatch]
---

## What you see

Nothing.

## How to fix

${items}
`;

describe("tree notes", () => {
  it("the shipped trees compile, and cover the four decisions", () => {
    const { kb, diagnostics } = compileContent(CONTENT);
    expect(diagnostics).toEqual([]);
    const trees = kb.notes.filter((n) => n.kind === "tree");
    expect(trees.map((t) => t.id).sort()).toEqual(expect.arrayContaining(["arch-list", "build-isolation", "cuda-version", "windows-msvc"]));
    for (const t of trees) expect(t.tree?.children.length).toBeGreaterThan(1);
    const cv = trees.find((t) => t.id === "cuda-version")!;
    const leaf = cv.tree!.children.at(-1)!.children[0]!;
    expect(leaf).toMatchObject({ verdict: "confirmed", problem: "cuda-major-mismatch" });
    expect(leaf.commands?.map((c) => c.shell)).toEqual(["sh", "powershell", "cmd"]);
  });

  it("unknown facts, bad conditions, bad placeholders, unknown causes, a missing otherwise: file:line diagnostics", () => {
    const dir = contentWith("bad-tree.md", TREE([
      "- `major(nvc) == 13`: an unknown live fact",
      "- `major(torchCuda) ==`: a bad condition",
      "- `log.nosuchfact == 1`: an unknown log fact",
      "- `known(nvcc)`: a leaf",
      "",
      "  Verdict: contradicted by no-such-cause.",
      "",
      "  ```sh",
      "  export X={{ join(gpuCaps }}",
      "  ```",
    ].join("\n")));
    const { diagnostics } = compileContent(dir);
    const mine = diagnostics.filter((d) => d.file === join("trees", "bad-tree.md")).map((d) => `${d.line}: ${d.message}`);
    expect(mine).toEqual(expect.arrayContaining([
      expect.stringMatching(/^15: unknown fact "nvc"/),
      expect.stringMatching(/^16: bad condition `major\(torchCuda\) ==`/),
      expect.stringMatching(/^18: the last branch of a list must be `otherwise`/),
      expect.stringMatching(/^22: bad placeholder/),
    ]));
    // log facts and cause ids are checked across notes (the tree is only parsed when it has no other errors)
    const dir2 = contentWith("bad-tree.md", TREE("- `log.nosuchfact == 1`: an unknown log fact\n- `otherwise`: a leaf\n\n  Verdict: contradicted by no-such-cause.\n"));
    const d2 = compileContent(dir2).diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`);
    expect(d2).toEqual(expect.arrayContaining([
      expect.stringMatching(/bad-tree\.md:15: unknown log fact "log\.nosuchfact"/),
      expect.stringMatching(/bad-tree\.md:16: names unknown note "no-such-cause"/),
    ]));
  });

  it("a walk marks the branch taken and each condition's values", () => {
    const { kb } = compileContent(CONTENT);
    const cv = kb.notes.find((n) => n.id === "cuda-version")!;
    const live = { torch: "2.11.0+cu130", torchError: "", torchCuda: "13.0", nvcc: "12.6", cudaHomeNvcc: "12.6", toolkits: "12.6=/usr/local/cuda-12.6;13.0=/usr/local/cuda-13.0" };
    const w = walkTree(cv, scope(live, { nvcc: "12.6", torchCuda: "13.0" }), "root cause");
    expect(w.outcome).toBe("leaf");
    expect(w.problem).toBe("cuda-major-mismatch");
    expect(w.path[1]).toMatch(/installed here: 13\.0=\/usr\/local\/cuda-13\.0/);
    expect(w.commands.find((c) => c.shell === "sh")!.text).toContain("export CUDA_HOME=/usr/local/cuda-13.0");
    const taken = w.root.children.filter((c) => c.taken);
    expect(taken).toHaveLength(1);
    expect(w.root.children[0]).toMatchObject({ value: false, facts: { torchError: "" } });
    // An unknown fact stops the walk: undecided, with what was missing.
    const u = walkTree(cv, scope({ torch: "2.11.0+cu130", torchCuda: "13.0" }), "standing");
    expect(u).toMatchObject({ outcome: "undecided", missing: ["torchError"] });
  });
});
