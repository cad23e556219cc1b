// `npm install` in a clone builds what the tests and the CLI need (TypeScript, dist/kb.json, dist/site/).
// `npm pack` / `npm publish` run `prepack` for that instead, so the build is not done twice there.
import { spawnSync } from "node:child_process";

if (["pack", "publish"].includes(process.env.npm_command ?? "")) process.exit(0);
const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ["npm"];
for (const script of ["build", "site"]) {
  const r = spawnSync(npm[0], [...npm.slice(1), "run", script], { stdio: "inherit", shell: !process.env.npm_execpath && process.platform === "win32" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
