// The site as a person reads it, in Chromium from file://: axe-core on every page type (light and dark),
// the fix on the first screen of a note, dark mode from the system and from the switch, the phone layout,
// the keyboard (Tab reaches every control, Ctrl+Enter analyses, the skip link, the search combobox), and
// tree pages that read as words, not expressions.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { startHarness, pasteLog, screenshots, corpus, type Harness } from "./harness.js";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let hx: Harness;
beforeAll(async () => {
  hx = await startHarness();
});
afterAll(async () => hx?.close());

interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

/** axe-core in the page (through the devtools protocol: the page's CSP allows no injected script). */
async function axe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const r = await page.evaluate(async () => {
    const a = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const res = await a.run(document, { resultTypes: ["violations"] });
    return res.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target })) }));
  });
  return r.filter((v) => v.impact === "serious" || v.impact === "critical");
}

const sample = (): string =>
  existsSync(join(corpus, "gcc-too-new.log"))
    ? readFileSync(join(corpus, "gcc-too-new.log"), "utf8")
    : "running build_ext\n/usr/include/c++/13/bits/std_function.h(530): error: parameter packs not expanded with '...':\nerror: #error -- unsupported GNU version! gcc versions later than 12 are not supported!\n";

describe("accessibility (axe-core)", () => {
  for (const scheme of ["light", "dark"] as const) {
    it(`index, a note, a tree, compat and the paste page with a result have no serious or critical violation (${scheme})`, async () => {
      const { page, errors } = await hx.page();
      await page.emulateMedia({ colorScheme: scheme });
      const tree = hx.kb.notes.find((n) => n.kind === "tree" && n.tree)!;
      const found: string[] = [];
      for (const path of ["index.html", "notes/cuda-major-mismatch.html", `trees/${tree.id}.html`, "compat.html"]) {
        await page.goto(hx.url(path));
        for (const v of await axe(page)) found.push(`${path}: ${v.id} (${v.impact}) ${v.help} ${JSON.stringify(v.nodes.map((n) => n.target))}`);
      }
      await page.goto(hx.url("paste.html"));
      await pasteLog(page, sample());
      await page.screenshot({ path: join(screenshots, `paste-${scheme}.png`) });
      for (const v of await axe(page)) found.push(`paste.html: ${v.id} (${v.impact}) ${v.help} ${JSON.stringify(v.nodes.map((n) => n.target))}`);
      // The search list open, too.
      await page.goto(hx.url("index.html"));
      await page.fill("#q", "undefined symbol");
      await page.waitForSelector("#hits li.hit");
      for (const v of await axe(page)) found.push(`search: ${v.id} (${v.impact}) ${v.help} ${JSON.stringify(v.nodes.map((n) => n.target))}`);
      expect(found).toEqual([]);
      // axe itself tries to fetch the stylesheet, which the page's CSP (connect-src 'none') refuses: not the page's error.
      expect(errors.filter((e) => !/connect-src 'none'/.test(e))).toEqual([]);
    });
  }
});

