// The same answer every time: a report is a pure function of the log and the knowledge base (no clock, no load),
// and the knowledge base is a pure function of content/.
import { describe, expect, it } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileContent } from "../src/kb/compile.js";

const root = join(import.meta.dirname, "..");
const bin = join(root, "bin", "cudafix.js");
const logs = readdirSync(join(root, "test", "corpus-extra"))
  .filter((f) => f.endsWith(".log"))
  .map((f) => join(root, "test", "corpus-extra", f));

/** One run over every log (one report each, in an array). */
function reports(): string {
  const r = spawnSync(process.execPath, [bin, "--json", "--no-verify", ...logs], { env: { ...process.env, NO_COLOR: "1" }, timeout: 120_000 });
  expect(r.status === 0 || r.status === 1, r.stderr?.toString()).toBe(true);
  return r.stdout.toString();
}

describe("determinism", () => {
  it("gives byte-identical JSON reports with two CPU-burning processes beside it", async () => {
    const quiet = reports();
    const burners: ChildProcess[] = [0, 1].map(() => spawn(process.execPath, ["-e", "for(;;){}"], { stdio: "ignore" }));
    try {
      await new Promise((r) => setTimeout(r, 300));
      const busy = reports();
      expect(busy).toEqual(quiet);
    } finally {
      for (const b of burners) b.kill("SIGKILL");
    }
    expect(JSON.parse(quiet)).toHaveLength(logs.length);
  }, 300_000);

  it("compiles content/ to the same bytes every time", () => {
    const a = JSON.stringify(compileContent(join(root, "content")).kb);
    const b = JSON.stringify(compileContent(join(root, "content")).kb);
    expect(b).toBe(a);
    // And the build command writes exactly that file.
    const out = join(mkdtempSync(join(tmpdir(), "cudafix-kb-")), "kb.json");
    const r = spawnSync(process.execPath, [join(root, "dist", "kb", "build-cli.js"), "--out", out], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(a);
  });
});
