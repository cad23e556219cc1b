// The paste page and the CLI agree: for every log of ../shared/corpus/public-threads/ (real logs from
// public threads), the log picked on the page shows the same root cause, line and fix commands as
// `cudafix --json --no-verify` (its fix commands: core/fix.ts on the CLI's own report, the code that
// prints its "What to do").
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Report, Signature } from "../../src/core/types.js";
import { rootFix } from "../../src/core/fix.js";
import { startHarness, root, network, type Harness } from "./harness.js";

const threads = resolve(root, "../shared/corpus/public-threads");
const logs = existsSync(threads) ? readdirSync(threads).filter((f) => f.endsWith(".log")).sort() : [];
if (!logs.length) console.log(`parity: skipped, ${threads} is absent`);

let hx: Harness;
beforeAll(async () => {
  if (logs.length) hx = await startHarness();
});
afterAll(async () => hx?.close());

describe.skipIf(!logs.length)("the page and the CLI on public-thread logs", () => {
  it("show the same root cause, line and fix commands for every log", { timeout: 300_000 }, async () => {
    // One CLI run over every log: a JSON array with the file of each report.
    // (It exits 1 when a log has a fatal line: the output is what counts here.)
    const run = spawnSync(process.execPath, [join(root, "bin/cudafix.js"), "--json", "--no-verify", ...logs.map((f) => join(threads, f))], {
      encoding: "utf8",
      maxBuffer: 256 << 20,
    });
    expect(run.status === 0 || run.status === 1, run.stderr).toBe(true);
    const out = run.stdout;
    const reports = JSON.parse(out) as (Report & { file: string })[];
    expect(reports).toHaveLength(logs.length);
    const notes = new Map<string, Signature>(hx.kb.notes.map((n) => [n.id, n]));
    const { page, requests, errors } = await hx.page();
    await page.goto(hx.url("paste.html"));
    await page.waitForFunction(() => document.body.dataset.worker === "ready");
    const wrong: string[] = [];
    let withCommands = 0;
    for (const r of reports) {
      await page.evaluate(() => (document.body.dataset.state = ""));
      await page.setInputFiles("#file", r.file);
      await page.waitForFunction(() => document.body.dataset.state === "done" || document.body.dataset.state === "error");
      const shown = await page.evaluate(() => ({
        id: document.getElementById("root-cause")?.dataset.root ?? "?",
        line: Number(document.querySelector<HTMLElement>("#answer .where button.linelink")?.dataset.line ?? 0),
        commands: Array.from(document.querySelectorAll("#answer .md.fix pre")).map((p) => p.textContent ?? ""),
      }));
      const fix = rootFix(r, notes);
      const want = { id: r.rootCause?.id ?? "", line: r.rootCause?.line ?? 0, commands: fix?.commands ?? [] };
      const norm = (c: readonly string[]): string[] => c.map((x) => x.replace(/\s+$/, ""));
      if (fix?.commands.length) withCommands++;
      const name = r.file.split("/").pop();
      if (shown.id !== want.id) wrong.push(`${name}: page ${shown.id || "none"}, CLI ${want.id || "none"}`);
      else if (shown.line !== want.line) wrong.push(`${name}: page line ${shown.line}, CLI line ${want.line}`);
      else if (JSON.stringify(norm(shown.commands)) !== JSON.stringify(norm(want.commands))) wrong.push(`${name}: commands differ:\n page ${JSON.stringify(shown.commands)}\n CLI  ${JSON.stringify(want.commands)}`);
    }
    console.log(`parity: ${reports.length} public-thread logs, ${reports.filter((r) => r.rootCause).length} with a root cause, ${withCommands} with fix commands; ${wrong.length} differ`);
    expect(wrong).toEqual([]);
    expect(network(requests)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
