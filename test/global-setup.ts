// Vitest's global set-up: builds what the tests read from dist/ (the compiled CLI and core, dist/kb.json,
// the site in dist/site/) when it is missing or older than its sources, so that `npx vitest run` works on
// a fresh clone without `npm run build` first. A build that is up to date costs one walk over the sources.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");

/** The newest modification time under `paths` (files and folders, recursively); 0 when none exists. */
export function newest(paths: readonly string[]): number {
  let t = 0;
  const visit = (p: string): void => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) for (const e of readdirSync(p)) visit(join(p, e));
    else t = Math.max(t, st.mtimeMs);
  };
  for (const p of paths) visit(join(root, p));
  return t;
}

/** Whether `target` is missing or older than the newest of `sources`. */
export function stale(target: string, sources: readonly string[]): boolean {
  const p = join(root, target);
  return !existsSync(p) || statSync(p).mtimeMs < newest(sources);
}

function run(script: string): void {
  const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ["npm"];
  const r = spawnSync(npm[0]!, [...npm.slice(1), "run", script], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`test set-up: npm run ${script} failed (exit ${r.status})`);
}

export default function setup(): void {
  // dist/kb.json is written last by `npm run build` (tsc, then the knowledge base from content/).
  if (stale("dist/kb.json", ["src", "content", "tsconfig.json"])) run("build");
  if (stale("dist/site/index.html", ["src/site", "src/core", "content", "dist/kb.json"])) run("site");
}
