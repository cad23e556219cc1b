// `npm run site`: content/ → dist/site/. Usage: site [--out DIR] [--content DIR]
import { resolve } from "node:path";
import { compileContent } from "../kb/compile.js";
import { buildSite } from "./build.js";

const args = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const root = process.cwd();
const outDir = resolve(root, opt("--out", "dist/site"));
const contentDir = resolve(root, opt("--content", "content"));
const t0 = performance.now();
const { kb, diagnostics } = compileContent(contentDir);
if (diagnostics.length) {
  for (const d of diagnostics) process.stderr.write(`${d.file}:${d.line}: ${d.message}\n`);
  process.stderr.write(`site: ${diagnostics.length} problem(s) in ${contentDir}; nothing built\n`);
  process.exit(1);
}
const r = await buildSite({ kb, outDir, root });
process.stdout.write(`site: ${r.pages.length} pages, ${(r.bytes / 1024).toFixed(0)} KiB in ${Math.round(performance.now() - t0)} ms → ${outDir}\n`);
