// The entry of the single executable (`npm run build:exe`, scripts/build-exe.mjs): Node's single-executable
// application runs this one bundled CommonJS file, with the knowledge base and the docs site as assets of
// the executable. It does what bin.ts does for the npm package; no file beside the executable is read.
//
// The bundle's `import.meta.url` is a place in the user's cache folder (set by the build's banner): the
// site's pages are written there when `cudafix site` needs them as files, and served from there.

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { getAsset } from "node:sea";
import { runCli } from "./main.js";
import { DEFAULT_SITE_DIR } from "./cmd-site.js";
import type { KnowledgeBase } from "../core/types.js";

declare const __CUDAFIX_VERSION__: string;
/** The asset keys of the site's files, relative to the site folder (set by the build). */
declare const __CUDAFIX_SITE_FILES__: readonly string[];

const version = __CUDAFIX_VERSION__;

function loadKb(): KnowledgeBase {
  const kb = JSON.parse(getAsset("kb.json", "utf8")) as KnowledgeBase;
  if (kb.schema !== "cudafix.kb/1") throw new Error(`unknown knowledge-base schema ${String(kb.schema)} in this executable`);
  return kb;
}

/** Writes the site's pages into the cache folder (again each time: they are small, and never stale). */
function extractSite(): void {
  for (const rel of __CUDAFIX_SITE_FILES__) {
    const to = join(DEFAULT_SITE_DIR, ...rel.split("/"));
    mkdirSync(dirname(to), { recursive: true, mode: 0o700 });
    writeFileSync(to, new Uint8Array(getAsset(`site/${rel}`)));
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
    process.stdout.write(`${version}\n`);
    return;
  }
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code !== "EPIPE" && e.code !== "ERR_STREAM_DESTROYED") throw e;
    });
  }
  if (argv.find((a) => !a.startsWith("-")) === "site") {
    try {
      extractSite();
    } catch (e) {
      process.stderr.write(`cudafix: cannot write the site's pages to ${DEFAULT_SITE_DIR}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      process.exitCode = 2;
      return;
    }
  }
  process.exitCode = await runCli(argv, {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    loadKb,
    version,
    onSignals: (signals, handler) => {
      const bound = signals.map((sig) => [sig, () => handler(sig)] as const);
      for (const [sig, fn] of bound) process.on(sig, fn);
      return () => {
        for (const [sig, fn] of bound) process.off(sig, fn);
      };
    },
  });
}

void main();
