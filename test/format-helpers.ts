// Shared by the test/format-*.test.ts files: the built CLI run as a user runs it, from the repo root, with
// an environment that holds nothing of this machine (so snapshots read the same everywhere).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const root = join(import.meta.dirname, "..");
export const bin = join(root, "bin", "cudafix.js");
/** Relative to the repo root, as a CI job names its log: snapshots hold this path, not an absolute one. */
export const corpus = "test/fixtures/lab-h200";
export const formats = join(root, "test", "fixtures", "formats");

export function requireBuild(): void {
  if (!existsSync(join(root, "dist", "kb.json"))) throw new Error("run npm run build first");
}

export function cudafix(args: string[], options: { input?: string | Uint8Array; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    input: options.input ?? "",
    env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", USER: "tester", ...options.env },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 30_000,
  });
  return { code: r.status, out: r.stdout.toString("utf8"), err: r.stderr.toString("utf8") };
}
