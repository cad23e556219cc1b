// Search on the docs site, in Chromium from file://: a pasted error line finds its note, `/` focuses
// the box, matches are highlighted, results deep-link to a note's sections; no request leaves the page.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { join } from "node:path";
import { startHarness, network, screenshots, type Harness } from "./harness.js";

let hx: Harness;
beforeAll(async () => {
  hx = await startHarness();
});
afterAll(async () => hx?.close());

async function search(query: string) {
  const { page, requests, errors } = await hx.page();
  await page.goto(hx.url("index.html"));
  await page.keyboard.press("/");
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("q");
  await page.keyboard.insertText(query);
  await page.waitForSelector("#hits li.hit");
  const ids = await page.$$eval("#hits li.hit", (ls) => ls.map((l) => (l as HTMLElement).dataset.id));
  return { page, requests, errors, ids };
}

describe("search", () => {
  it("finds the note of every example line pasted whole (lines that need no neighbours)", async () => {
    const { page, errors } = await search("x");
    const misses: string[] = [];
    for (const n of hx.kb.notes.filter((x) => x.kind === "cause")) {
      for (const ex of n.examples.match.filter((e) => !e.before.length && !e.after.length).slice(0, 2)) {
        const first = await page.evaluate((line) => {
          const q = document.getElementById("q") as HTMLInputElement;
          q.value = line;
          q.dispatchEvent(new Event("input"));
          return (document.querySelector("#hits li.hit") as HTMLElement | null)?.dataset.id ?? null;
        }, ex.line);
        if (first !== n.id) misses.push(`${n.id}: ${ex.line} → ${first}`);
      }
    }
    expect(misses).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("finds a real error line from a log, highlights the matches, and links to the fix", async () => {
    const { page, requests, errors, ids } = await search("nvcc fatal   : Unsupported gpu architecture 'compute_35'");
    expect(ids[0]).toBe("nvcc-unsupported-arch");
    expect(await page.$$eval("#hits li.hit:first-child mark", (ms) => ms.length)).toBeGreaterThan(0);
    const fix = await page.$eval("#hits li.hit:first-child .hit-links [data-href$='#how-to-fix']", (a) => (a as HTMLElement).dataset.href!);
    await page.screenshot({ path: join(screenshots, "search.png") });
    await Promise.all([page.waitForURL(/#how-to-fix$/), page.click("#hits li.hit:first-child .hit-links [data-href$='#how-to-fix']")]);
    expect(fix).toBe("notes/nvcc-unsupported-arch.html#how-to-fix");
    expect(page.url()).toMatch(/\/notes\/nvcc-unsupported-arch\.html#how-to-fix$/);
    expect(await page.evaluate(() => location.hash)).toBe("#how-to-fix");
    expect(await page.$eval("#how-to-fix", (h) => h.textContent)).toBe("How to fix");
    expect(network(requests)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("finds notes for free words, and the arrow keys and Enter open one", async () => {
    const { page, ids } = await search("ninja missing");
    expect(ids).toContain("ninja-missing");
    await page.keyboard.press("ArrowDown");
    await Promise.all([page.waitForURL(/notes\/.+\.html/), page.keyboard.press("Enter")]);
    expect(page.url()).toMatch(/notes\/[a-z0-9-]+\.html/);
  });
});

describe("pages without JavaScript in the way", () => {
  it("note, tree and compatibility pages render and make no request", async () => {
    const { page, requests, errors } = await hx.page();
    await page.goto(hx.url("notes/cuda-major-mismatch.html"));
    expect(await page.textContent("h1")).toContain("CUDA");
    await page.screenshot({ path: join(screenshots, "note.png") });
    await page.goto(hx.url("compat.html"));
    expect(await page.$$eval("table", (t) => t.length)).toBeGreaterThanOrEqual(4);
    await page.screenshot({ path: join(screenshots, "compat.png") });
    const tree = hx.kb.notes.find((n) => n.kind === "tree" && n.tree);
    if (tree) {
      await page.goto(hx.url(`trees/${tree.id}.html`));
      expect(await page.$$eval("svg.tree g.node", (g) => g.length)).toBeGreaterThan(1);
      await page.screenshot({ path: join(screenshots, "tree.png") });
    }
    await page.goto(hx.url("index.html"));
    await page.screenshot({ path: join(screenshots, "index.png") });
    expect(network(requests)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
