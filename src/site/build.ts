// Builds the static site from the knowledge base: a page per note and per decision tree, the index with
// search, the compatibility page, and the paste-a-log page whose matcher is core itself, bundled by
// esbuild into classic scripts (module scripts do not load from file://).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { build as esbuild } from "esbuild";
import type { KnowledgeBase, Signature } from "../core/types.js";
import { markdownToHtml } from "./markdown.js";
import { indexPage, notePage, pastePage, referencePage, siteModel, treePage } from "./pages.js";
import { treeSvg } from "./tree-svg.js";
// The per-note HTML the paste page shows next to a finding: one shape for the build and the page.
import type { NoteView } from "./client/globals.js";

export interface BuildOptions {
  readonly kb: KnowledgeBase;
  readonly outDir: string;
  /** The repository root: client sources and the stylesheet are read from src/site/ there. */
  readonly root: string;
}

export interface BuildResult {
  readonly pages: string[];
  readonly bytes: number;
}


export async function buildSite(o: BuildOptions): Promise<BuildResult> {
  const model = siteModel(o.kb);
  const files = new Map<string, string>();
  const compat = o.kb.notes.find((n) => n.kind === "reference" && n.id === "compat") ?? null;
  files.set("index.html", indexPage(model, compat));
  files.set("paste.html", pastePage());
  if (compat) files.set("compat.html", referencePage(model, compat));
  for (const n of model.causes) files.set(`notes/${n.id}.html`, notePage(model, n));
  for (const t of model.trees) if (t.tree) files.set(`trees/${t.id}.html`, treePage(model, t, t.tree));

  files.set("assets/kb.js", `globalThis.CUDAFIX_KB = ${JSON.stringify(o.kb)};\n`);
  files.set("assets/notes.js", `globalThis.CUDAFIX_NOTES = ${JSON.stringify(noteViews(model.causes, model.ids))};\n` +
    `globalThis.CUDAFIX_TREES = ${JSON.stringify(Object.fromEntries(model.trees.filter((t) => t.tree).map((t) => [t.id, { title: t.title, svg: treeSvg({ ...t.tree!, label: t.tree!.label || t.title }, t.title) }])))};\n`);
  files.set("assets/site.css", readFileSync(join(o.root, "src/site/site.css"), "utf8"));
  const client = join(o.root, "src/site/client");
  const worker = await bundle(join(client, "worker.ts"), {});
  files.set("assets/search.js", await bundle(join(client, "search.ts"), {}));
  files.set("assets/paste.js", await bundle(join(client, "paste.ts"), { __WORKER_SOURCE__: JSON.stringify(worker) }));

  rmSync(o.outDir, { recursive: true, force: true });
  let bytes = 0;
  for (const [rel, text] of files) {
    const path = join(o.outDir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    bytes += Buffer.byteLength(text);
  }
  return { pages: [...files.keys()].filter((f) => f.endsWith(".html")), bytes };
}

function noteViews(notes: readonly Signature[], ids: ReadonlySet<string>): Record<string, NoteView> {
  const html = (text: string | undefined): string =>
    markdownToHtml(text ?? "", { placeholders: "keep", noteIds: ids, notesBase: "notes/" });
  return Object.fromEntries(
    notes.map((n) => [
      n.id,
      {
        title: n.title,
        ...(n.severity ? { severity: n.severity } : {}),
        ...(n.stage ? { stage: n.stage } : {}),
        summary: html(n.summary),
        fix: html(n.sections["How to fix"]),
        check: html(n.sections["How to check"]),
      },
    ]),
  );
}

async function bundle(entry: string, define: Record<string, string>): Promise<string> {
  const r = await esbuild({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    define,
    logLevel: "silent",
  });
  return r.outputFiles[0]!.text;
}