describe("reading a note", () => {
  it("shows How to fix on the first screen (1280×900), notes are not muted, and result links are readable", async () => {
    const { page } = await hx.page();
    await page.setViewportSize({ width: 1280, height: 900 });
    const misses: string[] = [];
    for (const n of hx.kb.notes.filter((x) => x.kind === "cause")) {
      await page.goto(hx.url(`notes/${n.id}.html`));
      const top = await page.$eval("#how-to-fix", (h) => h.getBoundingClientRect().top);
      if (top > 900) misses.push(`${n.id}: How to fix at ${Math.round(top)} px`);
    }
    expect(misses).toEqual([]);
    await page.goto(hx.url("notes/cuda-major-mismatch.html"));
    const style = await page.$eval("article.note", (a) => ({ color: getComputedStyle(a).color, size: getComputedStyle(a).fontSize }));
    const body = await page.$eval("body", (b) => ({ color: getComputedStyle(b).color, size: getComputedStyle(b).fontSize }));
    expect(style).toEqual(body);
    await page.screenshot({ path: join(screenshots, "note.png") });
    // The "what you see · fix · check" links of a search result: at least 4.5:1 on their background.
    await page.fill("#q", "ninja");
    await page.waitForSelector("#hits li.hit .hit-link");
    const ratio = await page.$eval("#hits li.hit .hit-link", (a) => {
      const rgb = (s: string): number[] => s.match(/[\d.]+/g)!.slice(0, 3).map(Number);
      const lum = (c: number[]): number => {
        const [r, g, b] = c.map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
      };
      let el: Element | null = a;
      let bg = "rgba(0, 0, 0, 0)";
      while (el && /rgba\(.*, 0\)/.test(bg)) {
        bg = getComputedStyle(el).backgroundColor;
        el = el.parentElement;
      }
      const [l1, l2] = [lum(rgb(getComputedStyle(a).color)), lum(rgb(bg))].sort((x, y) => y - x);
      return (l1! + 0.05) / (l2! + 0.05);
    });
    expect(ratio).toBeGreaterThanOrEqual(4.5);
  });

  it("follows the system's dark mode, and the switch overrides it", async () => {
    const { page } = await hx.page();
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto(hx.url("notes/cuda-major-mismatch.html"));
    const bg = (): Promise<string> => page.$eval("html", (b) => getComputedStyle(b).backgroundColor);
    await page.waitForFunction(() => document.getElementById("theme")?.getAttribute("aria-pressed") === "false");
    const light = await bg();
    await page.emulateMedia({ colorScheme: "dark" });
    const dark = await bg();
    expect(dark).not.toBe(light);
    const lum = (s: string): number => s.match(/\d+/g)!.slice(0, 3).map(Number).reduce((a, b) => a + b, 0);
    expect(lum(dark)).toBeLessThan(lum(light));
    // The switch hears the system's change (an event, so wait for it).
    await page.waitForFunction(() => document.getElementById("theme")?.getAttribute("aria-pressed") === "true", null, { timeout: 5000 });
    await page.screenshot({ path: join(screenshots, "note-dark.png") });
    await page.click("#theme");
    expect(await bg()).toBe(light);
    expect(await page.getAttribute("#theme", "aria-pressed")).toBe("false");
  });

  it("wraps the root-cause line on a phone (390×844) instead of cutting it", async () => {
    const { page } = await hx.page();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(hx.url("paste.html"));
    const long = `/home/someone/projects/very/long/path/to/the/extension/csrc/kernels/attention_forward_kernel.cu(42): fatal error: cutlass/numeric_types.h: No such file or directory`;
    await pasteLog(page, `running build_ext\n${long}\ncompilation terminated.\n`);
    const m = await page.$eval("#answer pre.context .hit", (el) => {
      const pre = el.closest("pre")!;
      return { scroll: pre.scrollWidth, client: pre.clientWidth, height: el.getBoundingClientRect().height, doc: document.documentElement.scrollWidth };
    });
    expect(m.scroll).toBeLessThanOrEqual(m.client + 1);
    expect(m.height).toBeGreaterThan(30); // more than one line: it wrapped
    expect(m.doc).toBeLessThanOrEqual(390);
    expect(await page.textContent("#answer pre.context .hit")).toContain("No such file or directory");
    await page.screenshot({ path: join(screenshots, "paste-phone.png"), fullPage: false });
  });
});

describe("keyboard and screen readers", () => {
  it("reaches every control with Tab, Pick a file included, and starts with a skip link", async () => {
    const { page } = await hx.page();
    await page.goto(hx.url("paste.html"));
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.className)).toBe("skip");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
    const reached = new Set<string>();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab");
      const id = await page.evaluate(() => {
        const a = document.activeElement as HTMLElement | null;
        return a?.id || a?.getAttribute("data-probe") || a?.tagName || "";
      });
      reached.add(id);
    }
    for (const id of ["q", "theme", "paste", "file", "analyze", "clear"]) expect([...reached], id).toContain(id);
    // Pick a file: Space on the focused input activates it (the click that opens the chooser). The chooser
    // dialog itself is not waited for: headless Chromium does not always raise it for a synthetic key on a
    // busy machine, while the activation is what the page controls.
    await page.focus("#file");
    await page.evaluate(() => {
      const input = document.getElementById("file")!;
      input.addEventListener("click", (e) => {
        (window as unknown as { activated: boolean }).activated = true;
        e.preventDefault(); // no dialog to leave open
      }, { once: true });
    });
    await page.keyboard.press("Space");
    await page.waitForFunction(() => (window as unknown as { activated?: boolean }).activated === true, undefined, { timeout: 10_000 });
  });

  it("analyses with Ctrl+Enter", async () => {
    const { page } = await hx.page();
    await page.goto(hx.url("paste.html"));
    await page.waitForFunction(() => document.body.dataset.worker === "ready");
    await page.fill("#paste", "nvcc fatal   : Unsupported gpu architecture 'compute_35'\n");
    await page.focus("#paste");
    await page.keyboard.press("Control+Enter");
    await page.waitForFunction(() => document.body.dataset.state === "done");
    expect(await page.$eval("#root-cause", (h) => (h as HTMLElement).dataset.root)).toBe("nvcc-unsupported-arch");
  });

  it("is a combobox with a listbox: arrows move aria-activedescendant, Enter opens, Escape closes", async () => {
    const { page } = await hx.page();
    await page.goto(hx.url("index.html"));
    await page.evaluate(() => {
      const w = window as unknown as { __long: number[] };
      w.__long = [];
      new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__long.push(e.duration))).observe({ type: "longtask" });
    });
    expect(await page.getAttribute("#q", "role")).toBe("combobox");
    expect(await page.getAttribute("#q", "aria-expanded")).toBe("false");
    await page.focus("#q");
    await page.keyboard.insertText("CUDA_HOME not set");
    await page.waitForSelector("#hits [role=option]");
    expect(await page.getAttribute("#hits", "role")).toBe("listbox");
    expect(await page.getAttribute("#q", "aria-expanded")).toBe("true");
    expect(await page.$eval("#hits [role=option]", (o) => (o as HTMLElement).dataset.id)).toBe("cuda-home-missing");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    const active = await page.getAttribute("#q", "aria-activedescendant");
    expect(active).toBe("hit-1");
    expect(await page.getAttribute(`#${active}`, "aria-selected")).toBe("true");
    expect(await page.textContent("#hits-status")).toMatch(/notes found/);
    const longest = await page.evaluate(() => Math.max(0, ...(window as unknown as { __long: number[] }).__long));
    console.log(`search: longest main-thread task from focus to results ${longest.toFixed(0)} ms`);
    expect(longest).toBeLessThan(250);
    await page.keyboard.press("Escape");
    expect(await page.getAttribute("#q", "aria-expanded")).toBe("false");
    await page.keyboard.press("ArrowUp");
    await Promise.all([page.waitForURL(/notes\/.+\.html/), page.keyboard.press("Enter")]);
  });
});

