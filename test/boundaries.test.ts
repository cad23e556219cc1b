// The core is platform-free: it type-checks with neither Node's nor the DOM's declarations, and it bundles for a
// browser with nothing left to resolve from Node.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { build } from "esbuild";

const root = join(import.meta.dirname, "..");

describe("the core's boundary", () => {
  it("type-checks against web-standard globals only (tsconfig.core.json: no @types/node, no DOM)", () => {
    const r = spawnSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.core.json")], { encoding: "utf8" });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  }, 120_000);

  it("bundles for the browser with no Node built-in in it", async () => {
    const out = await build({
      entryPoints: [join(root, "src", "core", "index.ts")],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      outdir: "out",
      logLevel: "silent",
    });
    expect(out.errors).toEqual([]);
    for (const f of out.outputFiles) expect(f.text, f.path).not.toMatch(/from\s*["']node:|require\(["'](?:node:)?(?:fs|path|child_process|os)["']\)/);
  });
});
