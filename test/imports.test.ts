// Who imports whom, read from the sources: no ring among the CLI's files, and the core reaches for nothing
// outside itself but its few npm packages (no CLI, probe, site or kb file, no Node built-in).
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve } from "node:path";

const root = join(import.meta.dirname, "..");
const src = join(root, "src");

/** Every module a file names: static imports and re-exports (type-only ones too: a ring of types is a ring), and import(). */
function importsOf(code: string): string[] {
  const out: string[] = [];
  const noComments = code.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  for (const m of noComments.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/gm)) out.push(m[1]!);
  for (const m of noComments.matchAll(/^\s*import\s*["']([^"']+)["']/gm)) out.push(m[1]!);
  for (const m of noComments.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) out.push(m[1]!);
  return out;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

/** file (relative to src/, e.g. "cli/main.ts") → what it imports: relative imports resolved the same way, others as written. */
function graph(): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const file of tsFiles(src)) {
    const deps = importsOf(readFileSync(file, "utf8")).map((spec) =>
      spec.startsWith(".") ? relative(src, resolve(dirname(file), spec)).replace(/\.js$/, ".ts") : spec,
    );
    g.set(relative(src, file), deps);
  }
  return g;
}

/** The rings in the graph restricted to `within`, each as a path that ends where it starts. */
function cycles(g: ReadonlyMap<string, readonly string[]>, within: (f: string) => boolean): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (f: string): void => {
    state.set(f, "open");
    stack.push(f);
    for (const d of g.get(f) ?? []) {
      if (!within(d) || !g.has(d)) continue;
      if (state.get(d) === "open") found.push([...stack.slice(stack.indexOf(d)), d]);
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(f, "done");
  };
  for (const f of [...g.keys()].filter(within).sort()) if (!state.has(f)) visit(f);
  return found;
}

describe("the import graph of src/", () => {
  const g = graph();

  it("is read from the sources (the reader sees the CLI's and the core's imports)", () => {
    expect(g.get("cli/main.ts")).toContain("cli/deps.ts");
    expect(g.get("core/analyze.ts")).toContain("core/decode.ts");
    expect(importsOf('import type { A } from "./a.js";\nexport { b } from "./b.js";\nimport "./c.js";\nconst d = await import("./d.js");\n// import x from "./no.js"')).toEqual(["./a.js", "./b.js", "./c.js", "./d.js"]);
  });

  it("finds a ring when there is one (the check can fail)", () => {
    const ring = new Map([["cli/a.ts", ["cli/b.ts"]], ["cli/b.ts", ["cli/c.ts"]], ["cli/c.ts", ["cli/a.ts"]]]);
    expect(cycles(ring, (f) => f.startsWith("cli/"))).toEqual([["cli/a.ts", "cli/b.ts", "cli/c.ts", "cli/a.ts"]]);
  });

  it("has no ring among the files of src/cli", () => {
    expect(cycles(g, (f) => f.startsWith("cli/"))).toEqual([]);
  });

  it("has no ring among the files of src/core (the renderers are siblings over render/shared.ts)", () => {
    expect(g.get("core/render/index.ts")).toContain("core/render/github.ts");
    expect(cycles(g, (f) => f.startsWith("core/"))).toEqual([]);
  });

  it("keeps src/core to itself: no import of src/cli, src/probe, src/site, src/kb or a Node built-in", () => {
    const builtins = new Set(builtinModules);
    const bad: string[] = [];
    for (const [file, deps] of g) {
      if (!file.startsWith("core/")) continue;
      for (const d of deps) {
        const outside = /^(?:cli|probe|site|kb)\//.test(d) || d.startsWith("..");
        const builtin = d.startsWith("node:") || builtins.has(d) || builtins.has(d.split("/")[0]!);
        if (outside || builtin) bad.push(`${file} imports ${d}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
