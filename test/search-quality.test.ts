// Search quality of core's search (the docs site's search box, explain's "did you mean", a report's nearest notes): every note's own example lines, whole
// and cut to their first 60 characters, and natural queries written here (not lines of any corpus).
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { KnowledgeBase } from "../src/core/types.js";
import { NoteSearch, wholeWordSpans, words } from "../src/core/search.js";

const kb = JSON.parse(readFileSync(join(import.meta.dirname, "../dist/kb.json"), "utf8")) as KnowledgeBase;
const search = new NoteSearch(kb);
const first = (q: string): string | undefined => search.search(q).hits[0]?.id;

/** Natural queries a reader types, and the note each one means. */
const NATURAL: [string, string | string[]][] = [
  ["cl.exe not found", "msvc-env-missing"],
  ["Visual Studio developer prompt", ["msvc-env-missing", "windows-msvc"]],
  ["DISTUTILS_USE_SDK", "msvc-env-missing"],
  ["CUDA_HOME not set", "cuda-home-missing"],
  ["nvcc not found", "cuda-home-missing"],
  ["gcc version too new", "host-compiler-unsupported"],
  ["unsupported GNU version", "host-compiler-unsupported"],
  ["Blackwell", "gpu-not-supported-by-torch"],
  ["RTX 50xx", "gpu-not-supported-by-torch"],
  ["RTX 5090 not supported", "gpu-not-supported-by-torch"],
  ["sm_120", "gpu-not-supported-by-torch"],
  ["找不到指定的模块", "dll-dependency-not-found"],
  ["ninja missing", "ninja-missing"],
  ["ninja not installed", "ninja-missing"],
  ["no module named torch during build", "torch-not-installed"],
  ["build isolation hides torch", "build-isolation-torch"],
  ["undefined symbol", "abi-undefined-symbol"],
  ["cc1plus killed out of memory", "compiler-oom"],
  ["MAX_JOBS", "compiler-oom"],
  ["no kernel image is available", "no-kernel-image"],
  ["unknown cuda arch", "unknown-cuda-arch"],
  ["TORCH_CUDA_ARCH_LIST not set", "arch-list-not-set"],
  ["cuda version mismatch torch", ["cuda-major-mismatch", "cuda-minor-mismatch"]],
  ["cannot find -lcuda", "cannot-find-lcuda"],
  ["missing header file", "missing-header"],
  ["driver too old", "cuda-driver-too-old"],
  ["setup.py install is deprecated", "setup-py-deprecated"],
  ["libstdc++ GLIBCXX not found", "libstdcxx-too-old"],
  ["unsupported gpu architecture compute_35", "nvcc-unsupported-arch"],
  ["ninja fallback slow distutils", "ninja-fallback"],
];

