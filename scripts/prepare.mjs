// Run by npm's `dependencies` script: after `npm install` (or `npm ci`) changes node_modules in a clone,
// build what the tests and the CLI need (TypeScript, dist/kb.json, dist/site/). Not `prepare`: npm counts
// that as an install script of the published package and warns every user who installs it, though the
// tarball is built already (`prepack`). `dependencies` does not run for installed packages or in global mode.
import { spawnSync } from "node:child_process";

if (["pack", "publish"].includes(process.env.npm_command ?? "")) process.exit(0);
const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ["npm"];
for (const script of ["build", "site"]) {
  const r = spawnSync(npm[0], [...npm.slice(1), "run", script], { stdio: "inherit", shell: !process.env.npm_execpath && process.platform === "win32" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
