// The README's example is real output: this test re-runs the command it shows and compares byte for byte.
import { expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");

it("the README shows what cudafix really prints for examples/missing-glm.log", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const cmd = "$ node bin/cudafix.js --no-verify examples/missing-glm.log\n";
  const start = readme.indexOf(cmd);
  expect(start).toBeGreaterThan(0);
  const shown = readme.slice(start + cmd.length, readme.indexOf("$ echo $?\n", start));
  const r = spawnSync(process.execPath, ["bin/cudafix.js", "--no-verify", "examples/missing-glm.log"], {
    cwd: root,
    env: { ...process.env, NO_COLOR: "1" },
    encoding: "utf8",
  });
  expect(r.stdout).toBe(shown);
  expect(readme.slice(readme.indexOf("$ echo $?\n", start)).split("\n")[1]).toBe(String(r.status));
});