describe("search results", () => {
  it("shows the matched line with whole-word marks, links to its section, and says when nothing is close", async () => {
    const { page } = await hx.page();
    await page.goto(hx.url("index.html"));
    await page.fill("#q", "error: command 'cl.exe' failed: None");
    await page.waitForSelector("#hits li.hit");
    const first = await page.$eval("#hits li.hit", (li) => ({
      id: (li as HTMLElement).dataset.id,
      line: li.querySelector(".hit-snippet")!.textContent,
      href: (li as HTMLElement).dataset.href,
      marks: Array.from(li.querySelectorAll(".hit-snippet mark")).map((m) => m.textContent),
    }));
    expect(first.id).toBe("msvc-env-missing");
    expect(first.line).toContain("cl.exe");
    expect(first.href).toMatch(/notes\/msvc-env-missing\.html#what-you-see$/);
    expect(first.marks).toContain("cl");
    // "set" is not marked inside "setuptools".
    await page.fill("#q", "set setuptools");
    await page.waitForSelector("#hits li.hit");
    const marks = await page.$$eval("#hits mark", (ms) => ms.map((m) => m.textContent!.toLowerCase()));
    expect(marks.every((m) => m === "set" || m === "setuptools")).toBe(true);
    await page.fill("#q", "zebra quantum kittens");
    await page.waitForSelector("#hits li.empty");
    expect(await page.textContent("#hits li.empty")).toMatch(/Nothing close/);
    expect(await page.$$eval("#hits li.hit", (l) => l.length)).toBe(3);
  });
});

describe("tree pages", () => {
  it("read as questions and words, with no raw {{ … }} or ‹…› expression", async () => {
    const { page } = await hx.page();
    const bad: string[] = [];
    for (const t of hx.kb.notes.filter((n) => n.kind === "tree" && n.tree)) {
      await page.goto(hx.url(`trees/${t.id}.html`));
      const text = await page.$eval("main", (m) => m.textContent ?? "");
      for (const m of text.matchAll(/\{\{[^}]*\}\}|‹[^›]*›/g)) bad.push(`${t.id}: ${m[0]}`);
      const questions = await page.$$eval("svg.tree g.node", (gs) =>
        gs.map((g) => Array.from(g.querySelectorAll("text.test")).map((x) => x.textContent ?? "").join(" ").trim()).filter(Boolean));
      if (!questions.length || !questions.every((q) => /\?$/.test(q))) bad.push(`${t.id}: conditions are not questions: ${questions.slice(0, 3).join(" | ")}`);
    }
    expect(bad).toEqual([]);
    const tree = hx.kb.notes.find((n) => n.kind === "tree" && n.tree)!;
    await page.goto(hx.url(`trees/${tree.id}.html`));
    await page.screenshot({ path: join(screenshots, "tree.png") });
  });
});
