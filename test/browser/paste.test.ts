// The paste-a-log page in Chromium from file://: every labelled log of the lab corpus shows its root
// cause, findings jump to their lines and back, a hostile log stays text, no request leaves the page,
// and a 20 MB log is answered in under 2 s while the page keeps drawing frames.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { Engine } from "../../src/core/analyze.js";
import { startHarness, network, pasteLog, screenshots, corpus, type Harness } from "./harness.js";

interface Label {
  case: string;
  root_cause: string;
}

let hx: Harness;
beforeAll(async () => {
  hx = await startHarness();
});
afterAll(async () => hx?.close());

const labels: Label[] = existsSync(join(corpus, "labels.jsonl"))
  ? readFileSync(join(corpus, "labels.jsonl"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Label)
  : [];

describe("the lab corpus, pasted", () => {
  it("has logs to paste", () => {
    expect(labels.length).toBeGreaterThan(10);
    expect(readdirSync(corpus).filter((f) => f.endsWith(".log")).length).toBe(labels.length);
  });

  it("shows each log's labelled root cause, the same as the CLI's engine", async () => {
    const engine = new Engine(hx.kb);
    const { page, requests, errors } = await hx.page();
    await page.goto(hx.url("paste.html"));
    const wrong: string[] = [];
    for (const label of labels) {
      const text = readFileSync(join(corpus, `${label.case}.log`), "utf8");
      await pasteLog(page, text);
      const shown = await page.$eval("#root-cause", (h) => (h as HTMLElement).dataset.root || "none");
      const want = label.root_cause === "harmless-only" ? "none" : label.root_cause;
      const cli = engine.analyze(text).rootCause?.id ?? "none";
      if (shown !== want || shown !== cli) wrong.push(`${label.case}: page ${shown}, label ${want}, engine ${cli}`);
      if (label.case === "gcc-too-new") await page.screenshot({ path: join(screenshots, "paste.png") });
    }
    expect(wrong).toEqual([]);
    expect(network(requests)).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe("the paste page", () => {
  it("jumps from a finding to its line, and from the marked line back to the finding", async () => {
    const { page } = await hx.page();
    await page.goto(hx.url("paste.html"));
    await pasteLog(page, readFileSync(join(corpus, "missing-glm.log"), "utf8"));
    const items = await page.$$eval(".finding", (ls) => ls.map((l) => Number((l as HTMLElement).dataset.line)));
    expect(items.length).toBeGreaterThan(0);
    const line = items[items.length - 1]!;
    await page.click(`#f-${line} button.linelink`);
    const row = page.locator(`#L${line}`);
    await row.waitFor();
    expect(await row.getAttribute("class")).toMatch(/\bactive\b/);
    expect(await row.getAttribute("class")).toMatch(/\bmarked\b/);
    expect(await row.isVisible()).toBe(true);
    // The root cause's own line button too.
    const rootLine = await page.$eval("#answer button.linelink", (b) => Number((b as HTMLElement).dataset.line));
    await page.click("#answer button.linelink");
    expect(await page.getAttribute(`#L${rootLine}`, "class")).toMatch(/\bactive\b/);
    // Back: clicking the marked line focuses its finding.
    await page.click(`#L${rootLine}`);
    expect(await page.evaluate(() => document.activeElement?.closest(".finding")?.id)).toBe(`f-${rootLine}`);
  });

  it("shows a hostile log as text and runs none of it", async () => {
    const { page, requests, errors } = await hx.page();
    let dialogs = 0;
    page.on("dialog", (d) => {
      dialogs++;
      void d.dismiss();
    });
    await page.goto(hx.url("paste.html"));
    const hostile = [
      "running build_ext",
      `<script>window.__pwned = 1; alert(1)</script>`,
      `<img src=x onerror="window.__pwned = 2; alert(2)">`,
      `nvcc fatal   : Unsupported gpu architecture 'compute_35<img src=http://example.com/x.png onerror=alert(3)>'`,
      `error: <svg onload=alert(4)> {{constructor.constructor('alert(5)')()}}`,
      "</pre><iframe src=https://example.com></iframe>",
    ].join("\n");
    await pasteLog(page, hostile);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toBe(0);
    expect(await page.$$eval("#result img, #result script, #result iframe, #result svg[onload]", (e) => e.length)).toBe(0);
    expect(await page.textContent("#L2 .txt")).toBe(`<script>window.__pwned = 1; alert(1)</script>`);
    expect(await page.textContent("#L3 .txt")).toBe(`<img src=x onerror="window.__pwned = 2; alert(2)">`);
    expect(await page.textContent("#L4 .txt")).toContain("<img src=http://example.com/x.png");
    expect(await page.textContent("#findings")).toContain("<svg onload=alert(4)>");
    expect(network(requests)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("fills a log's facts into How to fix only when safe, quoted for the block's shell (the one fill)", async () => {
    const { page, errors } = await hx.page();
    await page.goto(hx.url("paste.html"));
    await pasteLog(page, "ImportError: /x/ext.so: undefined symbol: _ZN3c10$(echo>PWNED)\n");
    const hostile = await page.$eval("#answer", (a) => Array.from(a.querySelectorAll("pre code")).map((c) => c.textContent ?? "").join("\n"));
    expect(hostile).toContain("echo '<symbol>' | c++filt");
    expect(hostile).not.toContain("PWNED");
    await pasteLog(page, "ImportError: /x/ext.so: undefined symbol: _ZN3c104cuda9SetDeviceEi\n");
    const ok = await page.$eval("#answer", (a) => Array.from(a.querySelectorAll("pre code")).map((c) => c.textContent ?? "").join("\n"));
    expect(ok).toContain("echo '_ZN3c104cuda9SetDeviceEi' | c++filt");
    expect(errors).toEqual([]);
  });

  it("verifies against pasted nvcc, nvidia-smi and torch output", async () => {
    const { page, errors } = await hx.page();
    await page.goto(hx.url("paste.html"));
    await pasteLog(page, readFileSync(join(corpus, "arch-80-only.run.log"), "utf8"));
    await page.click("#probes summary");
    await page.fill('textarea[data-probe="nvcc"]', "nvcc: NVIDIA (R) Cuda compiler driver\nCuda compilation tools, release 13.0, V13.0.88\n");
    await page.fill('textarea[data-probe="smi"]', "NVIDIA H200, 9.0, 580.159.04\n");
    await page.fill('textarea[data-probe="torch"]', "2.11.0+cu130 13.0 ['sm_75', 'sm_80', 'sm_86', 'sm_90', 'sm_100', 'sm_120'] (9, 0)\n");
    const read = await page.textContent("#verify");
    expect(read).toContain("nvcc=13.0");
    expect(read).toContain("gpuCaps=9.0");
    expect(read).toContain("torch=2.11.0+cu130");
    await page.locator("#probes").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshots, "paste-verify.png") });
    expect(errors).toEqual([]);
  });

  it("answers a 20 MB log in under 2 s and keeps drawing frames meanwhile", async () => {
    const { page, requests, errors } = await hx.page();
    await page.goto(hx.url("paste.html"));
    await page.waitForFunction(() => document.body.dataset.worker === "ready");
    const filler = ["ok.log", "pip-verbose-ok.log", "missing-glm.log"].map((f) => readFileSync(join(corpus, f), "utf8").replace(/^.*fatal error.*$/gm, "note: fine"));
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 20 * 1024 * 1024; i++) {
      const p = filler[i % 2]!;
      parts.push(p);
      size += p.length;
    }
    const tail = readFileSync(join(corpus, "arch-unknown.log"), "utf8");
    const log = Buffer.from(parts.join("") + tail);
    expect(log.length).toBeGreaterThan(20 * 1024 * 1024);
    // Watch the main thread: the gap between animation frames while the log is read.
    await page.evaluate(() => {
      const w = window as unknown as { __gaps: [number, number][]; __t0: number; __t1: number };
      w.__gaps = [];
      document.getElementById("file")!.addEventListener("change", () => (w.__t0 = performance.now()), { capture: true });
      new MutationObserver(() => {
        if (document.body.dataset.state === "done" && !w.__t1) w.__t1 = performance.now();
      }).observe(document.body, { attributes: true });
      let last = performance.now();
      const tick = (now: number): void => {
        w.__gaps.push([now, now - last]);
        last = now;
        if (!w.__t1) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await page.setInputFiles("#file", { name: "huge.log", mimeType: "text/plain", buffer: log });
    await page.waitForFunction(() => document.body.dataset.state === "done", null, { timeout: 20_000 });
    const m = await page.evaluate(() => {
      const w = window as unknown as { __gaps: [number, number][]; __t0: number; __t1: number };
      // Frames that ended after the file reached the page (setInputFiles itself blocks while it copies 20 MB in).
      const during = w.__gaps.filter(([at, gap]) => at - gap >= w.__t0).map(([, gap]) => gap);
      return { timing: document.body.dataset.timing, ms: w.__t1 - w.__t0, maxGap: Math.max(...during), frames: during.length, root: document.getElementById("root-cause")?.dataset.root };
    });
    console.log(`20 MB log (${log.length} bytes): answered in ${m.ms.toFixed(0)} ms; ${m.frames} frames, longest frame gap ${m.maxGap.toFixed(0)} ms (${m.timing})`);
    expect(m.root).toBe("unknown-cuda-arch");
    expect(m.ms).toBeLessThan(2000);
    expect(m.maxGap).toBeLessThan(250);
    // The log view holds only the rows on screen, and the last line is reachable.
    expect(await page.$$eval("#log .row", (r) => r.length)).toBeLessThan(200);
    const lines = await page.$eval("#log .spacer", (s) => (s as HTMLElement).getBoundingClientRect().height / 18);
    expect(lines).toBeGreaterThan(200_000);
    await page.screenshot({ path: join(screenshots, "paste-20mb.png") });
    expect(network(requests)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
