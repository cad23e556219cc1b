// `npm run build` writes dist/kb.json from content/; `npm run kb:check` only reports problems.
// Usage: node dist/kb/build-cli.js [--check] [--content DIR] [--out FILE]
// Every check is a pure function of the notes (no clock, no cache): the same content gives the same kb.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { compileContent } from "./compile.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? resolve(args[i + 1]!) : dflt;
};
const contentDir = opt("--content", join(root, "content"));
const out = opt("--out", join(root, "dist", "kb.json"));
const checkOnly = args.includes("--check");

const started = performance.now();
const { kb, diagnostics } = compileContent(contentDir);
for (const d of diagnostics) console.error(`content/${d.file}:${d.line}: ${d.message}`);
if (diagnostics.length) {
  console.error(`kb: ${diagnostics.length} problem(s) in ${contentDir}`);
  process.exit(1);
}
const patterns = kb.notes.flatMap((s) => s.patterns);
const examples = kb.notes.reduce((n, s) => n + s.examples.match.length + s.examples.noMatch.length, 0);
const native = patterns.filter((p) => p.engine === "native").length;
if (!checkOnly) {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(kb));
}
console.error(
  `kb: ${kb.notes.length} notes, ${patterns.length} patterns (${native} native, ${patterns.length - native} on the linear engine), ` +
    `${examples} examples checked in ${Math.round(performance.now() - started)} ms${checkOnly ? "" : ` → ${out}`}`,
);