describe("search quality", () => {
  const causes = kb.notes.filter((n) => n.kind === "cause");
  const lines = causes.flatMap((n) => n.examples.match.map((e) => ({ id: n.id, line: e.line })));

  it("puts the note first for ≥ 95% of its whole example lines", () => {
    const misses = lines.filter((x) => first(x.line) !== x.id);
    const rate = 1 - misses.length / lines.length;
    console.log(`whole example lines: ${(rate * 100).toFixed(1)}% first (${lines.length - misses.length}/${lines.length})`);
    for (const m of misses) console.log(`  miss ${m.id}: ${m.line.slice(0, 120)} → ${first(m.line)}`);
    expect(rate).toBeGreaterThanOrEqual(0.95);
  });

  it("puts the note first for ≥ 90% of 60-character prefixes of its example lines", () => {
    const cut = lines.filter((x) => x.line.length > 60).map((x) => ({ ...x, line: x.line.slice(0, 60) }));
    const misses = cut.filter((x) => first(x.line) !== x.id);
    const rate = 1 - misses.length / cut.length;
    console.log(`60-character prefixes: ${(rate * 100).toFixed(1)}% first (${cut.length - misses.length}/${cut.length})`);
    for (const m of misses) console.log(`  miss ${m.id}: ${m.line} → ${first(m.line)}`);
    expect(rate).toBeGreaterThanOrEqual(0.9);
  });

  it("puts the note first for ≥ 90% of 45-character parts cut from the middle of its long example lines", () => {
    const cut = lines.filter((x) => x.line.length >= 90).map((x) => ({ ...x, line: x.line.slice(20, 65) }));
    expect(cut.length).toBeGreaterThan(40);
    const misses = cut.filter((x) => first(x.line) !== x.id);
    const rate = 1 - misses.length / cut.length;
    console.log(`45-character middle parts: ${(rate * 100).toFixed(1)}% first (${cut.length - misses.length}/${cut.length})`);
    expect(rate).toBeGreaterThanOrEqual(0.9);
  });

  it("answers natural queries with the note they mean (≥ 90% first, all in the top 3)", () => {
    const ok = (want: string | string[], id: string | undefined): boolean => (typeof want === "string" ? [want] : want).includes(id ?? "");
    for (const [, want] of NATURAL) for (const id of [want].flat()) expect(kb.notes.some((n) => n.id === id), id).toBe(true);
    const misses = NATURAL.filter(([q, want]) => !ok(want, first(q)));
    const notTop3 = NATURAL.filter(([q, want]) => !search.search(q).hits.slice(0, 3).some((h) => ok(want, h.id)));
    for (const [q, id] of misses) console.log(`  natural miss "${q}" → ${first(q)} (want ${id})`);
    console.log(`natural queries: ${NATURAL.length - misses.length}/${NATURAL.length} first`);
    expect(misses.length / NATURAL.length).toBeLessThanOrEqual(0.1);
    expect(notTop3.map(([q]) => q)).toEqual([]);
  });

  it("never comes back empty: an unrelated query says nothing is close and shows the nearest three", () => {
    const r = search.search("quantum teleportation of kittens");
    expect(r.close).toBe(false);
    expect(r.hits).toHaveLength(3);
    const real = search.search("fatal error: cutlass/gemm.h: No such file or directory /home/u/proj/csrc/x.cu:12:10 compilation terminated.");
    expect(real.close).toBe(true);
    expect(real.hits[0]?.id).toBe("missing-header");
  });

  it("links a hit to the section that matched and highlights whole words only", () => {
    const r = search.search("nvcc fatal   : Unsupported gpu architecture 'compute_35'");
    expect(r.hits[0]?.exact).toBe(true);
    expect(r.hits[0]?.href).toBe("notes/nvcc-unsupported-arch.html#what-you-see");
    expect(r.hits[0]?.line.text.toLowerCase()).toContain("unsupported gpu architecture");
    const compat = search.search("which host compilers each CUDA toolkit takes gcc 13");
    expect(compat.hits.some((h) => h.href.startsWith("compat.html#"))).toBe(true);
    expect(wholeWordSpans("setuptools set up", words("set"))).toEqual([[11, 14]]);
    expect(wholeWordSpans("系统找不到指定的文件", words("找不到"))).toEqual([[2, 5]]);
  });

  it("is the one search of `explain` and of a report's unrecognized lines: nearest cause notes, or none", () => {
    expect(search.nearest("missing-header")).toEqual([{ id: "missing-header", score: 1 }]);
    expect(search.nearest("cuda-home-mising")[0]?.id).toBe("cuda-home-missing");
    expect(search.nearest("quantum teleportation of kittens")).toEqual([]);
    const near = search.nearest("csrc/roi_pool.cu:4:10: fatal error: THC/THC.h: No such file or directory");
    expect(near[0]).toEqual({ id: "missing-header", score: 1 });
    for (const h of search.nearest("unknown cuda arch")) {
      expect(kb.notes.find((n) => n.id === h.id)?.kind).toBe("cause");
      expect(h.score).toBeGreaterThanOrEqual(0.5);
      expect(h.score).toBeLessThanOrEqual(1);
    }
  });
});
