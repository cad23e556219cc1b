// The static site: builds from content/ (plus a fixture decision tree), every internal link and anchor
// resolves, every page carries the no-network CSP and no inline script, trees are drawn at build time.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import type { AddressInfo } from "node:net";
import { compileContent } from "../src/kb/compile.js";
import { buildSite } from "../src/site/build.js";
import { treeSvg } from "../src/site/tree-svg.js";
import { siteServer } from "../src/cli/cmd-site.js";
import type { KnowledgeBase, Signature, TreeNode } from "../src/core/types.js";

const root = resolve(import.meta.dirname, "..");
let out: string;
let kb: KnowledgeBase;

const fixtureTree: TreeNode = {
  label: "Fixture: does nvcc match torch?",
  children: [
    { label: "nvcc has torch's major version", test: "major(torchCuda) == major(nvcc)", children: [{ label: "rebuild <clean>", action: "Remove `build/` & rebuild.", children: [] }] },
    { label: "anything else", test: "otherwise", children: [], action: "Install the toolkit of torch's major version." },
  ],
};

function fixtureNote(): Signature {
  return {
    id: "fixture-tree", kind: "tree", title: "Fixture tree <with markup>", summary: "A tree for the site test.", priority: 0,
    related: [], releases: [], verify: [], patterns: [], examples: { match: [], noMatch: [] },
    sections: { "What you see": "A fixture.", "How to fix": "- `otherwise`: do it" }, tree: fixtureTree,
    appliesTo: ["cuda-major-mismatch"], file: "trees/fixture-tree.md",
  };
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

beforeAll(async () => {
  const compiled = compileContent(join(root, "content"));
  expect(compiled.diagnostics).toEqual([]);
  kb = { ...compiled.kb, notes: [...compiled.kb.notes.filter((n) => n.id !== "fixture-tree"), fixtureNote()] };
  out = mkdtempSync(join(tmpdir(), "cudafix-site-"));
  await buildSite({ kb, outDir: out, root });
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("the built site", () => {
  it("has the stable URLs", () => {
    for (const p of ["index.html", "paste.html", "compat.html", "trees/fixture-tree.html", "notes/cuda-major-mismatch.html"]) {
      expect(existsSync(join(out, p)), p).toBe(true);
    }
    for (const n of kb.notes.filter((x) => x.kind === "cause")) expect(existsSync(join(out, "notes", `${n.id}.html`)), n.id).toBe(true);
    for (const n of kb.notes.filter((x) => x.kind === "tree" && x.tree)) expect(existsSync(join(out, "trees", `${n.id}.html`)), n.id).toBe(true);
  });

  it("has no broken internal link or anchor", () => {
    const pages = walk(out).filter((p) => p.endsWith(".html"));
    const ids = new Map<string, Set<string>>();
    const idsOf = (file: string): Set<string> => {
      let s = ids.get(file);
      if (!s) {
        s = new Set([...readFileSync(file, "utf8").matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
        ids.set(file, s);
      }
      return s;
    };
    const broken: string[] = [];
    let checked = 0;
    for (const page of pages) {
      const html = readFileSync(page, "utf8");
      for (const m of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
        const url = m[1]!.replace(/&amp;/g, "&");
        if (/^(?:https?:|mailto:)/.test(url)) continue;
        checked++;
        const [path, frag] = url.split("#") as [string, string | undefined];
        const target = path ? resolve(dirname(page), path) : page;
        if (!target.startsWith(out) || !existsSync(target)) broken.push(`${relative(out, page)} → ${url}`);
        else if (frag && target.endsWith(".html") && !idsOf(target).has(frag)) broken.push(`${relative(out, page)} → ${url} (no such anchor)`);
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(200);
  });

  it("forbids the network and runs no inline script on every page", () => {
    for (const page of walk(out).filter((p) => p.endsWith(".html"))) {
      const html = readFileSync(page, "utf8");
      expect(html, page).toContain(`content="default-src 'none'; script-src 'self';`);
      expect(html, page).toContain("connect-src 'none'");
      expect(html.match(/<script(?![^>]*\ssrc=)[^>]*>/g), page).toBeNull();
      expect(html, page).not.toMatch(/\son[a-z]+=/i);
    }
  });

  it("shows a note's example lines, sections, releases and related notes", () => {
    const html = readFileSync(join(out, "notes/cuda-major-mismatch.html"), "utf8");
    for (const id of ["what-you-see", "why-it-happens", "how-to-fix", "how-to-check", "releases", "related-notes"]) expect(html).toContain(`id="${id}"`);
    expect(html).toContain("The detected CUDA version (13.1) mismatches");
    expect(html).toContain('href="../notes/build-isolation-torch.html"');
    expect(html).toContain('href="../trees/fixture-tree.html"');
    expect(html).not.toContain("{{");
  });

  it("groups the index by severity and stage", () => {
    const html = readFileSync(join(out, "index.html"), "utf8");
    expect(html).toContain('id="fatal"');
    expect(html).toContain('id="harmless"');
    expect(html).toContain('id="fatal-configure"');
    expect(html).toContain('href="trees/fixture-tree.html"');
  });

  it("renders the compatibility tables from content/compat.md", () => {
    const html = readFileSync(join(out, "compat.html"), "utf8");
    expect((html.match(/<table>/g) ?? []).length).toBeGreaterThanOrEqual(4);
    expect(html).toContain("2.14.1");
  });
});

describe("decision-tree diagrams", () => {
  it("are SVG drawn at build time, with the labels escaped", () => {
    const html = readFileSync(join(out, "trees/fixture-tree.html"), "utf8");
    expect(html).toContain("<svg");
    // The condition reads as a question in words, not as the expression.
    expect(html).toContain("The major version of torch.version.cuda is the major");
    expect(html).not.toContain("major(torchCuda) == major(nvcc)");
    expect(html).toContain("rebuild &lt;clean&gt;");
    expect(html).not.toContain("<clean>");
  });

  it("place every node of the tree", () => {
    const svg = treeSvg(fixtureTree, "t");
    expect(svg.match(/<rect /g)?.length).toBe(4);
    expect(svg.match(/<polyline /g)?.length).toBe(3);
  });
});

describe("cudafix site --serve", () => {
  it("serves the site and nothing outside it", async () => {
    const server = siteServer(out);
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    const port = (server.address() as AddressInfo).port;
    try {
      const index = await fetch(`http://127.0.0.1:${port}/`);
      expect(index.status).toBe(200);
      expect(index.headers.get("content-type")).toContain("text/html");
      expect((await fetch(`http://127.0.0.1:${port}/assets/paste.js`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/%2e%2e/%2e%2e/etc/passwd`)).status).toBeGreaterThanOrEqual(403);
      expect((await fetch(`http://127.0.0.1:${port}/nope.html`)).status).toBe(404);
    } finally {
      server.close();
    }
  });
});
