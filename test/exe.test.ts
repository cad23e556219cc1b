// The single executable (npm run build:exe) on a machine without Node: PATH holds every tool of this
// machine except node (and npm, npx), HOME is empty. It must read a log, run doctor, explain, paste and
// serve the site on its own. Skipped, with one line saying so, when the executable is not built.
import { describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

const root = join(import.meta.dirname, "..");
const exe = join(root, "dist", "exe", process.platform === "win32" ? "cudafix.exe" : "cudafix");
const built = existsSync(exe);
const corpus = join(root, "test", "fixtures", "lab-h200"); // the lab corpus, vendored from ../shared/corpus
if (!built) console.log("test/exe.test.ts: skipped: dist/exe/cudafix is not built (npm run build:exe builds it; .ci/run does)");

/** A PATH with every program of this one except node, npm and npx: links in a temp folder. */
function pathWithoutNode(): string {
  const dir = mkdtempSync(join(tmpdir(), "cudafix-nonode-"));
  const skip = new Set(["node", "nodejs", "npm", "npx", "corepack"]);
  for (const d of (process.env.PATH ?? "").split(delimiter)) {
    if (!d || !existsSync(d)) continue;
    let names: string[] = [];
    try {
      names = readdirSync(d);
    } catch {
      continue;
    }
    for (const n of names) {
      if (skip.has(n) || existsSync(join(dir, n))) continue;
      try {
        symlinkSync(join(d, n), join(dir, n));
      } catch {
        // a name twice on PATH: the first one counts, as for the shell
      }
    }
  }
  return dir;
}

describe.skipIf(!built)("the single executable, with no node on PATH", () => {
  const bin = built ? pathWithoutNode() : "";
  const home = mkdtempSync(join(tmpdir(), "cudafix-home-"));
  const env = { PATH: bin, HOME: home, NO_COLOR: "1", LANG: "C.UTF-8" };
  const exec = (args: string[], more: Record<string, string> = {}) => {
    const r = spawnSync(exe, args, { env: { ...env, ...more }, cwd: home, encoding: "utf8", timeout: 60_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it("really has no node to fall back on", () => {
    expect(spawnSync("sh", ["-c", "command -v node || command -v nodejs"], { env }).status).not.toBe(0);
    expect(spawnSync("sh", ["-c", "command -v ls"], { env }).status).toBe(0);
  });

  it("--version is the package's", () => {
    expect(exec(["--version"]).out.trim()).toBe(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version);
  });

  it("diagnoses a log, as the npm package does, byte for byte", () => {
    const log = join(corpus, "missing-glm.log");
    const r = exec(["--no-verify", log]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("[missing-header]");
    const viaNode = spawnSync(process.execPath, [join(root, "bin", "cudafix.js"), "--no-verify", log], { env: { ...process.env, ...env, PATH: process.env.PATH ?? "" }, encoding: "utf8" });
    expect(r.out).toBe(viaNode.stdout);
    const json = JSON.parse(exec(["--json", "--no-verify", log]).out);
    expect(json).toMatchObject({ schema: "cudafix.report/2", rootCause: { id: "missing-header", line: 10 } });
  });

  it("runs doctor, explain and explain --list", () => {
    const d = exec(["doctor"]);
    expect([0, 1]).toContain(d.code);
    expect(d.out).toMatch(/^This machine/);
    expect(d.err).not.toMatch(/internal error/);
    const e = exec(["explain", "cuda-major-mismatch"]);
    expect(e.code).toBe(0);
    expect(e.out).toContain("[cuda-major-mismatch]");
    expect(exec(["explain", "--list"]).out).toMatch(/^no-kernel-image +fatal/m);
  });

  it("paste reads the clipboard through the platform's tool", () => {
    const tools = mkdtempSync(join(tmpdir(), "cudafix-clip-"));
    writeFileSync(join(tools, "xclip"), `#!/bin/sh\n/bin/cat '${join(corpus, "arch-dropped.log")}'\n`);
    chmodSync(join(tools, "xclip"), 0o755);
    const r = exec(["paste", "--no-verify"], { PATH: `${tools}${delimiter}${bin}`, DISPLAY: ":0" });
    expect(r.code).toBe(1);
    expect(r.out).toContain("[nvcc-unsupported-arch]");
  });

  it("site --serve serves the pages it carries", async () => {
    const child = spawn(exe, ["site", "--serve", "--port", "0"], { env, cwd: home });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (c: Buffer) => {
          out += c.toString();
          const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
          if (m) resolve(m[0]);
        });
        child.once("exit", (code) => reject(new Error(`exited with ${code}`)));
        setTimeout(() => reject(new Error(`no address in ${out}`)), 20_000);
      });
      for (const page of ["index.html", "paste.html", "notes/missing-header.html"]) {
        const res = await fetch(url + page);
        expect(res.status, page).toBe(200);
        expect(await res.text(), page).toContain("<html");
      }
      expect((await fetch(url + "nope.html")).status).toBe(404);
    } finally {
      child.kill();
    }
  });
});
