#!/usr/bin/env node
// `npm run build:exe [-- --xz]`: one executable file holding Node, the CLI, the knowledge base and the docs
// site, for machines without Node (dist/exe/cudafix, cudafix.exe on Windows). Node's single-executable
// applications: esbuild bundles src/cli/exe.ts into one CommonJS file, `node --experimental-sea-config`
// makes the blob (with dist/kb.json and dist/site/ as assets), and postject injects it into a copy of
// this very node binary. So the executable is for the OS and CPU it is built on: run the same script on
// Windows or macOS for those (macOS: the signature is removed before and an ad-hoc one added after).
// --xz: also say how big it is compressed with xz (what a download would weigh).
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const work = join(root, ".cache", "exe");
const outDir = join(dist, "exe");
const win = process.platform === "win32";
const exe = join(outDir, win ? "cudafix.exe" : "cudafix");
const t0 = Date.now();

function fail(msg) {
  process.stderr.write(`build:exe: ${msg}\n`);
  process.exit(1);
}
/** Runs a tool quietly: its output is shown only when it fails. */
function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.error) fail(`cannot run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) fail(`${cmd} ${args.join(" ")} exited with ${r.status}\n${r.stdout}${r.stderr}`);
}

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 12)) fail(`Node ${process.versions.node}: single-executable assets need Node 20.12 or later`);
if (!existsSync(join(dist, "kb.json")) || !existsSync(join(dist, "site", "index.html"))) fail("dist/kb.json or dist/site/ is missing: run npm run build && npm run site first");

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
mkdirSync(outDir, { recursive: true });

const files = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
const siteDir = join(dist, "site");
// The pages and their assets (tsc also writes the site builder's own modules into dist/site: not those).
const siteFiles = files(siteDir)
  .map((f) => relative(siteDir, f).split(sep).join("/"))
  .filter((f) => f.endsWith(".html") || f.startsWith("assets/"));
const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;

// The site's pages go to the user's cache folder when `cudafix site` needs them as files.
const banner = `var __cudafix_meta_url = (() => {
  const { join } = require("node:path"), os = require("node:os");
  const base = process.platform === "win32" ? (process.env.LOCALAPPDATA || os.tmpdir())
    : process.env.XDG_CACHE_HOME || (os.homedir() ? join(os.homedir(), ".cache") : os.tmpdir());
  return require("node:url").pathToFileURL(join(base, "cudafix", ${JSON.stringify(`exe-${version}`)}, "cli", "exe.js")).href;
})();`;

await build({
  entryPoints: [join(root, "src", "cli", "exe.ts")],
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  outfile: join(work, "cudafix.cjs"),
  banner: { js: banner },
  define: {
    "import.meta.url": "__cudafix_meta_url",
    __CUDAFIX_VERSION__: JSON.stringify(version),
    __CUDAFIX_SITE_FILES__: JSON.stringify(siteFiles),
  },
  logLevel: "warning",
  legalComments: "none",
});

const assets = { "kb.json": join(dist, "kb.json") };
for (const rel of siteFiles) assets[`site/${rel}`] = join(siteDir, ...rel.split("/"));
writeFileSync(
  join(work, "sea-config.json"),
  JSON.stringify({ main: join(work, "cudafix.cjs"), output: join(work, "sea.blob"), disableExperimentalSEAWarning: true, useSnapshot: false, useCodeCache: false, assets }, null, 2),
);
run(process.execPath, ["--experimental-sea-config", join(work, "sea-config.json")]);

rmSync(exe, { force: true });
copyFileSync(process.execPath, exe);
chmodSync(exe, 0o755);
// Linux: Node's binary often carries its symbols and debug info (13 MB here); the executable needs neither (.dynsym stays).
if (process.platform === "linux" && spawnSync("strip", ["--version"], { stdio: "ignore" }).status === 0) run("strip", [exe]);
if (process.platform === "darwin") run("codesign", ["--remove-signature", exe]);
const postject = join(root, "node_modules", "postject", "dist", "cli.js");
if (!existsSync(postject)) fail("postject is missing: npm install");
run(process.execPath, [
  postject,
  exe,
  "NODE_SEA_BLOB",
  join(work, "sea.blob"),
  "--sentinel-fuse",
  "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2",
  ...(process.platform === "darwin" ? ["--macho-segment-name", "NODE_SEA"] : []),
]);
if (process.platform === "darwin") run("codesign", ["--sign", "-", exe]);

const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
let line = `build:exe: ${relative(root, exe)}: ${mb(statSync(exe).size)}`;
if (process.argv.includes("--xz")) {
  const xz = spawnSync("xz", ["-T1", "-6", "-c", exe], { maxBuffer: 512 * 1024 * 1024 });
  line += xz.status === 0 ? `, ${mb(xz.stdout.length)} with xz -6` : " (xz not found)";
}
process.stdout.write(`${line} (Node ${process.versions.node}, ${process.platform}-${process.arch}) in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
