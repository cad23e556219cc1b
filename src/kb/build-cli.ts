// `npm run build` writes dist/kb.json from content/; `npm run kb:check` only reports problems.
// Usage: node dist/kb/build-cli.js [--check] [--content DIR] [--out FILE]
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { compileContent } from "./compile.js";
import { redosChecker } from "./redos.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? resolve(args[i + 1]!) : dflt;
};
const contentDir = opt("--content", join(root, "content"));
const out = opt("--out", join(root, "dist", "kb.json"));
const checkOnly = args.includes("--check");

const started = Date.now();
const redos = redosChecker(join(root, ".cache", "redos.json"));
// First pass without the ReDoS check, only to collect every regex; they are then checked several at a
// time (a second or so each), and the real pass reads the verdicts from the cache.
const sources: { source: string; flags: string }[] = [];
compileContent(contentDir, { redosCheck: (source, flags) => (sources.push({ source, flags }), null) });
await redos.warm(sources);
const { kb, diagnostics } = compileContent(contentDir, { redosCheck: redos.check });
redos.save();
for (const d of diagnostics) console.error(`content/${d.file}:${d.line}: ${d.message}`);
if (diagnostics.length) {
  console.error(`kb: ${diagnostics.length} problem(s) in ${contentDir}`);
  process.exit(1);
}
const patterns = kb.notes.reduce((n, s) => n + s.patterns.length, 0);
const examples = kb.notes.reduce((n, s) => n + s.examples.match.length + s.examples.noMatch.length, 0);
if (!checkOnly) {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(kb));
}
console.error(`kb: ${kb.notes.length} notes, ${patterns} patterns, ${examples} examples checked in ${Date.now() - started} ms${checkOnly ? "" : ` → ${out}`}`);
